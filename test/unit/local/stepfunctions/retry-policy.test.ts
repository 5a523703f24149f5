import { describe, expect, it } from 'vitest';
import {
  decideRetry,
  errorMatches,
  retryDelayMs,
} from '../../../../local/services/stepfunctions/retry-policy';

describe('Function: errorMatches', () => {
  it('matches by name, States.ALL and States.TaskFailed', () => {
    expect(errorMatches(['PaymentDeclined'], 'PaymentDeclined')).toBe(true);
    expect(errorMatches(['States.ALL'], 'Lambda.ServiceException')).toBe(true);
    expect(errorMatches(['States.TaskFailed'], 'PaymentDeclined')).toBe(true);
    expect(errorMatches(['Other'], 'PaymentDeclined')).toBe(false);
  });

  it('refuses States.Timeout to States.TaskFailed ("any known error name except for States.Timeout")', () => {
    expect(errorMatches(['States.TaskFailed'], 'States.Timeout')).toBe(false);
    expect(errorMatches(['States.ALL'], 'States.Timeout')).toBe(true);
    expect(errorMatches(['States.Timeout'], 'States.Timeout')).toBe(true);
  });

  it('refuses States.Runtime to States.ALL', () => {
    expect(errorMatches(['States.ALL'], 'States.Runtime')).toBe(false);
  });
});

describe('Function: retryDelayMs', () => {
  it('uses the documented defaults: 1 s, then × 2.0', () => {
    expect([1, 2, 3].map((n) => retryDelayMs({ ErrorEquals: ['X'] }, n))).toEqual([
      1000, 2000, 4000,
    ]);
  });

  it('grows IntervalSeconds by BackoffRate and caps it at MaxDelaySeconds', () => {
    const retrier = {
      ErrorEquals: ['X'],
      IntervalSeconds: 3,
      BackoffRate: 1.5,
      MaxDelaySeconds: 6,
    };
    // 3, 4.5, 6.75 → capped at 6
    expect([1, 2, 3].map((n) => retryDelayMs(retrier, n))).toEqual([3000, 4500, 6000]);
  });

  it('waits a random share of the interval with JitterStrategy FULL', () => {
    const retrier = { ErrorEquals: ['X'], IntervalSeconds: 10, JitterStrategy: 'FULL' as const };
    expect(retryDelayMs(retrier, 1, () => 0.25)).toBe(2500);
    expect(retryDelayMs(retrier, 2, () => 0)).toBe(0);
  });
});

describe('Function: decideRetry', () => {
  it('applies the first matching retrier until its MaxAttempts, then fails without trying later ones', () => {
    // Prepare
    const retriers = [
      { ErrorEquals: ['Transient'], MaxAttempts: 2, IntervalSeconds: 1 },
      { ErrorEquals: ['States.ALL'], MaxAttempts: 5 },
    ];
    const attempts = [0, 0];
    // Act
    const decisions = [1, 2, 3].map(() => decideRetry(retriers, attempts, 'Transient'));
    // Assess
    expect(decisions).toEqual([
      { retry: true, retrierIndex: 0, delayMs: 1000 },
      { retry: true, retrierIndex: 0, delayMs: 2000 },
      { retry: false },
    ]);
  });

  it('counts attempts per retrier', () => {
    const retriers = [
      { ErrorEquals: ['A'], MaxAttempts: 1 },
      { ErrorEquals: ['B'], MaxAttempts: 1 },
    ];
    const attempts = [0, 0];
    expect(decideRetry(retriers, attempts, 'A').retry).toBe(true);
    expect(decideRetry(retriers, attempts, 'B').retry).toBe(true);
    expect(decideRetry(retriers, attempts, 'A').retry).toBe(false);
  });

  it('never retries with MaxAttempts 0', () => {
    expect(decideRetry([{ ErrorEquals: ['States.ALL'], MaxAttempts: 0 }], [0], 'X')).toEqual({
      retry: false,
    });
  });
});
