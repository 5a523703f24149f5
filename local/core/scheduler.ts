import type { IncomingMessage } from 'node:http';
import { seededRandom } from './seeded-random';
import type { CloudLogger } from './service';
import { settle } from './work-in-flight';

/** Header naming who sent a request to the endpoint (an actor of the scheduler). */
export const ACTOR_HEADER = 'x-local-actor';
/** Header carrying a request's sequence number within its actor. */
export const SEQUENCE_HEADER = 'x-local-seq';
/** The actor name of requests the cloud's own process sends (pollers, the simulator). */
export const MAIN_ACTOR = 'main';

/** Who sent a request to one of the cloud's servers, and its number within that sender. */
export interface SchedulerTag {
  readonly actor: string;
  readonly seq: number;
}

/** The tag of a request whose sender tagged it for the scheduler, else undefined. */
export function schedulerTag(req: IncomingMessage): SchedulerTag | undefined {
  const actor = req.headers[ACTOR_HEADER];
  const seq = Number(req.headers[SEQUENCE_HEADER]);
  return typeof actor === 'string' && Number.isInteger(seq) ? { actor, seq } : undefined;
}

/** What a worker thread reports when it comes to rest (see `deterministic.mjs`). */
export interface RestReport {
  /** Messages it has taken from the parent (invocations). */
  readonly messages: number;
  /** Its requests still waiting for an answer, by sequence number. */
  readonly waiting: readonly number[];
}

export interface DeterministicSchedulerOptions {
  /** Chooses which held request goes next. */
  readonly seed: number;
  readonly logger: CloudLogger;
  /**
   * Real time after which, when the threads do not come to rest, a request
   * is let through anyway (and counted in {@link DeterministicScheduler.forced}):
   * a thread that never reports must slow a run, not hang it.
   * @default 2000
   */
  readonly forceAfterMs?: number;
  /**
   * Told of each request let through, in order, with the requests still
   * held: a run's schedule, to compare two runs of a seed.
   * @default - nobody
   */
  readonly onGrant?: (granted: ScheduledRequest, stillHeld: readonly ScheduledRequest[]) => void;
}

/** A request as the scheduler's `onGrant` listener sees it. */
export interface ScheduledRequest {
  readonly actor: string;
  readonly seq: number;
  /** What it asks (`DynamoDB_20120810.PutItem`, `POST /orders`). */
  readonly label: string;
}

interface Held extends ScheduledRequest {
  readonly grant: () => void;
}

interface Actor {
  /** Requests arrived and not yet answered. */
  readonly outstanding: Set<number>;
  /** Messages the parent posted to it (workers). */
  posted: number;
  /** Its latest report (workers); main's is live. */
  report: RestReport;
}

/**
 * Makes a run of the local cloud a function of its seed. Lambda functions
 * run in worker threads and the cloud's pollers in its own thread, all
 * talking to the one endpoint; left alone, the order in which their
 * requests arrive (and so which of two conditional writes wins, or whether
 * a receive sees a send) follows the machine's thread scheduling.
 *
 * The scheduler holds every tagged request the endpoint receives and lets
 * one through only when every actor is at rest: each worker has reported
 * (after taking every message posted to it) that it waits on nothing but
 * requests the endpoint holds or is answering, every request this process
 * sent has arrived and every answer sent to it has been read, no request is
 * being forwarded to DynamoDB Local, and the process's own pending work has
 * run. Then the held requests are sorted by actor and sequence number and
 * one is drawn with the seeded generator. So the same seed gives the same
 * order of every request — and different seeds explore different
 * interleavings, as FoundationDB's simulator does with its tasks.
 *
 * The cost: requests go one at a time, so a run uses about one core.
 */
export class DeterministicScheduler {
  /** The run's seed: the order of requests, and the seed of every environment's randomness. */
  readonly seed: number;
  readonly #random: () => number;
  readonly #logger: CloudLogger;
  readonly #forceAfterMs: number;
  readonly #onGrant: DeterministicSchedulerOptions['onGrant'];
  readonly #actors = new Map<string, Actor>();
  readonly #held: Held[] = [];
  /** Main's requests sent and not yet answered-and-read. */
  readonly #mainWaiting = new Set<number>();
  #nextMainSeq = 1;
  #io = 0;
  #pumping = false;
  #closed = false;
  #changed: (() => void) | undefined;
  #granted = 0;
  #forced = 0;

  constructor(options: DeterministicSchedulerOptions) {
    this.seed = options.seed;
    this.#random = seededRandom(options.seed);
    this.#logger = options.logger;
    this.#forceAfterMs = options.forceAfterMs ?? 2000;
    this.#onGrant = options.onGrant;
    this.#actors.set(MAIN_ACTOR, this.#newActor());
  }

  /** Requests let through in the seeded order. */
  get granted(): number {
    return this.#granted;
  }

  /** Requests let through although some actor did not come to rest in time. */
  get forced(): number {
    return this.#forced;
  }

  /** A worker thread starts: its reports count from now. */
  addWorker(actor: string): void {
    this.#actors.set(actor, this.#newActor());
  }

  /** A worker thread ended: it waits on nothing any more. */
  removeWorker(actor: string): void {
    this.#actors.delete(actor);
    this.#notify();
  }

  /** The parent posted a message (an invocation) to a worker. */
  posted(actor: string): void {
    const a = this.#actors.get(actor);
    if (a) a.posted++;
    this.#notify();
  }

  /** A worker came to rest. */
  report(actor: string, report: RestReport): void {
    const a = this.#actors.get(actor);
    if (a) a.report = report;
    this.#notify();
  }

  /**
   * This process sends a request: returns the sequence number to send in
   * {@link SEQUENCE_HEADER} (with {@link MAIN_ACTOR}) and the function to
   * call once its answer is read (or it failed).
   */
  mainRequest(): { seq: number; done: () => void } {
    const seq = this.#nextMainSeq++;
    this.#mainWaiting.add(seq);
    return {
      seq,
      done: () => {
        this.#mainWaiting.delete(seq);
        this.#notify();
      },
    };
  }

  /**
   * A tagged request has arrived (body read): resolves when it may be
   * handled. `label` says what it asks, for `onGrant`.
   */
  admit(actor: string, seq: number, label = ''): Promise<void> {
    if (this.#closed) return Promise.resolve();
    let a = this.#actors.get(actor);
    if (!a) {
      // A thread the scheduler does not know (ended meanwhile): hold it like the others.
      a = this.#newActor();
      this.#actors.set(actor, a);
    }
    a.outstanding.add(seq);
    return new Promise((resolve) => {
      this.#held.push({ actor, seq, label, grant: resolve });
      this.#notify();
    });
  }

  /**
   * Runs `read` as one of this process's requests, without sending one: when
   * the scheduler lets it through (the cloud at rest, in the seeded order),
   * and lets nothing else through until `read` has returned. What `read`
   * sees of the cloud's state is then the same in every run of a seed, as an
   * answer to a request would be — at the cost of no HTTP request. `label`
   * names it for `onGrant`.
   */
  async atRest<T>(label: string, read: () => T): Promise<T> {
    const { seq, done } = this.mainRequest();
    try {
      await this.admit(MAIN_ACTOR, seq, label);
      return read();
    } finally {
      this.answered(MAIN_ACTOR, seq);
      done();
    }
  }

  /** The endpoint has answered (or dropped) a tagged request. */
  answered(actor: string, seq: number): void {
    this.#actors.get(actor)?.outstanding.delete(seq);
    this.#notify();
  }

  /** Marks real input/output the endpoint does for a request (forwarding to DynamoDB Local). */
  async trackIo<T>(work: Promise<T>): Promise<T> {
    this.#io++;
    try {
      return await work;
    } finally {
      this.#io--;
      this.#notify();
    }
  }

  /** Lets every held request through, now and from now on. */
  close(): void {
    this.#closed = true;
    for (const held of this.#held.splice(0)) held.grant();
    this.#notify();
  }

  #newActor(): Actor {
    return { outstanding: new Set(), posted: 0, report: { messages: 0, waiting: [] } };
  }

  #notify(): void {
    const changed = this.#changed;
    this.#changed = undefined;
    changed?.();
    if (this.#held.length > 0 && !this.#pumping) void this.#pump();
  }

  /** Why the cloud is not at rest, or undefined when it is. */
  #restless(): string | undefined {
    if (this.#io > 0) return `${this.#io} request(s) being forwarded`;
    const main = this.#actors.get(MAIN_ACTOR);
    for (const seq of this.#mainWaiting)
      if (!main?.outstanding.has(seq)) return `main's request ${seq} in transit`;
    for (const [name, a] of this.#actors) {
      if (name === MAIN_ACTOR) continue;
      if (a.report.messages !== a.posted)
        return `${name} has taken ${a.report.messages} of ${a.posted} messages`;
      for (const seq of a.report.waiting)
        if (!a.outstanding.has(seq)) return `${name}'s request ${seq} in transit or answered`;
    }
    return undefined;
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      let since = Date.now();
      while (this.#held.length > 0 && !this.#closed) {
        const changed = new Promise<void>((resolve) => {
          this.#changed = resolve;
        });
        await settle();
        const restless = this.#restless();
        if (restless === undefined) {
          this.#grantOne();
          since = Date.now();
          continue;
        }
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), this.#forceAfterMs - (Date.now() - since));
          timer.unref();
        });
        const forced = await Promise.race([changed.then(() => false), late]);
        clearTimeout(timer);
        if (forced && this.#held.length > 0 && this.#restless() !== undefined) {
          this.#forced++;
          this.#logger.warn('scheduler: let a request through before the cloud came to rest', {
            waitedMs: Date.now() - since,
            reason: this.#restless(),
          });
          this.#grantOne();
          since = Date.now();
        }
      }
    } finally {
      this.#pumping = false;
    }
  }

  #grantOne(): void {
    this.#held.sort((a, b) => (a.actor < b.actor ? -1 : a.actor > b.actor ? 1 : a.seq - b.seq));
    const index = Math.floor(this.#random() * this.#held.length);
    const [next] = this.#held.splice(index, 1);
    if (!next) return;
    this.#granted++;
    this.#onGrant?.(next, this.#held);
    next.grant();
  }
}
