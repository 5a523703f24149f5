import type { ManualClock } from '../../local/core/clock';

/**
 * Runs a manual clock in the background, in real time, while work outside
 * the cloud runs: a process that polls the cloud in real time (the
 * `eventline` binary in the CLI end-to-end test), which no clock step can
 * wait for. It advances `stepMs` at a time, pausing `pauseMs` of real time in
 * between, as long as one piece of such work runs. Tests wait with
 * `clock.advanceUntil` / `clock.idle()` instead, which sleep no real time.
 */
export class BackgroundClock {
  readonly #clock: ManualClock;
  readonly #stepMs: number;
  readonly #pauseMs: number;
  #users = 0;
  /** The running loop; a new one starts only after it, so two never advance the clock at once. */
  #loop: Promise<void> = Promise.resolve();

  constructor(clock: ManualClock, stepMs: number, pauseMs = 5) {
    this.#clock = clock;
    this.#stepMs = stepMs;
    this.#pauseMs = pauseMs;
  }

  /** Runs the clock until `work` settles (and every other work given meanwhile); returns it. */
  async during<T>(work: Promise<T>): Promise<T> {
    this.#users++;
    if (this.#users === 1) {
      this.#loop = this.#loop.then(async () => {
        while (this.#users > 0) {
          await this.#clock.advance(this.#stepMs);
          await new Promise((resolve) => setTimeout(resolve, this.#pauseMs));
        }
      });
    }
    try {
      return await work;
    } finally {
      this.#users--;
      // The caller goes on with the clock still: no step of this loop may overlap its own.
      if (this.#users === 0) await this.#loop;
    }
  }
}
