import * as z from '../zod';

/**
 * The one SKU rule: 1 to 64 letters, digits, dots, underscores or dashes.
 * SKUs become stream ids (`inventory-<sku>`) and URL path segments, so they
 * hold no separator, space, control character or anything that would need
 * escaping; `..` alone is harmless since no SKU contains a `/`.
 */
export const SKU_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * A SKU as every input takes it: the `{sku}` path parameter and the SKUs of
 * order lines. The event schemas keep their wider historical contract
 * (`string`, 1–64 characters): narrowing them is an incompatible change by
 * the project's rules (`findBreakingChanges`: a pattern added), and no
 * upcaster can repair a stored SKU that breaks it. Every producer takes its
 * SKUs from input checked with this schema, so new events satisfy it.
 */
export const SkuSchema = z
  .string()
  .check(z.regex(SKU_PATTERN, 'must be 1 to 64 letters, digits, dots, underscores or dashes'));
