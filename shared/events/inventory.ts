import * as z from '../zod';

/** Stock of a SKU was added. */
export const StockAddedSchema = z.object({
  sku: z.string().check(z.minLength(1), z.maxLength(64)),
  quantity: z.int().check(z.positive()),
});
export type StockAdded = z.infer<typeof StockAddedSchema>;

/** Stock was reserved for an order. */
export const StockReservedSchema = z.object({
  sku: z.string().check(z.minLength(1), z.maxLength(64)),
  orderId: z.string().check(z.minLength(1)),
  quantity: z.int().check(z.positive()),
});
export type StockReserved = z.infer<typeof StockReservedSchema>;

/** A reservation was refused because not enough stock was available. */
export const StockReservationRejectedSchema = z.object({
  sku: z.string().check(z.minLength(1), z.maxLength(64)),
  orderId: z.string().check(z.minLength(1)),
  requested: z.int().check(z.positive()),
  available: z.int().check(z.minimum(0)),
});
export type StockReservationRejected = z.infer<typeof StockReservationRejectedSchema>;

/** A reservation was released (order cancelled or saga compensated). */
export const StockReleasedSchema = z.object({
  sku: z.string().check(z.minLength(1), z.maxLength(64)),
  orderId: z.string().check(z.minLength(1)),
  quantity: z.int().check(z.positive()),
});
export type StockReleased = z.infer<typeof StockReleasedSchema>;
