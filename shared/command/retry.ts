/** How a command handler retries after a version conflict. */
export interface RetryOptions {
  /**
   * Attempts in all, the first included.
   * @default 8
   */
  readonly maxAttempts?: number;
  /** @default 10 ms */
  readonly baseDelayMs?: number;
  /** @default 1000 ms */
  readonly maxDelayMs?: number;
  /** Waits; injectable for tests. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform random in [0, 1); injectable for tests. @default Math.random */
  readonly random?: () => number;
}

export const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * "Full jitter" back-off: a uniform delay between 0 and
 * min(maxDelay, baseDelay × 2^(attempt − 1)), which spreads competing writers
 * apart instead of having them collide again in lock step.
 */
export function backoffDelay(attempt: number, options: RetryOptions = {}): number {
  const base = options.baseDelayMs ?? 10;
  const cap = options.maxDelayMs ?? 1000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
