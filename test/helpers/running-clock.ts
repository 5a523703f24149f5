import type { ManualClock } from '../../local/core/clock';

/**
 * Runs a manual clock fast: advances it `stepMs` at a time, letting real I/O
 * happen in between, until stopped. Retries and back-offs measured in minutes
 * of cloud time then pass in seconds, without the test sleeping through them.
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

/** Polls `check` (real time) until it returns a value, or fails after `timeoutMs`. */
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
