import * as z from '../zod';
import { NonEmptyString, Reason } from './fields';
import { MoneySchema } from './money';

/** A payment for an order was authorized. */
export const PaymentAuthorizedSchema = z.object({
  paymentId: NonEmptyString,
  orderId: NonEmptyString,
  amount: MoneySchema,
});
export type PaymentAuthorized = z.infer<typeof PaymentAuthorizedSchema>;

/** A payment for an order was declined. */
export const PaymentDeclinedSchema = z.object({
  paymentId: NonEmptyString,
  orderId: NonEmptyString,
  amount: MoneySchema,
  reason: Reason,
});
export type PaymentDeclined = z.infer<typeof PaymentDeclinedSchema>;

/** An authorized payment was refunded, in part or in full. */
export const PaymentRefundedSchema = z.object({
  paymentId: NonEmptyString,
  orderId: NonEmptyString,
  amount: MoneySchema,
});
export type PaymentRefunded = z.infer<typeof PaymentRefundedSchema>;
