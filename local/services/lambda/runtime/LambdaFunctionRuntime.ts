import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Clock, TimerHandle } from '../../../core/clock';
import { RealClock } from '../../../core/clock';
import type { DeterministicScheduler, RestReport } from '../../../core/scheduler';
import { ACTOR_HEADER, SEQUENCE_HEADER } from '../../../core/scheduler';
import { deriveSeed } from '../../../core/seeded-random';
import { optionalIntegerInRange } from '../../../core/validators';
import type { ThrottleReason } from './ConcurrencyGate';
import { ACCOUNT_CONCURRENCY_LIMIT, ConcurrencyGate } from './ConcurrencyGate';
import { InvocationFaults } from './InvocationFaults';

/** How to run one Lambda function's bundled code. */
export interface LambdaFunctionRuntimeProps {
  readonly functionName: string;
  readonly functionArn: string;
  /** Absolute path of the module holding the handler (e.g. `<asset>/index.mjs`). */
  readonly modulePath: string;
  /** Exported name of the handler function (the part after the dot in `index.handler`). */
  readonly handlerName: string;
  /** The function's environment, already resolved to local values. */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * Function timeout, measured on the cloud's clock from the moment the
   * handler is called (module loading, Lambda's init phase, is not counted);
   * an invocation still running then is stopped.
   * @default 3 seconds (Lambda's default)
   */
  readonly timeoutSeconds?: number;
  /** @default 128 (Lambda's default) */
  readonly memorySize?: number;
  /**
   * The function's reserved concurrency (`ReservedConcurrentExecutions`):
   * most invocations at once; further ones are throttled, as Lambda does.
   * @default - none: the function scales up to the account's 1,000
   */
  readonly reservedConcurrency?: number;
  /**
   * Most execution environments (worker threads) run at once on this
   * machine. Invocations Lambda would run in further environments wait for
   * a free one instead of being refused.
   * @default 10
   */
  readonly executionEnvironments?: number;
  /**
   * The cloud's clock, on which timeouts are measured.
   * @default RealClock
   */
  readonly clock?: Clock;
  /** The cloud's fault-injection hook. @default - no faults */
  readonly faults?: InvocationFaults;
  /**
   * Run the code on the cloud's clock (for a manual clock): `Date` reads the
   * clock's time at the invocation's start, and the code's timers take none
   * of it — each fires, earliest first, when the code has nothing else to
   * wait for, moving the function's own time forward (a sleep past the
   * deadline is a timeout). So the SDK's back-off after a throttle takes
   * neither real time nor the cloud's, as computation does not; see
   * `virtual-time.mjs`.
   * @default false
   */
  readonly virtualTime?: boolean;
  /**
   * A deterministic run: each execution environment is an actor of this
   * scheduler (its requests held and let through one at a time, its rest
   * reported) and its randomness is seeded with a seed derived from the
   * scheduler's for the environment (`deriveSeed`); see `deterministic.mjs`.
   * @default - none
   */
  readonly scheduler?: DeterministicScheduler;
}

/** What one invocation returned. */
export interface InvocationResult {
  /** JSON text of the handler's result, or of the error object when it failed. */
  readonly payload: string;
  /** `Unhandled` when the handler threw or timed out, as Lambda's `X-Amz-Function-Error`. */
  readonly functionError?: 'Unhandled';
  readonly requestId: string;
}

/** The function is at its concurrency limit (Lambda's `TooManyRequestsException`). */
export class FunctionThrottledError extends Error {
  /** Lambda's `Reason` field for the throttle. */
  readonly reason: ThrottleReason;

  constructor(functionName: string, limit: number, reason: ThrottleReason) {
    super(
      reason === 'ReservedFunctionConcurrentInvocationLimitExceeded'
        ? `Rate Exceeded: function ${functionName} is at its reserved concurrency of ${limit}`
        : `Rate Exceeded: the account's ${limit} concurrent executions are in use`,
    );
    this.name = 'TooManyRequestsException';
    this.reason = reason;
  }
}

interface WorkerReply {
  readonly id: string;
  /** Sent once the handler is loaded and about to be called: the timeout starts. */
  readonly started?: boolean;
  /** On virtual time: the code waits only on a timer due after its deadline. */
  readonly timedOut?: boolean;
  readonly ok?: boolean;
  readonly payload?: unknown;
  readonly error?: { errorType: string; errorMessage: string; trace: string[] };
  /** A deterministic run: the environment came to rest. */
  readonly rest?: RestReport;
}

const HOST = fileURLToPath(new URL('./worker-host.mjs', import.meta.url));
const DEFAULT_ENVIRONMENTS = 10;

/**
 * Runs a function's bundled code the way Lambda does: each execution
 * environment is a worker thread with the function's own `process.env`
 * (handlers read their configuration at module scope), reused across
 * invocations (warm starts), one invocation at a time per environment, and
 * thrown away on a timeout. Concurrency: a reserved concurrency is a hard
 * limit (throttled beyond it); without one the function takes up to the
 * account's 1,000 invocations at once, running `executionEnvironments` of
 * them and queueing the rest in arrival order.
 */
export class LambdaFunctionRuntime {
  readonly props: LambdaFunctionRuntimeProps;
  readonly #idle: Worker[] = [];
  readonly #all = new Set<Worker>();
  readonly #gate: ConcurrencyGate;
  readonly #clock: Clock;
  /** Scheduler actor of each environment (deterministic runs). */
  readonly #actors = new Map<Worker, string>();
  #spawned = 0;
  #closed = false;

  constructor(props: LambdaFunctionRuntimeProps) {
    const reserved = props.reservedConcurrency;
    optionalIntegerInRange(`reservedConcurrency of ${props.functionName}`, reserved, { min: 0 });
    this.props = props;
    this.#clock = props.clock ?? new RealClock();
    this.#gate = new ConcurrencyGate({
      limit: reserved ?? ACCOUNT_CONCURRENCY_LIMIT,
      slots: props.executionEnvironments ?? DEFAULT_ENVIRONMENTS,
    });
  }

  /** Invocations running now. */
  get inFlight(): number {
    return this.#gate.running;
  }

  /** Invocations waiting for a free execution environment. */
  get queued(): number {
    return this.#gate.waiting;
  }

  /** Most invocations admitted at once: the reserved concurrency, or the account's limit. */
  get concurrencyLimit(): number {
    return this.#gate.limit;
  }

  /**
   * Runs one invocation with `event`, waiting for a free execution
   * environment when all are busy.
   * @throws FunctionThrottledError when the function is at its concurrency limit.
   */
  async invoke(event: unknown): Promise<InvocationResult> {
    if (this.#closed) throw new Error(`function ${this.props.functionName} has been shut down`);
    const admitted = this.#gate.enter();
    if (!admitted) {
      throw new FunctionThrottledError(
        this.props.functionName,
        this.#gate.limit,
        this.props.reservedConcurrency !== undefined
          ? 'ReservedFunctionConcurrentInvocationLimitExceeded'
          : 'ConcurrentInvocationLimitExceeded',
      );
    }
    await admitted;
    try {
      const fault = this.props.faults?.check({ functionName: this.props.functionName, event });
      if (fault?.when === 'before') throw InvocationFaults.error(this.props.functionName, fault);
      // A running handler is the cloud's work in flight: a manual clock does not
      // run ahead of it (its timeout fires only when a test advances without
      // waiting for work), so handlers take no cloud time, as fast code would.
      const result = await this.#clock.trackWork(
        `lambda ${this.props.functionName}`,
        this.#runInEnvironment(event),
      );
      if (fault?.when === 'after') throw InvocationFaults.error(this.props.functionName, fault);
      if (fault?.when === 'timeout') {
        // What #runInEnvironment answers when the clock's timeout fires, the result discarded.
        const seconds = (this.props.timeoutSeconds ?? 3).toFixed(2);
        return {
          payload: JSON.stringify({
            errorType: 'Sandbox.Timedout',
            errorMessage: `Task timed out after ${seconds} seconds`,
          }),
          functionError: 'Unhandled',
          requestId: result.requestId,
        };
      }
      return result;
    } finally {
      this.#gate.leave();
    }
  }

  /** Stops every execution environment; queued invocations fail. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#gate.close(new Error(`function ${this.props.functionName} has been shut down`));
    await Promise.all([...this.#all].map((w) => w.terminate()));
    for (const worker of this.#all) this.#forgetActor(worker);
    this.#all.clear();
    this.#idle.length = 0;
  }

  async #runInEnvironment(event: unknown): Promise<InvocationResult> {
    const worker = this.#idle.pop() ?? this.#spawn();
    const requestId = randomUUID();
    const timeoutMs = (this.props.timeoutSeconds ?? 3) * 1000;
    try {
      const reply = await this.#run(worker, event, requestId, timeoutMs);
      this.#idle.push(worker);
      if (reply.ok) return { payload: JSON.stringify(reply.payload ?? null), requestId };
      return { payload: JSON.stringify(reply.error), functionError: 'Unhandled', requestId };
    } catch (error) {
      // A timed-out or crashed environment is not reused.
      this.#discard(worker);
      const message = error instanceof Error ? error.message : String(error);
      return {
        payload: JSON.stringify({ errorType: 'Sandbox.Timedout', errorMessage: message }),
        functionError: 'Unhandled',
        requestId,
      };
    }
  }

  #spawn(): Worker {
    const { props } = this;
    const scheduler = props.scheduler;
    // Environments are numbered in the order they start, which a deterministic run repeats.
    const actor = `${props.functionName}#${++this.#spawned}`;
    const worker = new Worker(HOST, {
      env: { ...props.environment },
      workerData: {
        modulePath: props.modulePath,
        handlerName: props.handlerName,
        functionName: props.functionName,
        functionVersion: '$LATEST',
        memoryLimitInMB: props.memorySize ?? 128,
        ...(props.virtualTime ? { virtualTimeStart: this.#clock.now() } : {}),
        ...(scheduler
          ? {
              deterministic: {
                actor,
                // The environment's own seed: its draws must not mirror another's.
                seed: deriveSeed(scheduler.seed, actor),
                actorHeader: ACTOR_HEADER,
                sequenceHeader: SEQUENCE_HEADER,
              },
            }
          : {}),
      },
      // The bundled code runs as plain JavaScript, not through tsx's loader.
      execArgv: [],
    });
    worker.unref();
    this.#all.add(worker);
    if (scheduler) {
      this.#actors.set(worker, actor);
      scheduler.addWorker(actor);
      worker.on('message', (reply: WorkerReply) => {
        if (reply.rest) scheduler.report(actor, reply.rest);
      });
      worker.once('exit', () => this.#forgetActor(worker));
    }
    return worker;
  }

  /** A deterministic run: the environment is gone, the scheduler waits on it no more. */
  #forgetActor(worker: Worker): void {
    const actor = this.#actors.get(worker);
    if (actor === undefined) return;
    this.#actors.delete(worker);
    this.props.scheduler?.removeWorker(actor);
  }

  #discard(worker: Worker): void {
    this.#forgetActor(worker);
    this.#all.delete(worker);
    void worker.terminate().catch(() => {});
  }

  #run(worker: Worker, event: unknown, requestId: string, timeoutMs: number): Promise<WorkerReply> {
    const id = randomUUID();
    const clock = this.#clock;
    return new Promise<WorkerReply>((resolve, reject) => {
      let timer: TimerHandle | undefined;
      const cleanup = () => {
        if (timer) clock.clearTimer(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const timedOut = () =>
        new Error(`Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`);
      const onMessage = (reply: WorkerReply) => {
        if (reply.id !== id) return;
        if (reply.timedOut) {
          cleanup();
          reject(timedOut());
          return;
        }
        if (reply.started) {
          timer = clock.setTimer(() => {
            cleanup();
            reject(timedOut());
          }, timeoutMs);
          return;
        }
        cleanup();
        resolve(reply);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`execution environment exited with code ${code}`));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      const actor = this.#actors.get(worker);
      if (actor !== undefined) this.props.scheduler?.posted(actor);
      worker.postMessage({
        id,
        event,
        requestId,
        timeoutMs,
        now: clock.now(),
        invokedFunctionArn: this.props.functionArn,
      });
    });
  }
}
