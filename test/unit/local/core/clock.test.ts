import { describe, expect, it } from 'vitest';
import { IDLE_POLL_TIMER, ManualClock, RealClock } from '../../../../local/core/clock';

describe('Class: ManualClock', () => {
  describe('Method: advance', () => {
    it('fires due timers in due order and moves time to each', async () => {
      // Prepare
      const clock = new ManualClock(1_000);
      const fired: [string, number][] = [];
      clock.setTimer(() => fired.push(['b', clock.now()]), 200);
      clock.setTimer(() => fired.push(['a', clock.now()]), 100);
      clock.setTimer(() => fired.push(['late', clock.now()]), 301);

      // Act
      await clock.advance(300);

      // Assess
      expect(fired).toEqual([
        ['a', 1_100],
        ['b', 1_200],
      ]);
      expect(clock.now()).toBe(1_300);
      expect(clock.pendingTimers).toBe(1);
    });

    it('lets the work a timer starts finish before the next timer fires', async () => {
      // Prepare: a timer starts work that takes several turns of real I/O, then schedules a timer.
      const clock = new ManualClock(0);
      const log: string[] = [];
      clock.setTimer(() => {
        const end = clock.beginWork('slow work');
        void (async () => {
          for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
          log.push(`work done at ${clock.now()}`);
          clock.setTimer(() => log.push(`follow-up at ${clock.now()}`), 50);
          end();
        })();
      }, 100);
      clock.setTimer(() => log.push(`second at ${clock.now()}`), 120);

      // Act
      await clock.advance(200);

      // Assess
      expect(log).toEqual(['work done at 100', 'second at 120', 'follow-up at 150']);
    });

    it('does not wait for work in flight when waitForWork is false', async () => {
      const clock = new ManualClock(0);
      const end = clock.beginWork('waits on the clock');
      let fired = false;
      clock.setTimer(() => {
        fired = true;
        end();
      }, 10);

      await clock.advance(10, { waitForWork: false });

      expect(fired).toBe(true);
      expect(clock.workInFlight).toEqual([]);
    });
  });

  describe('Method: nextTimer', () => {
    it('resolves when a matching timer is scheduled, with its delay and due time', async () => {
      // Prepare
      const clock = new ManualClock(5_000);
      const next = clock.nextTimer((t) => t.delayMs === 3_000);

      // Act
      clock.setTimer(() => {}, 10);
      setImmediate(() => clock.setTimer(() => {}, 3_000));

      // Assess
      await expect(next).resolves.toEqual({ delayMs: 3_000, due: 8_000 });
    });
  });

  describe('Method: idle', () => {
    it('resolves only when every piece of work has ended, timers aside', async () => {
      // Prepare
      const clock = new ManualClock(0);
      clock.setTimer(() => {}, 1_000);
      const endA = clock.beginWork('a');
      let release: () => void = () => {};
      const tracked = clock.trackWork('b', new Promise<void>((r) => (release = r)));
      let idle = false;
      const waiting = clock.idle().then(() => {
        idle = true;
      });

      // Act
      endA();
      await new Promise((r) => setImmediate(r));
      const idleWithOneLeft = idle;
      release();
      await tracked;
      await waiting;

      // Assess
      expect(idleWithOneLeft).toBe(false);
      expect(idle).toBe(true);
      expect(clock.pendingTimers).toBe(1);
      expect(clock.workStarted).toBe(2);
    });

    it('waits for work begun while the earlier work was ending', async () => {
      const clock = new ManualClock(0);
      const end = clock.beginWork('first');
      let secondEnded = false;
      const waiting = clock.idle();

      // The first ends and, on a later turn, a second begins: idle must see the second.
      end();
      setImmediate(() => {
        const endSecond = clock.beginWork('second');
        setImmediate(() => {
          secondEnded = true;
          endSecond();
        });
      });
      await waiting;

      expect(secondEnded).toBe(true);
    });
  });

  describe('Method: advanceUntil', () => {
    it('advances step by step until the condition holds, and returns its value', async () => {
      const clock = new ManualClock(0);
      let ready = false;
      clock.setTimer(() => {
        ready = true;
      }, 1_000);

      const value = await clock.advanceUntil(() => (ready ? clock.now() : undefined), {
        stepMs: 300,
      });

      expect(value).toBe(1_200);
    });

    it('fails naming what it waited for once the limit of clock time has passed', async () => {
      const clock = new ManualClock(0);

      await expect(
        clock.advanceUntil(() => false, { stepMs: 100, limitMs: 1_000, what: 'the message' }),
      ).rejects.toThrow('the message did not hold after 1000 ms of clock time');
      expect(clock.now()).toBe(1_000);
    });
  });
});

/** An idle poll every 200 ms, re-armed each time it fires, as an event source mapping's. */
function idlePolls(clock: ManualClock, fired: [string, number][]): void {
  const poll = () =>
    clock.setTimer(
      () => {
        fired.push(['poll', clock.now()]);
        poll();
      },
      200,
      IDLE_POLL_TIMER,
    );
  poll();
}

describe('Method: ManualClock.advanceToNextTimer', () => {
  it('jumps to the earliest timer the filter does not skip; skipped timers due before it fire right after it, once', async () => {
    // Prepare: an idle poll every 200 ms (re-armed when it fires), and a visibility timeout at 180 s.
    const clock = new ManualClock(0);
    const fired: [string, number][] = [];
    idlePolls(clock, fired);
    clock.setTimer(() => fired.push(['visible', clock.now()]), 180_000);

    // Act
    const moved = await clock.advanceToNextTimer((t) => t.label === IDLE_POLL_TIMER, 600_000);

    // Assess: 900 polls are 1 poll, after the timer that mattered; the re-armed poll waits.
    expect(moved).toBe(180_000);
    expect(clock.now()).toBe(180_000);
    expect(fired).toEqual([
      ['visible', 180_000],
      ['poll', 180_000],
    ]);
    expect(clock.pendingTimers).toBe(1);
  });

  it('does nothing and returns 0 when only skipped timers fall due within the limit', async () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.setTimer(() => fired.push('poll'), 200, IDLE_POLL_TIMER);
    clock.setTimer(() => fired.push('late'), 10_000);

    const moved = await clock.advanceToNextTimer((t) => t.label === IDLE_POLL_TIMER, 5_000);

    expect(moved).toBe(0);
    expect(clock.now()).toBe(0);
    expect(fired).toEqual([]);
  });
});

describe('Method: ManualClock.advanceSkipping', () => {
  it('moves the whole way when no other timer falls due, firing the skipped ones once at the end', async () => {
    // Prepare: an idle poll every 200 ms (re-armed when it fires), nothing else within 5 s.
    const clock = new ManualClock(0);
    const fired: [string, number][] = [];
    idlePolls(clock, fired);
    clock.setTimer(() => fired.push(['late', clock.now()]), 10_000);

    // Act
    const moved = await clock.advanceSkipping((t) => t.label === IDLE_POLL_TIMER, 5_000);

    // Assess: 25 polls are 1, at 5 s; the 10 s timer waits.
    expect(moved).toBe(5_000);
    expect(clock.now()).toBe(5_000);
    expect(fired).toEqual([['poll', 5_000]]);
  });

  it('stops at a timer it does not skip, as advanceToNextTimer does', async () => {
    const clock = new ManualClock(0);
    const fired: [string, number][] = [];
    clock.setTimer(() => fired.push(['poll', clock.now()]), 200, IDLE_POLL_TIMER);
    clock.setTimer(() => fired.push(['retry', clock.now()]), 1_500);

    const moved = await clock.advanceSkipping((t) => t.label === IDLE_POLL_TIMER, 5_000);

    expect(moved).toBe(1_500);
    expect(fired).toEqual([
      ['retry', 1_500],
      ['poll', 1_500],
    ]);
  });
});

describe('Class: RealClock', () => {
  it('counts work in flight like the manual clock', async () => {
    const clock = new RealClock();
    const end = clock.beginWork('x');
    let idle = false;
    const waiting = clock.idle().then(() => {
      idle = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(idle).toBe(false);

    end();
    await waiting;

    expect(idle).toBe(true);
  });
});
