import { PatternLimits } from './constants';

const SCALE = 10 ** PatternLimits.NUMERIC_DECIMALS;

/**
 * The number as EventBridge compares it: an integer count of millionths,
 * because "numeric matching … is limited to values between -5.0e9 and +5.0e9
 * inclusive, with 15 digits of precision, or six digits to the right of the
 * decimal point". ±5e9 millionths stay below 2^53, so the integer is exact.
 * `undefined` for numbers outside that range, which numeric matching cannot
 * compare.
 */
export function comparableNumber(n: number): number | undefined {
  if (!Number.isFinite(n) || Math.abs(n) > PatternLimits.NUMERIC_MAX) return undefined;
  return Math.round(n * SCALE);
}

/**
 * Equality of a pattern number and an event number. Numbers are compared by
 * value, not text: AWS matches `[300]` to an event's `300.0` and `[3.0e2]` to
 * `300` (observed on TestEventPattern; the older guide's "300, 300.0, and
 * 3.0e2 are not considered equal" no longer describes the service).
 */
export function numbersEqual(expected: number, actual: number): boolean {
  const a = comparableNumber(expected);
  const b = comparableNumber(actual);
  return a !== undefined && b !== undefined ? a === b : expected === actual;
}
