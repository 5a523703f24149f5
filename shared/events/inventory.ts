import * as z from 'zod';

/** Stock of a SKU was added. */
export const StockAddedSchema = z.object({
  sku: z.string().min(1).max(64),
  quantity: z.int().positive(),
});
export type StockAdded = z.infer<typeof StockAddedSchema>;

/** Stock was reserved for an order. */
export const StockReservedSchema = z.object({
  sku: z.string().min(1).max(64),
  orderId: z.string().min(1),
  quantity: z.int().positive(),
});
export type StockReserved = z.infer<typeof StockReservedSchema>;

/** A reservation was refused because not enough stock was available. */
export const StockReservationRejectedSchema = z.object({
  sku: z.string().min(1).max(64),
  orderId: z.string().min(1),
  requested: z.int().positive(),
  available: z.int().min(0),
});
export type StockReservationRejected = z.infer<typeof StockReservationRejectedSchema>;

/** A reservation was released (order cancelled or saga compensated). */
export const StockReleasedSchema = z.object({
  sku: z.string().min(1).max(64),
  orderId: z.string().min(1),
  quantity: z.int().positive(),
});
export type StockReleased = z.infer<typeof StockReleasedSchema>;
