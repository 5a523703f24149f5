import type { ManualClock } from '../../local/core/clock';

/**
 * Polls `check` (real time) until it returns a value, or fails after
 * `timeoutMs`. Only for a cloud on the real clock; on a `ManualClock`, use
 * `clock.advanceUntil`, which lets the work in flight finish at each step
 * instead of sleeping.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Runs a manual clock fast in the background: advances it `stepMs` at a time,
 * pausing `pauseMs` of real time in between, until stopped. Kept for the
 * consumers end-to-end test, which waits with `eventually` while the clock
 * runs; new tests use `clock.advanceUntil` instead, which sleeps no real time.
 */
export function runClock(clock: ManualClock, stepMs = 250, pauseMs = 5): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    while (running) {
      await clock.advance(stepMs);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}
