/** A retrier of a state's `Retry` field (Amazon States Language). */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

/** Defaults AWS documents for a retrier: 1 second, 3 attempts, rate 2.0, no jitter. */
export const RETRIER_DEFAULTS = {
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
} as const;

/**
 * Errors `States.ALL` does not match (AWS: it "can't catch the
 * States.DataLimitExceeded terminal error type and runtime error types").
 */
const NOT_MATCHED_BY_ALL = new Set(['States.DataLimitExceeded', 'States.Runtime']);

/**
 * Whether an `ErrorEquals` list matches an error of a Task state: by name,
 * `States.ALL`, or `States.TaskFailed` ("matches any known error name except
 * for States.Timeout").
 */
export function errorMatches(errorEquals: readonly string[], errorName: string): boolean {
  return errorEquals.some(
    (name) =>
      name === errorName ||
      (name === 'States.ALL' && !NOT_MATCHED_BY_ALL.has(errorName)) ||
      (name === 'States.TaskFailed' &&
        errorName !== 'States.Timeout' &&
        !NOT_MATCHED_BY_ALL.has(errorName)),
  );
}

/** What to do after a failed attempt. */
export type RetryDecision =
  | { readonly retry: false }
  | { readonly retry: true; readonly retrierIndex: number; readonly delayMs: number };

/**
 * Decides whether a failed Task attempt is retried, as Step Functions does:
 * the first retrier whose `ErrorEquals` matches applies; once it has used its
 * `MaxAttempts`, the state fails (later retriers are not consulted). The
 * wait before retry n (1-based) is `IntervalSeconds × BackoffRate^(n-1)`,
 * capped at `MaxDelaySeconds`; `JitterStrategy: FULL` waits a random time
 * between 0 and that.
 * @param attempts retries already made per retrier (updated when retrying)
 * @param random a number in [0, 1) (jitter)
 */
export function decideRetry(
  retriers: readonly Retrier[],
  attempts: number[],
  errorName: string,
  random: () => number = Math.random,
): RetryDecision {
  const index = retriers.findIndex((r) => errorMatches(r.ErrorEquals, errorName));
  const retrier = retriers[index];
  if (!retrier) return { retry: false };
  const made = attempts[index] ?? 0;
  if (made >= (retrier.MaxAttempts ?? RETRIER_DEFAULTS.MaxAttempts)) return { retry: false };
  attempts[index] = made + 1;
  return { retry: true, retrierIndex: index, delayMs: retryDelayMs(retrier, made + 1, random) };
}

/** The wait before retry `n` (1-based) of `retrier`, in milliseconds. */
export function retryDelayMs(retrier: Retrier, n: number, random: () => number = Math.random) {
  const interval = retrier.IntervalSeconds ?? RETRIER_DEFAULTS.IntervalSeconds;
  const rate = retrier.BackoffRate ?? RETRIER_DEFAULTS.BackoffRate;
  let seconds = interval * rate ** (n - 1);
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  const ms = Math.round(seconds * 1000);
  return retrier.JitterStrategy === 'FULL' ? Math.round(random() * ms) : ms;
}
