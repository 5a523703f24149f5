import { settle, WorkInFlight } from './work-in-flight';

/**
 * The cloud's clock. Every service reads time and schedules work through it,
 * so tests can advance time (visibility timeouts, delays, retries, waits,
 * retention, replay windows) without sleeping. It also counts the work in
 * flight (work that moves on without the clock advancing), so a caller can
 * wait until the cloud is quiet instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch, as `Date.now()`. */
  now(): number;
  /**
   * Runs `fn` once after `ms` milliseconds of this clock's time. `label`
   * says what the timer is for (e.g. {@link IDLE_POLL_TIMER}); a manual
   * clock reports it in {@link ScheduledTimer}.
   */
  setTimer(fn: () => void, ms: number, label?: string): TimerHandle;
  clearTimer(handle: TimerHandle): void;
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
  /**
   * Marks work in flight until the returned function is called. End it
   * before waiting on this clock, and begin again after.
   */
  beginWork(label: string): () => void;
  /** Marks `work` in flight until it settles; returns it. */
  trackWork<T>(label: string, work: Promise<T>): Promise<T>;
  /** Resolves when no work is in flight. Timers waiting do not count. */
  idle(): Promise<void>;
  /** Pieces of work ever begun: compared across a wait, it tells whether anything happened. */
  readonly workStarted: number;
}

/**
 * Label of a poller's pause between two polls that found nothing (an event
 * source mapping reading an empty queue or stream). Firing such a timer
 * changes nothing unless something else changed meanwhile, which is what
 * {@link ManualClock.advanceToNextTimer} relies on.
 */
export const IDLE_POLL_TIMER = 'idle poll';

/** An opaque handle to a scheduled timer. */
export interface TimerHandle {
  readonly id: number;
}

/**
 * What every clock shares: sleeping on its own timers, and counting the
 * cloud's work in flight. A clock adds its time and its timers.
 */
abstract class WorkCountingClock implements Clock {
  protected readonly work = new WorkInFlight();

  abstract now(): number;
  abstract setTimer(fn: () => void, ms: number): TimerHandle;
  abstract clearTimer(handle: TimerHandle): void;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(resolve, ms));
  }

  beginWork(label: string): () => void {
    return this.work.begin(label);
  }

  trackWork<T>(label: string, work: Promise<T>): Promise<T> {
    return this.work.track(label, work);
  }

  /** Resolves when no work is in flight: what is left waits for the clock's timers. */
  idle(): Promise<void> {
    return this.work.idle();
  }

  get workStarted(): number {
    return this.work.started;
  }
}

/** Real time: `Date.now()` and Node timers. Used by `npm start`. */
export class RealClock extends WorkCountingClock {
  readonly #timers = new Map<number, NodeJS.Timeout>();
  #nextId = 1;

  now(): number {
    return Date.now();
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    const id = this.#nextId++;
    const timeout = setTimeout(
      () => {
        this.#timers.delete(id);
        fn();
      },
      Math.max(0, ms),
    );
    // Timers must not keep the process alive on shutdown.
    timeout.unref();
    this.#timers.set(id, timeout);
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    const timeout = this.#timers.get(handle.id);
    if (timeout) clearTimeout(timeout);
    this.#timers.delete(handle.id);
  }
}

/** A timer as {@link ManualClock.nextTimer} reports it. */
export interface ScheduledTimer {
  /** The delay it was scheduled with, in ms. */
  readonly delayMs: number;
  /** The clock time it falls due at. */
  readonly due: number;
  /** What it is for, when its owner said. */
  readonly label?: string;
}

interface ManualTimer extends ScheduledTimer {
  readonly id: number;
  readonly fn: () => void;
}

interface TimerWaiter {
  readonly matches: (timer: ScheduledTimer) => boolean;
  readonly resolve: (timer: ScheduledTimer) => void;
}

/** Options of {@link ManualClock.advance}. */
export interface AdvanceOptions {
  /**
   * Let the work a timer starts finish (`idle()`) before the next timer
   * fires, so time never runs ahead of the work. Turn off when work in
   * flight waits on a timer this advance must fire.
   * @default true
   */
  readonly waitForWork?: boolean;
}

/** Options of {@link ManualClock.advanceUntil}. */
export interface AdvanceUntilOptions extends AdvanceOptions {
  /** Clock time per step. @default 250 */
  readonly stepMs?: number;
  /** Clock time after which it gives up and throws. @default 600_000 (10 minutes) */
  readonly limitMs?: number;
  /** Named in the error when the limit is reached. @default 'condition' */
  readonly what?: string;
}

/**
 * Time that moves only when a test advances it. Timers fire in due order;
 * after each, the work it started is let finish (see {@link idle}), so work
 * a timer starts can schedule further timers inside the same advance, and
 * no test needs to sleep real time.
 */
export class ManualClock extends WorkCountingClock {
  #now: number;
  #nextId = 1;
  #timers: ManualTimer[] = [];
  #timerWaiters: TimerWaiter[] = [];

  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    super();
    this.#now = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  setTimer(fn: () => void, ms: number, label?: string): TimerHandle {
    const delayMs = Math.max(0, ms);
    const timer = {
      id: this.#nextId++,
      due: this.#now + delayMs,
      delayMs,
      fn,
      ...(label !== undefined ? { label } : {}),
    };
    this.#timers.push(timer);
    const scheduled = { delayMs, due: timer.due, ...(label !== undefined ? { label } : {}) };
    const waiters = this.#timerWaiters;
    this.#timerWaiters = waiters.filter((w) => !w.matches(scheduled));
    for (const waiter of waiters) if (waiter.matches(scheduled)) waiter.resolve(scheduled);
    return { id: timer.id };
  }

  clearTimer(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle.id);
  }

  /** Labels of the work in flight now. */
  get workInFlight(): string[] {
    return this.work.labels;
  }

  /** Number of timers not yet fired. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /**
   * Resolves when the system next schedules a timer (that `matches`, when
   * given). Call it before the action that schedules the timer, then await
   * it: the test then knows the cloud is waiting on the clock, e.g. a long
   * poll or a function timeout has started, and can advance it.
   */
  nextTimer(matches: (timer: ScheduledTimer) => boolean = () => true): Promise<ScheduledTimer> {
    return new Promise((resolve) => this.#timerWaiters.push({ matches, resolve }));
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due, in order.
   * Unless `waitForWork` is false, the work each timer starts finishes
   * before the next one fires.
   */
  async advance(ms: number, options: AdvanceOptions = {}): Promise<void> {
    const waitForWork = options.waitForWork ?? true;
    const quiet = () => (waitForWork ? this.work.idle() : settle());
    const target = this.#now + ms;
    await quiet();
    for (;;) {
      const next = this.#earliestDue(target);
      if (!next) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = next.due;
      next.fn();
      await quiet();
    }
    this.#now = target;
    await quiet();
  }

  /**
   * Advances `stepMs` at a time until `done` holds, letting the work in
   * flight finish at each step. Throws, naming `what`, once `limitMs` of
   * clock time has passed.
   */
  async advanceUntil<T>(
    done: () => T | undefined | false | Promise<T | undefined | false>,
    options: AdvanceUntilOptions = {},
  ): Promise<T> {
    const stepMs = options.stepMs ?? 250;
    const limit = this.#now + (options.limitMs ?? 600_000);
    for (;;) {
      const value = await done();
      if (value !== undefined && value !== false) return value;
      if (this.#now >= limit)
        throw new Error(
          `${options.what ?? 'condition'} did not hold after ${options.limitMs ?? 600_000} ms of clock time`,
        );
      await this.advance(stepMs, options);
    }
  }

  /**
   * Moves time straight to the earliest timer that `skip` does not match
   * (within `limitMs`) and fires it as {@link advance} does. Timers `skip`
   * matches that fall due before it are moved to that moment and fire right
   * after it, in their order. Meant for timers whose firing changes nothing
   * while nothing else happens — idle polls ({@link IDLE_POLL_TIMER}) when
   * the caller knows every poller has looked since the last change — so a
   * simulation waiting out a 3-minute visibility timeout does not run
   * 900 empty polls per poller. Returns the time moved, or 0 (having done
   * nothing) when no such timer falls due within `limitMs`.
   */
  async advanceToNextTimer(
    skip: (timer: ScheduledTimer) => boolean,
    limitMs: number,
  ): Promise<number> {
    if (!this.#earliestDue(this.#now + limitMs, (t) => !skip(t))) return 0;
    return this.advanceSkipping(skip, limitMs);
  }

  /**
   * As {@link advanceToNextTimer}, but when no timer `skip` does not match
   * falls due within `ms`, moves time by `ms`: the skipped timers due before
   * then fire once, at the end. Returns the time moved.
   */
  async advanceSkipping(skip: (timer: ScheduledTimer) => boolean, ms: number): Promise<number> {
    const next = this.#earliestDue(this.#now + ms, (t) => !skip(t));
    const until = next ? next.due : this.#now + ms;
    this.#timers = this.#timers.map((t) =>
      t !== next && t.due < until && skip(t) ? { ...t, id: this.#nextId++, due: until } : t,
    );
    const moved = until - this.#now;
    await this.advance(moved);
    return moved;
  }

  #earliestDue(
    limit: number,
    matches: (timer: ManualTimer) => boolean = () => true,
  ): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const t of this.#timers) {
      if (!matches(t)) continue;
      if (t.due <= limit && (!best || t.due < best.due || (t.due === best.due && t.id < best.id))) {
        best = t;
      }
    }
    return best;
  }
}
