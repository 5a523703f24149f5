import * as z from '../../zod';
import { NonEmptyString } from '../fields';
import { OrderLineSchema } from '../orders';

/**
 * `OrderPlaced` data as written at schemaVersion 1: `total` was a bare
 * integer number of cents, always in EUR. Kept to document the history and to
 * test the v1 → v2 upcaster with real v1 data.
 */
export const OrderPlacedV1Schema = z.object({
  orderId: NonEmptyString,
  customerId: NonEmptyString,
  lines: z.array(OrderLineSchema).check(z.minLength(1)),
  total: z.int().check(z.minimum(0)),
});
export type OrderPlacedV1 = z.infer<typeof OrderPlacedV1Schema>;

/** v1 → v2: `total` becomes Money; v1 totals were EUR by definition. */
export function upcastOrderPlacedV1(data: unknown): unknown {
  const v1 = OrderPlacedV1Schema.parse(data);
  return { ...v1, total: { amount: v1.total, currency: 'EUR' } };
}
