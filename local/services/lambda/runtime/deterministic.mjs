// Runs inside a Lambda worker thread when the local cloud runs deterministically
// (the simulator): the function's requests to the cloud are scheduled by the
// parent, and its randomness is seeded. Plain JavaScript, like worker-host.mjs,
// which installs it.
//
// Why: with several functions running at once, which request reaches the cloud
// first (two conditional writes to one item, a send racing a receive) depends on
// how the machine's threads happen to run, so one seed gave different runs. The
// parent's scheduler (local/core/scheduler.ts) holds every request and lets one
// through at a time, chosen by its seed, when every thread is at rest — waiting
// on the cloud or idle. For that it must know when this thread is at rest: here
// each request is tagged with this environment's actor name and a sequence
// number, and the thread reports, whenever it comes to rest, the requests it
// still waits on and the messages it has taken from the parent.

import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';

/**
 * Resource types of a thread at rest: its port to the parent, handles
 * closing, and sockets waiting for the cloud's answer (which the scheduler
 * holds). Anything else (an immediate, a timer under 1 ms, a file read, a
 * connection being made) is the code still working.
 */
const AT_REST = new Set(['MessagePort', 'CloseReq', 'TCPSocketWrap']);

/**
 * mulberry32: `seededRandom` of `local/core/seeded-random.ts`, written again
 * here because worker code is plain JavaScript and cannot import TypeScript.
 * The parent derives the seed (`deriveSeed`), so only the generator is here.
 */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Tags this thread's HTTP requests, reports its rest to the parent through
 * `post` (in the headers the parent names), and seeds `Math.random` and `crypto`'s random values with `seed`
 * (the environment's own, derived by the parent from the run's seed and `actor`). Install before virtual time (it keeps the real timers) and
 * before the function's code loads. Returns `message()` and `ended()`, to
 * call when the thread takes an invocation and when it has posted its result.
 */
export function installDeterminism({ actor, seed, actorHeader, sequenceHeader, post }) {
  const real = { setImmediate: globalThis.setImmediate, setTimeout: globalThis.setTimeout };
  const waiting = new Set();
  let nextSeq = 1;
  let messages = 0;
  let checking = false;
  let lastReport = '';
  let running = false;
  let onAnswer;

  // Turns in a row the thread must look at rest before it says so: a continuation
  // a turn or two away (a stream's end, a callback deferred with setImmediate) shows
  // in none of the thread's resources while it waits.
  const STEADY_TURNS = 3;
  let steady = 0;
  const check = () => {
    checking = false;
    // An invocation waiting on no request is still working: it will send one, sleep
    // (a timer of its own) or end — even when nothing shows in the thread's resources
    // yet (a continuation a few turns away).
    const busy =
      !process.getActiveResourcesInfo().every((type) => AT_REST.has(type)) ||
      (running && waiting.size === 0);
    if (busy) {
      steady = 0;
      checking = true;
      real.setTimeout(check, 1).unref();
      return;
    }
    if (++steady < STEADY_TURNS) {
      checking = true;
      real.setImmediate(check);
      return;
    }
    steady = 0;
    const report = { messages, waiting: [...waiting] };
    const text = JSON.stringify(report);
    if (text === lastReport) return;
    lastReport = text;
    post(report);
  };
  const activity = () => {
    if (checking) return;
    checking = true;
    real.setImmediate(check);
  };

  const tag = (original) =>
    function request(...args) {
      const req = original.apply(this, args);
      const seq = nextSeq++;
      waiting.add(seq);
      req.setHeader(actorHeader, actor);
      req.setHeader(sequenceHeader, String(seq));
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        waiting.delete(seq);
        onAnswer?.();
        activity();
      };
      req.once('response', (res) => {
        res.once('end', finish);
        res.once('error', finish);
        res.once('close', finish);
      });
      req.once('error', finish);
      activity();
      return req;
    };
  http.request = tag(http.request);
  https.request = tag(https.request);

  // Seeded randomness: ids the function makes (an order's id, an event's id) are the
  // same in every run of a seed, and so is whatever depends on them (a scan's order).
  const random = seeded(seed);
  const fill = (view) => {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
    return view;
  };
  const randomUUID = () => {
    const b = fill(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = Buffer.from(b).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
  const randomBytes = (size, callback) => {
    const out = fill(Buffer.alloc(size));
    if (typeof callback === 'function') {
      process.nextTick(callback, null, out);
      return undefined;
    }
    return out;
  };
  Math.random = random;
  // (`crypto.getRandomValues` of node:crypto is a fixed getter: Web Crypto's, seeded below.)
  Object.assign(crypto, { randomUUID, randomBytes, randomFillSync: fill });
  for (const name of ['randomUUID', 'getRandomValues'])
    Object.defineProperty(globalThis.crypto, name, {
      value: name === 'randomUUID' ? randomUUID : fill,
      configurable: true,
      writable: true,
    });
  syncBuiltinESMExports();

  return {
    /** A message from the parent was taken: an invocation begins. */
    message() {
      messages++;
      running = true;
      activity();
    },
    /** Calls `listener` each time an answer to one of the thread's requests has been read. */
    onAnswer(listener) {
      onAnswer = listener;
    },
    /** The invocation ended (its result posted). */
    ended() {
      running = false;
      activity();
    },
  };
}
