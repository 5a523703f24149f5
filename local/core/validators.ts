/**
 * Range checks every local service shares. The limits come from the
 * service's constants and the messages are built from them, so a limit is
 * written once.
 */

/** An inclusive range; either end may be open. */
export interface Range {
  readonly min?: number;
  readonly max?: number;
}

/** How a service words a refusal of `value` for `field` (its own error and text). */
export type RangeRefusal = (field: string, value: unknown, range: Range) => Error;

/** `from 1 to 900`, `of 0 or more`, `of at most 10`: the range in words. */
export function describeRange(range: Range): string {
  if (range.min !== undefined && range.max !== undefined)
    return `from ${range.min} to ${range.max}`;
  if (range.min !== undefined) return `of ${range.min} or more`;
  if (range.max !== undefined) return `of at most ${range.max}`;
  return 'of any value';
}

/** Whether `value` is an integer within `range`. */
export function isIntegerInRange(value: unknown, range: Range): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    (range.min === undefined || value >= range.min) &&
    (range.max === undefined || value <= range.max)
  );
}

/**
 * The local cloud's own refusal (an option of its API, not a request on the
 * wire): `RangeError: timeoutSeconds must be an integer from 1 to 900, got 0`.
 */
export const rangeError: RangeRefusal = (field, value, range) =>
  new RangeError(`${field} must be an integer ${describeRange(range)}, got ${show(value)}`);

/**
 * `value` when it is an integer within `range`.
 * @param refuse the error for anything else; a service passes its own wording
 *   (`SqsErrors.outOfRange`), the cloud's options take the default
 * @throws what `refuse` builds, {@link rangeError} by default
 */
export function requireIntegerInRange(
  field: string,
  value: unknown,
  range: Range,
  refuse: RangeRefusal = rangeError,
): number {
  if (!isIntegerInRange(value, range)) throw refuse(field, value, range);
  return value;
}

/** Like {@link requireIntegerInRange} for an optional value: undefined (or null) passes as undefined. */
export function optionalIntegerInRange(
  field: string,
  value: unknown,
  range: Range,
  refuse: RangeRefusal = rangeError,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  return requireIntegerInRange(field, value, range, refuse);
}

/** `value` when it is a finite number within `range` (rates, fractions). */
export function requireNumberInRange(
  field: string,
  value: unknown,
  range: Range,
  refuse: RangeRefusal = (f, v, r) =>
    new RangeError(`${f} must be a number ${describeRange(r)}, got ${show(v)}`),
): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (range.min !== undefined && value < range.min) ||
    (range.max !== undefined && value > range.max)
  )
    throw refuse(field, value, range);
  return value;
}

function show(value: unknown): string {
  return typeof value === 'number' || value === undefined ? String(value) : JSON.stringify(value);
}

/**
 * AWS's wording when a JSON-protocol request breaks its API model
 * (EventBridge, Step Functions): `1 validation error detected: Value '5000'
 * at 'maxResults' failed to satisfy constraint: Member must have value between
 * 0 and 1000`. Without a value argument the value is not shown (`Value at
 * 'input'`, as AWS writes it of large members); undefined and null show as `null`.
 */
export function modelConstraintMessage(
  path: string,
  rule: string,
  ...value: [unknown] | []
): string {
  const shown =
    value.length === 0
      ? ''
      : value[0] === undefined || value[0] === null
        ? ' null'
        : ` '${String(value[0])}'`;
  return `1 validation error detected: Value${shown} at '${path}' failed to satisfy constraint: ${rule}`;
}
