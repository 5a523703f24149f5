import { EmailAddress, freeText, OrderLineInput } from '../../shared/http';
import * as z from '../../shared/zod';

/** Largest total an order may reach, in minor units: beyond it sums are not exact. */
const MAX_TOTAL = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Body of `POST /orders`. Besides each field's rule: every line is in the
 * first line's currency, and no line (quantity × unit amount) nor the running
 * total goes over 2^53 − 1 minor units, the largest integer a JSON number
 * holds exactly. Both are refused naming the request's own field
 * (`/lines/2/unitPrice/currency`, `/lines/3/quantity`), before any event is
 * built.
 */
export const PlaceOrderBody = z
  .object({
    customerId: freeText(128),
    customerEmail: z.optional(EmailAddress),
    lines: z.array(OrderLineInput).check(z.minLength(1), z.maxLength(100)),
  })
  .check(
    z.superRefine((body, ctx) => {
      const currency = body.lines[0]?.unitPrice.currency;
      let total = 0n;
      body.lines.forEach((line, i) => {
        if (line.unitPrice.currency !== currency) {
          ctx.addIssue({
            code: 'custom',
            path: ['lines', i, 'unitPrice', 'currency'],
            message: `must be ${currency} like line 0, got ${line.unitPrice.currency}: an order is in one currency`,
          });
        }
        // BigInt: the product of two safe integers may not be one, and must be shown exactly.
        const amount = BigInt(line.quantity) * BigInt(line.unitPrice.amount);
        total += amount;
        if (amount > MAX_TOTAL) {
          ctx.addIssue({
            code: 'custom',
            path: ['lines', i, 'quantity'],
            message: `quantity × unitPrice.amount is ${amount}, over the limit of ${MAX_TOTAL} minor units`,
          });
        } else if (total > MAX_TOTAL) {
          ctx.addIssue({
            code: 'custom',
            path: ['lines', i, 'quantity'],
            message: `brings the order total to ${total}, over the limit of ${MAX_TOTAL} minor units`,
          });
        }
      });
    }),
  );
export type PlaceOrderBody = z.infer<typeof PlaceOrderBody>;
