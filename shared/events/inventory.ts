import * as z from '../zod';
import { EventSku, NonEmptyString, PositiveInt } from './fields';

/** Stock of a SKU was added. */
export const StockAddedSchema = z.object({
  sku: EventSku,
  quantity: PositiveInt,
});
export type StockAdded = z.infer<typeof StockAddedSchema>;

/** Stock was reserved for an order. */
export const StockReservedSchema = z.object({
  sku: EventSku,
  orderId: NonEmptyString,
  quantity: PositiveInt,
});
export type StockReserved = z.infer<typeof StockReservedSchema>;

/** A reservation was refused because not enough stock was available. */
export const StockReservationRejectedSchema = z.object({
  sku: EventSku,
  orderId: NonEmptyString,
  requested: PositiveInt,
  available: z.int().check(z.minimum(0)),
});
export type StockReservationRejected = z.infer<typeof StockReservationRejectedSchema>;

/** A reservation was released (order cancelled or saga compensated). */
export const StockReleasedSchema = z.object({
  sku: EventSku,
  orderId: NonEmptyString,
  quantity: PositiveInt,
});
export type StockReleased = z.infer<typeof StockReleasedSchema>;
