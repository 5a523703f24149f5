import * as z from 'zod';
import { MoneySchema } from './money';

/** One line of an order. */
export const OrderLineSchema = z.object({
  sku: z.string().min(1).max(64),
  quantity: z.int().positive(),
  unitPrice: MoneySchema,
});
export type OrderLine = z.infer<typeof OrderLineSchema>;

/** An order was placed. schemaVersion 2 (v1 carried `total` as a bare number of cents in EUR). */
export const OrderPlacedSchema = z.object({
  orderId: z.string().min(1),
  customerId: z.string().min(1),
  lines: z.array(OrderLineSchema).min(1),
  total: MoneySchema,
});
export type OrderPlaced = z.infer<typeof OrderPlacedSchema>;

/** A placed order was confirmed (stock reserved and payment authorized). */
export const OrderConfirmedSchema = z.object({
  orderId: z.string().min(1),
});
export type OrderConfirmed = z.infer<typeof OrderConfirmedSchema>;

/** An order was cancelled. */
export const OrderCancelledSchema = z.object({
  orderId: z.string().min(1),
  reason: z.string().min(1).max(500),
});
export type OrderCancelled = z.infer<typeof OrderCancelledSchema>;
