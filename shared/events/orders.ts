import * as z from '../zod';
import { EventSku, NonEmptyString, PositiveInt, Reason } from './fields';
import { MoneySchema } from './money';

/** One line of an order. */
export const OrderLineSchema = z.object({
  sku: EventSku,
  quantity: PositiveInt,
  unitPrice: MoneySchema,
});
export type OrderLine = z.infer<typeof OrderLineSchema>;

/**
 * A customer's email address: zod's practical pattern, at most 254
 * characters (the longest address SMTP carries, RFC 5321 §4.5.3.1.3 with
 * RFC 3696 errata 1690).
 */
export const CustomerEmailSchema = z
  // The error given to z.email() would answer every issue; keep it for the format.
  .email({
    error: (issue) => (issue.code === 'invalid_format' ? 'must be an email address' : undefined),
  })
  .check(z.maxLength(254, 'must be at most 254 characters'));

/**
 * An order was placed. schemaVersion 2 (v1 carried `total` as a bare number
 * of cents in EUR). `customerEmail` was added later as an optional field:
 * the compatibility check judges an added optional property compatible
 * (stored events lack it, which is what optional means), so it stays
 * schemaVersion 2 with no upcaster.
 */
export const OrderPlacedSchema = z.object({
  orderId: NonEmptyString,
  customerId: NonEmptyString,
  customerEmail: z.optional(CustomerEmailSchema),
  lines: z.array(OrderLineSchema).check(z.minLength(1)),
  total: MoneySchema,
});
export type OrderPlaced = z.infer<typeof OrderPlacedSchema>;

/** A placed order was confirmed (stock reserved and payment authorized). */
export const OrderConfirmedSchema = z.object({
  orderId: NonEmptyString,
});
export type OrderConfirmed = z.infer<typeof OrderConfirmedSchema>;

/** An order was cancelled. */
export const OrderCancelledSchema = z.object({
  orderId: NonEmptyString,
  reason: Reason,
});
export type OrderCancelled = z.infer<typeof OrderCancelledSchema>;
