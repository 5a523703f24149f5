import { randomBytes, randomUUID } from 'node:crypto';
import type { ClientContext, Context } from 'aws-lambda';
import type { Clock } from '../../core/clock';
import { requireIntegerInRange } from '../../core/validators';
import { LATEST, LambdaLimits } from './constants';
import type { InvocationResult } from './runtime/LambdaFunctionRuntime';

/** A JavaScript handler run as a Lambda function. */
export type FunctionHandler = (event: unknown, context: Context) => Promise<unknown> | unknown;

/** Settings of a function registered from a JS handler. */
export interface FunctionOptions {
  /**
   * Invocation timeout on the cloud's clock; a late handler's result is
   * discarded and the invocation fails with `Sandbox.Timedout`.
   * @default 3 seconds
   */
  readonly timeoutSeconds?: number;
  /** @default 128 */
  readonly memorySizeMB?: number;
}

/** Details of one invocation the runtime passes to the handler. */
export interface InvocationDetails {
  readonly requestId?: string;
  readonly clientContext?: ClientContext;
}

/**
 * A function whose code is a JS handler in this process (tests, and targets
 * before bundled code is loaded): a real Lambda context object, the timeout
 * measured on the cloud's clock, errors reported as the Node.js runtime does.
 */
export class HandlerFunction {
  readonly functionName: string;
  readonly functionArn: string;
  readonly timeoutSeconds: number;
  readonly memorySizeMB: number;
  readonly #handler: FunctionHandler;
  readonly #clock: Clock;

  constructor(props: {
    functionName: string;
    functionArn: string;
    handler: FunctionHandler;
    clock: Clock;
    options?: FunctionOptions;
  }) {
    const timeout = requireIntegerInRange(
      'timeoutSeconds',
      props.options?.timeoutSeconds ?? LambdaLimits.defaultTimeoutSeconds,
      { min: LambdaLimits.minTimeoutSeconds, max: LambdaLimits.maxTimeoutSeconds },
    );
    this.functionName = props.functionName;
    this.functionArn = props.functionArn;
    this.timeoutSeconds = timeout;
    this.memorySizeMB = props.options?.memorySizeMB ?? LambdaLimits.defaultMemoryMB;
    this.#handler = props.handler;
    this.#clock = props.clock;
  }

  async invoke(event: unknown, details: InvocationDetails = {}): Promise<InvocationResult> {
    const requestId = details.requestId ?? randomUUID();
    const deadline = this.#clock.now() + this.timeoutSeconds * 1000;
    const context = this.#context(requestId, deadline, details.clientContext);
    let timer: ReturnType<Clock['setTimer']> | undefined;
    const timedOut = new Promise<InvocationResult>((resolve) => {
      timer = this.#clock.setTimer(
        () =>
          resolve({
            payload: JSON.stringify({
              errorType: 'Sandbox.Timedout',
              errorMessage: `RequestId: ${requestId} Error: Task timed out after ${this.timeoutSeconds.toFixed(2)} seconds`,
            }),
            functionError: 'Unhandled',
            requestId,
          }),
        this.timeoutSeconds * 1000,
      );
    });
    const ran = (async (): Promise<InvocationResult> => {
      try {
        const result = await this.#handler(event, context);
        return { payload: JSON.stringify(result ?? null), requestId };
      } catch (error) {
        return {
          payload: JSON.stringify(errorPayload(error)),
          functionError: 'Unhandled',
          requestId,
        };
      }
    })();
    try {
      return await Promise.race([ran, timedOut]);
    } finally {
      if (timer) this.#clock.clearTimer(timer);
    }
  }

  #context(requestId: string, deadline: number, clientContext?: ClientContext): Context {
    const clock = this.#clock;
    const day = new Date(clock.now()).toISOString().slice(0, 10).replaceAll('-', '/');
    const unsupported = (name: string) => () => {
      throw new Error(
        `context.${name}() is not supported by the Node.js 24 runtime; return or throw instead`,
      );
    };
    return {
      callbackWaitsForEmptyEventLoop: true,
      functionName: this.functionName,
      functionVersion: LATEST,
      invokedFunctionArn: this.functionArn,
      memoryLimitInMB: String(this.memorySizeMB),
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${this.functionName}`,
      logStreamName: `${day}/[${LATEST}]${randomBytes(16).toString('hex')}`,
      ...(clientContext ? { clientContext } : {}),
      getRemainingTimeInMillis: () => Math.max(0, deadline - clock.now()),
      done: unsupported('done'),
      fail: unsupported('fail'),
      succeed: unsupported('succeed'),
    };
  }
}

/** The error payload of the Node.js runtime: `errorType`, `errorMessage`, `trace`. */
export function errorPayload(error: unknown): {
  errorType: string;
  errorMessage: string;
  trace: string[];
} {
  if (error instanceof Error) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n').filter((line) => line.length > 0),
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}
