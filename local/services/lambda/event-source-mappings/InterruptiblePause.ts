import type { Clock } from '../../../core/clock';

/**
 * A pause on the cloud's clock that a poller's `stop()` can cut short, so a
 * stopping poller never waits out a poll interval or a back-off. It also
 * keeps the poller's work-in-flight mark: the poller is busy (see
 * `Clock.beginWork`) except while it pauses, so the cloud counts as quiet
 * when every poller waits on the clock.
 */
export class InterruptiblePause {
  readonly #clock: Clock;
  readonly #label: string;
  #wake: (() => void) | undefined;
  #stopped = false;
  #endWork: (() => void) | undefined;

  constructor(clock: Clock, label = 'poller') {
    this.#clock = clock;
    this.#label = label;
  }

  /** Marks the poller busy until the next pause or `idle()`. */
  busy(): void {
    this.#endWork ??= this.#clock.beginWork(this.#label);
  }

  /** Marks the poller not busy. */
  idle(): void {
    this.#endWork?.();
    this.#endWork = undefined;
  }

  /**
   * Waits `ms` of cloud time, not busy meanwhile; resolves at once when
   * stopped. `timerLabel` labels the clock's timer (`IDLE_POLL_TIMER`
   * for a pause after a poll that found nothing).
   */
  async wait(ms: number, timerLabel?: string): Promise<void> {
    const wasBusy = this.#endWork !== undefined;
    this.idle();
    await new Promise<void>((resolve) => {
      if (this.#stopped || ms <= 0) {
        resolve();
        return;
      }
      const timer = this.#clock.setTimer(
        () => {
          this.#wake = undefined;
          resolve();
        },
        ms,
        timerLabel,
      );
      this.#wake = () => {
        this.#clock.clearTimer(timer);
        this.#wake = undefined;
        resolve();
      };
    });
    if (wasBusy && !this.#stopped) this.busy();
  }

  /** Ends the pause in progress and every later one. */
  stop(): void {
    this.#stopped = true;
    this.#wake?.();
    this.idle();
  }

  /** Allows pauses again (after a restart). */
  reset(): void {
    this.#stopped = false;
  }
}
