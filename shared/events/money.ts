import * as z from '../zod';

/** An amount in minor units (cents) and an ISO 4217 currency code. */
export const MoneySchema = z.object({
  amount: z.int().check(z.minimum(0)),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')),
});
export type Money = z.infer<typeof MoneySchema>;
