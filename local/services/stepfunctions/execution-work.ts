import type { Clock } from '../../core/clock';

/**
 * A running execution's mark of work in flight on the cloud's clock. The
 * execution is busy while the interpreter moves between states and while a
 * state's task runs; it is not busy while every state in progress waits on
 * the clock (a Wait state, a Retry interval), so `clock.idle()` returns then
 * and a manual clock's `advance` fires the timer the execution waits for.
 * Parallel branches and Map iterations run states side by side: the
 * execution is busy as long as one of them is not waiting.
 */
export class ExecutionWork {
  readonly #clock: Clock;
  readonly #label: string;
  /** States whose handler is in progress. */
  #states = 0;
  /** Of those, the ones waiting on the clock. */
  #waiting = 0;
  #finished = false;
  #end: (() => void) | undefined;

  constructor(clock: Clock, label: string) {
    this.#clock = clock;
    this.#label = label;
    this.#update();
  }

  /** Runs one state's handler, counted as in progress until it settles. */
  async state<T>(run: () => Promise<T>): Promise<T> {
    this.#states++;
    this.#update();
    try {
      return await run();
    } finally {
      this.#states--;
      this.#update();
    }
  }

  /** Waits for `waiting` (a sleep on the clock) with this state not busy meanwhile. */
  async onClock<T>(waiting: Promise<T>): Promise<T> {
    this.#waiting++;
    this.#update();
    try {
      return await waiting;
    } finally {
      this.#waiting--;
      this.#update();
    }
  }

  /** Ends the mark for good: the execution has closed. */
  finish(): void {
    this.#finished = true;
    this.#update();
  }

  #update(): void {
    // No state in progress: the interpreter is between states (or starting), which is work.
    const busy = !this.#finished && (this.#states === 0 || this.#waiting < this.#states);
    if (busy) this.#end ??= this.#clock.beginWork(this.#label);
    else {
      this.#end?.();
      this.#end = undefined;
    }
  }
}
