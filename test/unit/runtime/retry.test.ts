import { describe, expect, it } from 'vitest';
import { backoff, backoffDelay, retryOptionIssues } from '../../../shared/runtime/retry';

const defaults = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 2000 };

describe('Function: retryOptionIssues', () => {
  it('names each bad field under the given path, with its value', () => {
    const issues = retryOptionIssues({ maxAttempts: 0, baseDelayMs: -1, maxDelayMs: Number.NaN });

    expect(issues).toEqual([
      { path: 'retry.maxAttempts', message: 'must be an integer ≥ 1, got 0' },
      { path: 'retry.baseDelayMs', message: 'must be a finite number ≥ 0, got -1' },
      { path: 'retry.maxDelayMs', message: 'must be a finite number ≥ 0, got NaN' },
    ]);
  });

  it('finds nothing wrong with no options or good ones', () => {
    expect(retryOptionIssues(undefined)).toEqual([]);
    expect(retryOptionIssues({ maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 })).toEqual([]);
  });
});

describe('Function: backoffDelay', () => {
  it("falls back on the caller's defaults: ceiling 100 ms doubling, capped at 2 s", () => {
    const nearlyOne = { random: () => 0.999_999 };

    // Expected ceilings: 100 × 2^(n−1), capped at 2000 (written out, not computed by the code).
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, nearlyOne, defaults))).toEqual([
      99, 199, 399, 799, 1599, 1999,
    ]);
  });

  it('draws 0 for a draw of 0 (full jitter reaches the bottom of the range)', () => {
    expect(backoffDelay(3, { random: () => 0 }, defaults)).toBe(0);
  });
});

describe('Function: backoff', () => {
  it("waits the drawn delay with the options' sleep", async () => {
    const waited: number[] = [];

    await backoff(2, { random: () => 0.5, sleep: async (ms) => void waited.push(ms) }, defaults);

    expect(waited).toEqual([100]);
  });
});
