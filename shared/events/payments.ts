import * as z from '../zod';
import { MoneySchema } from './money';

/** A payment for an order was authorized. */
export const PaymentAuthorizedSchema = z.object({
  paymentId: z.string().check(z.minLength(1)),
  orderId: z.string().check(z.minLength(1)),
  amount: MoneySchema,
});
export type PaymentAuthorized = z.infer<typeof PaymentAuthorizedSchema>;

/** A payment for an order was declined. */
export const PaymentDeclinedSchema = z.object({
  paymentId: z.string().check(z.minLength(1)),
  orderId: z.string().check(z.minLength(1)),
  amount: MoneySchema,
  reason: z.string().check(z.minLength(1), z.maxLength(500)),
});
export type PaymentDeclined = z.infer<typeof PaymentDeclinedSchema>;

/** An authorized payment was refunded, in part or in full. */
export const PaymentRefundedSchema = z.object({
  paymentId: z.string().check(z.minLength(1)),
  orderId: z.string().check(z.minLength(1)),
  amount: MoneySchema,
});
export type PaymentRefunded = z.infer<typeof PaymentRefundedSchema>;
