import type { Clock } from '../../core/clock';

/** Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs `fn` after `ms` of the clock's time, however long (Step Functions
 * waits and timeouts reach a year), by re-arming the clock's timer in spans
 * Node can hold.
 * @returns a function that cancels it
 */
export function setLongTimer(clock: Clock, ms: number, fn: () => void): () => void {
  const due = clock.now() + ms;
  let handle: ReturnType<Clock['setTimer']>;
  const arm = () => {
    const left = due - clock.now();
    handle = clock.setTimer(
      left > MAX_TIMER_MS ? arm : fn,
      Math.min(Math.max(0, left), MAX_TIMER_MS),
    );
  };
  arm();
  return () => clock.clearTimer(handle);
}
