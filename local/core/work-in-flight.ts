/**
 * Counts the cloud's work in flight: work that moves on by itself, without
 * the clock advancing — a poller reading a stream, a batch being processed,
 * an event on its way to a target. Work waiting on a timer is not in flight.
 * `idle()` is the cloud's quiescence check.
 */
export class WorkInFlight {
  readonly #labels = new Map<number, string>();
  #nextId = 1;
  #waiters: (() => void)[] = [];

  /** Pieces of work ever begun: compared across a wait, it tells whether anything happened. */
  get started(): number {
    return this.#nextId - 1;
  }

  /** Number of pieces of work in flight. */
  get size(): number {
    return this.#labels.size;
  }

  /** What is in flight, by label (for a test that waits too long). */
  get labels(): string[] {
    return [...this.#labels.values()];
  }

  /**
   * Marks work in flight until the returned function is called (calling it
   * again does nothing). Work that then waits on the clock must end first
   * and begin again after, or `idle()` (and `ManualClock.advance`) would wait
   * for time that cannot pass.
   */
  begin(label: string): () => void {
    const id = this.#nextId++;
    this.#labels.set(id, label);
    return () => {
      if (!this.#labels.delete(id)) return;
      if (this.#labels.size === 0) {
        const waiters = this.#waiters;
        this.#waiters = [];
        for (const resolve of waiters) resolve();
      }
    };
  }

  /** Marks `work` in flight until it settles; returns it. */
  track<T>(label: string, work: Promise<T>): Promise<T> {
    const end = this.begin(label);
    return work.finally(end);
  }

  /**
   * Resolves when nothing is in flight and stays so while pending callbacks
   * run (ending one piece of work often begins the next on a later turn).
   */
  async idle(): Promise<void> {
    for (;;) {
      while (this.#labels.size > 0) {
        await new Promise<void>((resolve) => this.#waiters.push(resolve));
      }
      await settle();
      if (this.#labels.size === 0) return;
    }
  }
}

/** Lets queued promise callbacks and immediates run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
