import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../cli/errors';
import { Output } from '../../../cli/output';
import { confirmPlan, parseTime, parseWholeNumber, rateLimiter } from '../../../cli/safety';

const silent = () => {
  const text = { stdout: '', stderr: '' };
  const out = new Output(true, {
    stdout: {
      write: (t: string) => {
        text.stdout += t;
        return true;
      },
    } as unknown as NodeJS.WritableStream,
    stderr: {
      write: (t: string) => {
        text.stderr += t;
        return true;
      },
    } as unknown as NodeJS.WritableStream,
  });
  return { out, text };
};

describe('Function: parseTime', () => {
  const now = () => Date.UTC(2026, 10, 27, 12, 0, 0);

  it('reads ISO 8601, now, and spans ago', () => {
    const parse = parseTime('--from', now);
    expect(parse('2026-11-27T10:00:00Z').toISOString()).toBe('2026-11-27T10:00:00.000Z');
    expect(parse('now').toISOString()).toBe('2026-11-27T12:00:00.000Z');
    expect(parse('90s').toISOString()).toBe('2026-11-27T11:58:30.000Z');
    expect(parse('2h').toISOString()).toBe('2026-11-27T10:00:00.000Z');
    expect(parse('7d').toISOString()).toBe('2026-11-20T12:00:00.000Z');
  });

  it('refuses anything else, naming the option and the value', () => {
    const parse = parseTime('--to', now);
    for (const bad of ['yesterday', '2h ago', '27/11/2026', '2026-13-45T00:00:00Z']) {
      expect(() => parse(bad)).toThrow(
        new RegExp(`^--to must be .*got '${bad.replace('/', '\\/')}'`),
      );
    }
  });
});

describe('Function: parseWholeNumber', () => {
  it('refuses fractions, signs and values out of range', () => {
    const parse = parseWholeNumber('--rate', 1, 500);
    expect(parse('500')).toBe(500);
    for (const bad of ['0', '501', '1.5', '-3', 'ten', '']) {
      expect(() => parse(bad)).toThrow(UsageError);
    }
  });
});

describe('Function: confirmPlan', () => {
  const plan = { action: 'redrive x', count: 150, details: { to: 'q' } };

  it('refuses above the threshold without --yes, and goes on with it', () => {
    const { out } = silent();
    expect(() => confirmPlan(out, plan, { threshold: 100 })).toThrow(
      'redrive x would touch 150 items, more than 100: add --yes',
    );
    expect(confirmPlan(out, plan, { threshold: 100, yes: true })).toBe(true);
    expect(confirmPlan(out, { ...plan, count: 100 }, { threshold: 100 })).toBe(true);
  });

  it('refuses side effects without --yes whatever the count', () => {
    const { out } = silent();
    expect(() =>
      confirmPlan(
        out,
        { ...plan, count: 1 },
        { threshold: 100, alwaysAsk: 'reaches rules with side effects' },
      ),
    ).toThrow(UsageError);
  });

  it('writes the plan as the result of a dry run and does nothing', () => {
    const { out, text } = silent();
    expect(confirmPlan(out, plan, { threshold: 100, dryRun: true })).toBe(false);
    expect(JSON.parse(text.stdout)).toEqual({
      dryRun: true,
      action: 'redrive x',
      count: 150,
      to: 'q',
    });
  });
});

describe('Function: rateLimiter', () => {
  it('holds each batch back until the units before it fit in the rate', async () => {
    // Prepare: a clock that only the waits move.
    let now = 0;
    const waits: number[] = [];
    const limiter = rateLimiter(
      10,
      () => now,
      async (ms) => {
        waits.push(ms);
        now += ms;
      },
    );

    // Act: 10 units, then 5, then 5 at 10 a second.
    await limiter.take(10);
    await limiter.take(5);
    await limiter.take(5);

    // Assess: the second batch starts at 1 s, the third at 1.5 s.
    expect(waits).toEqual([1000, 500]);
  });

  it('never waits without a rate', async () => {
    const waits: number[] = [];
    const limiter = rateLimiter(
      undefined,
      () => 0,
      async (ms) => waits.push(ms),
    );
    await limiter.take(1000);
    await limiter.take(1000);
    expect(waits).toEqual([]);
  });
});
