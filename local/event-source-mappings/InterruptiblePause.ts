import type { Clock } from '../core/clock';

/**
 * A pause on the cloud's clock that a poller's `stop()` can cut short, so a
 * stopping poller never waits out a poll interval or a back-off.
 */
export class InterruptiblePause {
  readonly #clock: Clock;
  #wake: (() => void) | undefined;
  #stopped = false;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Waits `ms` of cloud time; resolves at once when stopped. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.#stopped || ms <= 0) {
        resolve();
        return;
      }
      const timer = this.#clock.setTimer(() => {
        this.#wake = undefined;
        resolve();
      }, ms);
      this.#wake = () => {
        this.#clock.clearTimer(timer);
        this.#wake = undefined;
        resolve();
      };
    });
  }

  /** Ends the pause in progress and every later one. */
  stop(): void {
    this.#stopped = true;
    this.#wake?.();
  }

  /** Allows pauses again (after a restart). */
  reset(): void {
    this.#stopped = false;
  }
}
