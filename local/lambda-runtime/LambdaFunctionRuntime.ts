import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

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
   * Function timeout; an invocation still running then is stopped.
   * @default 3 seconds (Lambda's default)
   */
  readonly timeoutSeconds?: number;
  /** @default 128 (Lambda's default) */
  readonly memorySize?: number;
  /**
   * Most invocations at once (reserved concurrency); further ones are throttled.
   * @default 10 - the local account's limit, sized for one machine
   */
  readonly reservedConcurrency?: number;
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
  constructor(functionName: string, limit: number) {
    super(`Rate exceeded: function ${functionName} is at its concurrency limit of ${limit}`);
    this.name = 'TooManyRequestsException';
  }
}

interface WorkerReply {
  readonly id: string;
  readonly ok: boolean;
  readonly payload?: unknown;
  readonly error?: { errorType: string; errorMessage: string; trace: string[] };
}

const HOST = fileURLToPath(new URL('./worker-host.mjs', import.meta.url));
const DEFAULT_CONCURRENCY = 10;

/**
 * Runs a function's bundled code the way Lambda does: each execution
 * environment is a worker thread with the function's own `process.env`
 * (handlers read their configuration at module scope), reused across
 * invocations (warm starts), one invocation at a time per environment, and
 * thrown away on a timeout.
 */
export class LambdaFunctionRuntime {
  readonly props: LambdaFunctionRuntimeProps;
  readonly #idle: Worker[] = [];
  #busy = 0;
  #closed = false;
  readonly #all = new Set<Worker>();

  constructor(props: LambdaFunctionRuntimeProps) {
    this.props = props;
  }

  /** Invocations running now. */
  get inFlight(): number {
    return this.#busy;
  }

  get concurrencyLimit(): number {
    return this.props.reservedConcurrency ?? DEFAULT_CONCURRENCY;
  }

  /**
   * Runs one invocation with `event`.
   * @throws FunctionThrottledError when every allowed environment is busy.
   */
  async invoke(event: unknown): Promise<InvocationResult> {
    if (this.#closed) throw new Error(`function ${this.props.functionName} has been shut down`);
    if (this.#busy >= this.concurrencyLimit) {
      throw new FunctionThrottledError(this.props.functionName, this.concurrencyLimit);
    }
    this.#busy++;
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
    } finally {
      this.#busy--;
    }
  }

  /** Stops every execution environment. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#all].map((w) => w.terminate()));
    this.#all.clear();
    this.#idle.length = 0;
  }

  #spawn(): Worker {
    const { props } = this;
    const worker = new Worker(HOST, {
      env: { ...props.environment },
      workerData: {
        modulePath: props.modulePath,
        handlerName: props.handlerName,
        functionName: props.functionName,
        functionVersion: '$LATEST',
        memoryLimitInMB: props.memorySize ?? 128,
      },
      // The bundled code runs as plain JavaScript, not through tsx's loader.
      execArgv: [],
    });
    worker.unref();
    this.#all.add(worker);
    return worker;
  }

  #discard(worker: Worker): void {
    this.#all.delete(worker);
    void worker.terminate();
  }

  #run(worker: Worker, event: unknown, requestId: string, timeoutMs: number): Promise<WorkerReply> {
    const id = randomUUID();
    return new Promise<WorkerReply>((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (reply: WorkerReply) => {
        if (reply.id !== id) return;
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
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`));
      }, timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({
        id,
        event,
        requestId,
        deadline: Date.now() + timeoutMs,
        invokedFunctionArn: this.props.functionArn,
      });
    });
  }
}
