import * as z from '../zod';

// Field schemas that several event schemas share. A zod schema is immutable,
// so one instance can sit in any number of objects: building each field once
// rather than once per use halves the schemas built when a function loads
// (each costs about 15 µs to build with zod/mini, twice that before V8 has
// compiled zod; `npm run bench:coldstart`). `z.toJSONSchema` writes a reused
// schema in full at each use (its `reused: 'inline'` default), so the
// registered JSON Schemas are the same as with one instance per field.

/** A string of at least one character: ids (`orderId`, `paymentId`, `customerId`). */
export const NonEmptyString = z.string().check(z.minLength(1));

/** A SKU as the events carry it: 1 to 64 characters (see `SkuSchema` for the input rule). */
export const EventSku = z.string().check(z.minLength(1), z.maxLength(64));

/** A count of items: an integer above 0. */
export const PositiveInt = z.int().check(z.positive());

/** Why something was refused or undone: 1 to 500 characters. */
export const Reason = z.string().check(z.minLength(1), z.maxLength(500));
