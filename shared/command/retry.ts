import { ValidationError, type ValidationIssue } from '../errors';

/** How a command handler retries after a version conflict. */
export interface RetryOptions {
  /**
   * Attempts in all, the first included; 1 means no retry.
   * @default 8
   */
  readonly maxAttempts?: number;
  /**
   * Ceiling of the first back-off; it doubles each retry up to `maxDelayMs`.
   * @default 10 ms
   */
  readonly baseDelayMs?: number;
  /** @default 1000 ms */
  readonly maxDelayMs?: number;
  /** Waits; injectable for tests. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform random in [0, 1); injectable for tests. @default Math.random */
  readonly random?: () => number;
}

export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_BASE_DELAY_MS = 10;
export const DEFAULT_MAX_DELAY_MS = 1000;

/**
 * Checks retry options eagerly, so a bad value fails the first command rather
 * than surfacing as a strange delay under contention.
 * @throws ValidationError naming each bad field and its value.
 */
export function validateRetryOptions(options: RetryOptions = {}): void {
  const issues: ValidationIssue[] = [];
  const { maxAttempts, baseDelayMs, maxDelayMs } = options;
  if (maxAttempts !== undefined && (!Number.isInteger(maxAttempts) || maxAttempts < 1)) {
    issues.push({
      path: 'retry.maxAttempts',
      message: `must be an integer ≥ 1, got ${maxAttempts}`,
    });
  }
  for (const [path, value] of [
    ['retry.baseDelayMs', baseDelayMs],
    ['retry.maxDelayMs', maxDelayMs],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      issues.push({ path, message: `must be a finite number ≥ 0, got ${value}` });
    }
  }
  if (issues.length > 0) throw new ValidationError('command handler options', issues);
}

/**
 * "Full jitter" back-off before retry number `attempt` (1 = after the first
 * attempt failed): a uniform delay in [0, min(maxDelay, baseDelay × 2^(attempt − 1))),
 * which spreads competing writers apart instead of having them collide again
 * in lock step.
 */
export function backoffDelay(attempt: number, options: RetryOptions = {}): number {
  const base = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const cap = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
