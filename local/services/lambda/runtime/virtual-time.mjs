// Runs inside a Lambda worker thread on a manual clock: the function's code
// reads the cloud's time, and its timers take none of it. Plain JavaScript,
// like worker-host.mjs, which installs it.
//
// Why: on a manual clock the cloud's time moves only when a test (or the
// simulator) advances it, and a running handler takes none of it — it is
// work in flight, which the clock waits for. Left alone, the handler would
// still read the machine's time (`Date.now()` months away from the cloud's)
// and its sleeps (the AWS SDK's back-off after a throttle, our own retry
// loops) would take real time while the whole cloud waits. So here:
// - `Date` reads the cloud's time at the invocation's start, all through
//   the invocation: as its computation takes no cloud time, neither do its
//   sleeps, so what the function dates (an event's `occurredAt`) is never
//   later than what runs after it elsewhere in the cloud;
// - `setTimeout`/`setInterval` of 1 ms or more become virtual timers. One
//   fires, earliest first, only when the code has nothing else to wait for
//   (no socket, file or immediate of its own active): a sleep takes no real
//   time. The invocation's own elapsed time (what
//   `getRemainingTimeInMillis()` counts) moves to the timer's due time;
// - a sleep that would end past the invocation's deadline is a timeout:
//   Lambda would have stopped the function there.

import { syncBuiltinESMExports } from 'node:module';
import timers from 'node:timers';
import timersPromises from 'node:timers/promises';

/** Resource types that do not keep the code busy: the port to the parent, handles closing. */
const IGNORED_RESOURCES = new Set(['MessagePort', 'CloseReq']);

/** Turns in a row the code must be idle before a timer fires. */
const STEADY_TURNS = 3;

/** Longest pause between two looks while the code waits on a socket or a file. */
const MAX_BACKOFF_MS = 16;

/** Virtual timer ids: far above the ids Node gives its own timers. */
let nextId = 2 ** 40;

/**
 * Installs the function's time in this thread, starting at `start` (the
 * cloud's time when the environment was created); returns its controls.
 */
export function installVirtualTime(start) {
  const RealDate = Date;
  const real = {
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
    setInterval: globalThis.setInterval,
    clearInterval: globalThis.clearInterval,
    setImmediate: globalThis.setImmediate,
  };
  const pending = new Map();
  // What `Date` reads: the cloud's time at the invocation's start.
  let clockNow = start;
  // The timers' timeline: the invocation's start plus the time its sleeps took.
  let now = start;
  let invocation;
  let checking = false;
  let steady = 0;
  let backoff = 1;
  /** The real timer of the next look while the code waits on a socket. */
  let later;

  class VirtualTimeout {
    constructor(id) {
      this.id = id;
    }
    ref() {
      return this;
    }
    unref() {
      return this;
    }
    hasRef() {
      return true;
    }
    refresh() {
      const timer = pending.get(this.id);
      if (timer) timer.due = now + timer.delay;
      return this;
    }
    close() {
      pending.delete(this.id);
      return this;
    }
    [Symbol.toPrimitive]() {
      return this.id;
    }
  }

  const schedule = (fn, delay, args, repeat) => {
    const id = nextId++;
    pending.set(id, { id, fn, args, delay, due: now + delay, repeat });
    kick();
    return new VirtualTimeout(id);
  };
  const virtualDelay = (ms) => {
    const delay = Number(ms);
    return delay >= 1 && Number.isFinite(delay) ? Math.floor(delay) : undefined;
  };
  const clear = (realClear) => (handle) => {
    const id = handle instanceof VirtualTimeout ? handle.id : handle;
    if (typeof id === 'number' && pending.delete(id)) return;
    realClear(handle);
  };

  const setTimeout = (fn, ms, ...args) => {
    const delay = virtualDelay(ms);
    if (delay === undefined || typeof fn !== 'function') return real.setTimeout(fn, ms, ...args);
    return schedule(fn, delay, args, false);
  };
  const setInterval = (fn, ms, ...args) => {
    const delay = virtualDelay(ms);
    if (delay === undefined || typeof fn !== 'function') return real.setInterval(fn, ms, ...args);
    return schedule(fn, delay, args, true);
  };
  const clearTimeout = clear(real.clearTimeout);
  const clearInterval = clear(real.clearInterval);
  const realSleep = timersPromises.setTimeout;
  const sleep = (ms, value, options) => {
    const delay = virtualDelay(ms);
    if (delay === undefined) return realSleep(ms, value, options);
    return new Promise((resolve, reject) => {
      const signal = options?.signal;
      if (signal?.aborted) return reject(signal.reason);
      const handle = schedule(() => resolve(value), delay, [], false);
      signal?.addEventListener('abort', () => {
        clearTimeout(handle);
        reject(signal.reason);
      });
    });
  };

  Object.assign(globalThis, { setTimeout, clearTimeout, setInterval, clearInterval });
  Object.assign(timers, { setTimeout, clearTimeout, setInterval, clearInterval });
  timersPromises.setTimeout = sleep;
  syncBuiltinESMExports();

  // `Date` reads the cloud's time: `new Date()` and `Date.now()`, nothing else.
  globalThis.Date = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length === 0 ? [clockNow] : args, newTarget);
    },
    apply() {
      return new RealDate(clockNow).toString();
    },
    get(target, property, receiver) {
      if (property === 'now') return () => clockNow;
      return Reflect.get(target, property, receiver);
    },
  });

  /** True when the code waits on nothing but virtual timers. */
  const idle = () => process.getActiveResourcesInfo().every((type) => IGNORED_RESOURCES.has(type));

  function kick() {
    if (checking || !invocation || pending.size === 0) return;
    checking = true;
    real.setImmediate(check);
  }

  function check() {
    checking = false;
    later = undefined;
    if (!invocation || pending.size === 0) return;
    if (!idle()) {
      // Waiting on a socket or a file: look again shortly (a real, unref'd timer,
      // so it does not count as the code's own work), less often the longer it
      // waits — an answer the cloud holds back (a deterministic run) can take a
      // while, and `wake()` looks at once when one arrives.
      steady = 0;
      checking = true;
      later = real.setTimeout(check, backoff).unref();
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      return;
    }
    backoff = 1;
    // Idle for a few turns in a row: a continuation a turn or two away (an answer
    // just read, a callback deferred with setImmediate) runs before any timer, as it
    // would in real time, whenever this check happens to look.
    if (++steady < STEADY_TURNS) {
      checking = true;
      real.setImmediate(check);
      return;
    }
    steady = 0;
    let next;
    for (const timer of pending.values())
      if (!next || timer.due < next.due || (timer.due === next.due && timer.id < next.id))
        next = timer;
    if (next.due > invocation.deadline) {
      const ended = invocation;
      invocation = undefined;
      ended.onDeadline();
      return;
    }
    now = Math.max(now, next.due);
    if (next.repeat) next.due = now + next.delay;
    else pending.delete(next.id);
    try {
      next.fn(...next.args);
    } finally {
      kick();
    }
  }

  return {
    /**
     * Something the code waited on has happened (an answer arrived): look at
     * the timers again at once instead of after the back-off.
     */
    wake() {
      backoff = 1;
      if (later) {
        real.clearTimeout(later);
        later = undefined;
        checking = false;
      }
      kick();
    },
    /** The invocation's timeline: its start plus the time its sleeps took. */
    now: () => now,
    /**
     * An invocation begins at the cloud's `cloudNow` and must end within
     * `timeoutMs`; `onDeadline` is called once if the code then waits only
     * on a timer due after that. Returns the deadline.
     */
    begin(cloudNow, timeoutMs, onDeadline) {
      clockNow = Math.max(clockNow, cloudNow);
      now = Math.max(now, cloudNow);
      invocation = { deadline: now + timeoutMs, onDeadline };
      kick();
      return invocation.deadline;
    },
    /** The invocation ended: timers left wait, frozen, for the next one. */
    end() {
      invocation = undefined;
    },
  };
}
