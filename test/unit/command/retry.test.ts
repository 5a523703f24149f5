import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
  validateRetryOptions,
} from '../../../shared/command';
import { ValidationError } from '../../../shared/errors';

describe('Function: backoffDelay', () => {
  it.each([
    [1, 10],
    [2, 20],
    [3, 40],
    [4, 80],
    [5, 100],
    [12, 100],
  ])('before retry %i draws below min(maxDelay, base × 2^(n−1)) = %i', (attempt, ceiling) => {
    const options = { baseDelayMs: 10, maxDelayMs: 100 };

    const lowest = backoffDelay(attempt, { ...options, random: () => 0 });
    const highest = backoffDelay(attempt, { ...options, random: () => 0.999_999 });

    expect(lowest).toBe(0);
    expect(highest).toBe(ceiling - 1);
  });

  it('stays within the bounds for any draw of Math.random', () => {
    for (let attempt = 1; attempt <= 20; attempt++) {
      const ceiling = Math.min(DEFAULT_MAX_DELAY_MS, DEFAULT_BASE_DELAY_MS * 2 ** (attempt - 1));
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelay(attempt);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it('spreads the delay across the whole range (full jitter, not a fixed step)', () => {
    const delays = [0, 0.25, 0.5, 0.75].map((r) =>
      backoffDelay(3, { baseDelayMs: 10, maxDelayMs: 1000, random: () => r }),
    );

    expect(delays).toEqual([0, 10, 20, 30]);
  });
});

describe('Function: validateRetryOptions', () => {
  it('accepts no options and sensible ones', () => {
    expect(() => validateRetryOptions()).not.toThrow();
    expect(() =>
      validateRetryOptions({ maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 }),
    ).not.toThrow();
  });

  it.each([
    ['maxAttempts 0', { maxAttempts: 0 }, 'retry.maxAttempts'],
    ['maxAttempts 2.5', { maxAttempts: 2.5 }, 'retry.maxAttempts'],
    ['a negative base delay', { baseDelayMs: -1 }, 'retry.baseDelayMs'],
    ['an infinite max delay', { maxDelayMs: Number.POSITIVE_INFINITY }, 'retry.maxDelayMs'],
  ])('throws ValidationError naming the field and value for %s', (_l, options, path) => {
    const error = (() => {
      try {
        validateRetryOptions(options);
      } catch (e) {
        return e;
      }
    })();

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual([path]);
    expect((error as Error).message).toContain(String(Object.values(options)[0]));
  });
});
