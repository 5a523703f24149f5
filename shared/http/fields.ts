import { CustomerEmailSchema } from '../events/orders';
import { SkuSchema } from '../events/sku';
import * as z from '../zod';

/**
 * ISO 4217 currency codes in use, as the runtime's ICU data lists them
 * (`Intl.supportedValuesOf('currency')`, 162 codes on Node.js 24): withdrawn
 * codes (DEM) and the testing/no-currency codes (XTS, XXX) are not in it.
 */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** True for a control character (Unicode category Cc: C0, DEL, C1). */
const CONTROL = /\p{Cc}/u;

/**
 * A free-text field (`customerId`, `reason`): 1 to `max` characters, no
 * control characters and no lone surrogates (which UTF-8 cannot encode, so a
 * log line or a DynamoDB string would carry a replacement character instead).
 */
export function freeText(max: number) {
  return z.string().check(
    z.minLength(1),
    z.maxLength(max),
    z.refine((s) => !CONTROL.test(s), {
      error: (issue) =>
        `must not contain control characters, got ${JSON.stringify(issue.input).slice(0, 80)}`,
    }),
    z.refine((s) => s.isWellFormed(), { error: 'must not contain lone UTF-16 surrogates' }),
  );
}

/** A currency code checked against ISO 4217, naming the value refused. */
export const CurrencyCode = z.string().check(
  z.refine((c) => CURRENCIES.has(c), {
    error: (issue) =>
      `must be an ISO 4217 currency code such as EUR, got ${JSON.stringify(issue.input)}`,
  }),
);

/** Money as requests take it: minor units and an ISO 4217 code. */
export const MoneyInput = z.object({ amount: z.int().check(z.minimum(0)), currency: CurrencyCode });

/** One order line as `POST /orders` takes it. */
export const OrderLineInput = z.object({
  sku: SkuSchema,
  quantity: z.int().check(z.positive()),
  unitPrice: MoneyInput,
});

/** An email address: the rule `OrderPlaced.customerEmail` holds (at most 254 characters). */
export const EmailAddress = CustomerEmailSchema;

/**
 * An order id: a UUID, case-insensitive on input and lower-cased here — the
 * one rule for every route, since stream ids are case-sensitive and
 * `POST /orders` makes lower-case ids (RFC 9562 §4: UUIDs are output in
 * lower case and compared case-insensitively).
 */
export const OrderIdParameter = z.pipe(
  z.uuid('must be a UUID'),
  z.transform((id: string) => id.toLowerCase()),
);

/** A SKU path parameter: the one SKU rule. */
export const SkuParameter = SkuSchema;

/**
 * A query parameter holding a decimal integer: digits only, no sign, no
 * leading zero, no `0x`, exponent, space or empty value (which `Number()`
 * would all accept), from `min` to `max`.
 */
export function decimalInteger(min: number, max: number) {
  return z.pipe(
    z.pipe(
      z
        .string()
        .check(z.regex(/^(0|[1-9][0-9]{0,15})$/, 'must be a decimal integer (digits only)')),
      z.transform(Number),
    ),
    z.int().check(z.minimum(min), z.maximum(max)),
  );
}
