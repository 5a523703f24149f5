import type { ValidationIssue } from '../errors';

/**
 * How an operation retries: attempts in all, and "full jitter" exponential
 * back-off between them. One module for every retry loop of the project (the
 * command handler on a version conflict, the outbox publisher on failed
 * PutEvents entries, the DynamoDB event store on a lost race), so they
 * validate and wait alike.
 */
export interface RetryOptions {
  /** Attempts in all, the first included; 1 means no retry. */
  readonly maxAttempts?: number;
  /** Ceiling of the first back-off; it doubles each retry up to `maxDelayMs`. */
  readonly baseDelayMs?: number;
  /** Largest back-off ceiling. */
  readonly maxDelayMs?: number;
  /** Waits; injectable for tests. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform random in [0, 1); injectable for tests. @default Math.random */
  readonly random?: () => number;
}

/** The values a user of this module falls back on for options not given. */
export interface RetryDefaults {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * The problems of retry options, each naming the field (under `path`) and
 * the value, for the caller's own `ValidationError`; empty when they are
 * good. Checked eagerly, so a bad value fails at construction rather than
 * surfacing as a strange delay under contention.
 */
export function retryOptionIssues(
  options: RetryOptions | undefined,
  path = 'retry',
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { maxAttempts, baseDelayMs, maxDelayMs } = options ?? {};
  if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && maxAttempts >= 1)) {
    issues.push({
      path: `${path}.maxAttempts`,
      message: `must be an integer ≥ 1, got ${maxAttempts}`,
    });
  }
  for (const [field, value] of [
    ['baseDelayMs', baseDelayMs],
    ['maxDelayMs', maxDelayMs],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      issues.push({
        path: `${path}.${field}`,
        message: `must be a finite number ≥ 0, got ${value}`,
      });
    }
  }
  return issues;
}

/**
 * "Full jitter" back-off before retry number `attempt` (1 = after the first
 * attempt failed): a uniform delay in
 * [0, min(maxDelay, baseDelay × 2^(attempt − 1))), which spreads competing
 * callers apart instead of having them collide again in lock step (AWS
 * Architecture Blog, "Exponential Backoff And Jitter").
 */
export function backoffDelay(
  attempt: number,
  options: RetryOptions | undefined,
  defaults: RetryDefaults,
): number {
  const base = options?.baseDelayMs ?? defaults.baseDelayMs;
  const cap = options?.maxDelayMs ?? defaults.maxDelayMs;
  const ceiling = Math.min(cap, base * 2 ** Math.min(Math.max(0, attempt - 1), 30));
  return Math.floor((options?.random ?? Math.random)() * ceiling);
}

/** Waits the back-off before retry number `attempt`, with the options' `sleep`. */
export async function backoff(
  attempt: number,
  options: RetryOptions | undefined,
  defaults: RetryDefaults,
): Promise<void> {
  await (options?.sleep ?? realSleep)(backoffDelay(attempt, options, defaults));
}

/** Attempts in all, from the options or the defaults. */
export function maxAttempts(options: RetryOptions | undefined, defaults: RetryDefaults): number {
  return options?.maxAttempts ?? defaults.maxAttempts;
}

/** Real time: `setTimeout`. */
export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
