import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../../local/core/clock';
import { ManualClock } from '../../../../local/core/clock';
import { setLongTimer } from '../../../../local/services/stepfunctions/long-timer';

const DAY = 86_400_000;

describe('Function: setLongTimer', () => {
  it('fires after a span longer than a Node timer holds, never arming more than 2^31-1 ms', async () => {
    // Prepare
    const clock = new ManualClock();
    const armed: number[] = [];
    const recording: Clock = {
      now: () => clock.now(),
      setTimer: (fn, ms) => {
        armed.push(ms);
        return clock.setTimer(fn, ms);
      },
      clearTimer: (h) => clock.clearTimer(h),
      sleep: (ms) => clock.sleep(ms),
      beginWork: (label) => clock.beginWork(label),
      trackWork: (label, work) => clock.trackWork(label, work),
      idle: () => clock.idle(),
      get workStarted() {
        return clock.workStarted;
      },
    };
    let fired = 0;
    // Act
    setLongTimer(recording, 60 * DAY, () => fired++);
    await clock.advance(60 * DAY - 1);
    const early = fired;
    await clock.advance(1);
    // Assess
    expect(early).toBe(0);
    expect(fired).toBe(1);
    expect(Math.max(...armed)).toBeLessThanOrEqual(2 ** 31 - 1);
    expect(armed.length).toBeGreaterThan(1);
  });

  it('is cancelled by the function it returns', async () => {
    const clock = new ManualClock();
    let fired = 0;
    const cancel = setLongTimer(clock, 1_000, () => fired++);
    cancel();
    await clock.advance(2_000);
    expect(fired).toBe(0);
  });
});
