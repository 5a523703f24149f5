import { randomUUID } from 'node:crypto';
import type { LocalCloudContext } from '../../core/service';
import { requireIntegerInRange } from '../../core/validators';
import { LATEST, LambdaLimits } from './constants';
import type { InvocationResult } from './runtime/LambdaFunctionRuntime';
import { FunctionThrottledError } from './runtime/LambdaFunctionRuntime';

/** A function's asynchronous invocation settings (`AWS::Lambda::EventInvokeConfig`). */
export interface EventInvokeConfig {
  /** 0 to 2. @default 2 */
  readonly maximumRetryAttempts?: number;
  /** 60 to 21600. @default 21600 */
  readonly maximumEventAgeInSeconds?: number;
  /** Destination ARN (SQS queue, Lambda function, event bus) for successful invocations. */
  readonly onSuccess?: string;
  /** Destination ARN for events that failed every attempt or grew too old. */
  readonly onFailure?: string;
}

interface AsyncEvent {
  readonly requestId: string;
  readonly functionArn: string;
  readonly payload: unknown;
  readonly receivedAt: number;
  attempts: number;
}

type Invoke = (
  functionArn: string,
  payload: unknown,
  requestId: string,
) => Promise<InvocationResult>;

/**
 * Lambda's asynchronous (`Event`) invocations: queued, run in the background,
 * retried after a function error (by default twice, one then two minutes
 * later on the cloud's clock), throttles retried until the event is too old,
 * and the outcome sent to the function's destinations as an invocation
 * record.
 */
export class AsyncInvocations {
  readonly #ctx: LocalCloudContext;
  readonly #invoke: Invoke;
  readonly #configs = new Map<string, EventInvokeConfig>();
  readonly #running = new Set<Promise<void>>();
  readonly #timers = new Set<ReturnType<LocalCloudContext['clock']['setTimer']>>();

  constructor(ctx: LocalCloudContext, invoke: Invoke) {
    this.#ctx = ctx;
    this.#invoke = invoke;
  }

  configure(functionArn: string, config: EventInvokeConfig): void {
    requireIntegerInRange(
      'maximumRetryAttempts',
      config.maximumRetryAttempts ?? LambdaLimits.defaultMaximumRetryAttempts,
      { min: 0, max: LambdaLimits.maxMaximumRetryAttempts },
    );
    requireIntegerInRange(
      'maximumEventAgeInSeconds',
      config.maximumEventAgeInSeconds ?? LambdaLimits.defaultMaximumEventAgeSeconds,
      { min: LambdaLimits.minMaximumEventAgeSeconds, max: LambdaLimits.maxMaximumEventAgeSeconds },
    );
    this.#configs.set(functionArn, config);
  }

  /** Queues an event; returns its request id. */
  enqueue(functionArn: string, payload: unknown): string {
    const event: AsyncEvent = {
      requestId: randomUUID(),
      functionArn,
      payload,
      receivedAt: this.#ctx.clock.now(),
      attempts: 0,
    };
    this.#run(event);
    return event.requestId;
  }

  /** Resolves when no invocation is queued or running (scheduled retries are not waited for). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running]);
  }

  close(): void {
    for (const timer of this.#timers) this.#ctx.clock.clearTimer(timer);
    this.#timers.clear();
  }

  #run(event: AsyncEvent): void {
    // Queued or running, an event is the cloud's work in flight (a retry waiting
    // on the clock is not), so a test advances a manual clock instead of polling.
    const run = this.#ctx.clock.trackWork(
      `lambda async invocation ${event.requestId}`,
      this.#attempt(event).catch((error: unknown) =>
        this.#ctx.logger.error('asynchronous invocation failed', {
          function: event.functionArn,
          error: String(error),
        }),
      ),
    );
    this.#running.add(run);
    void run.finally(() => this.#running.delete(run));
  }

  #later(event: AsyncEvent, ms: number): void {
    const timer = this.#ctx.clock.setTimer(() => {
      this.#timers.delete(timer);
      this.#run(event);
    }, ms);
    this.#timers.add(timer);
  }

  async #attempt(event: AsyncEvent): Promise<void> {
    const config = this.#configs.get(event.functionArn) ?? {};
    const maxAgeMs =
      (config.maximumEventAgeInSeconds ?? LambdaLimits.defaultMaximumEventAgeSeconds) * 1000;
    if (this.#ctx.clock.now() - event.receivedAt > maxAgeMs) {
      await this.#finish(event, config, 'EventAgeExceeded', undefined);
      return;
    }
    let result: InvocationResult;
    try {
      result = await this.#invoke(event.functionArn, event.payload, event.requestId);
    } catch (error) {
      if (!(error instanceof FunctionThrottledError)) throw error;
      // Throttles do not use up retry attempts; they wait until the event is too old.
      this.#later(event, LambdaLimits.throttleRetryMs);
      return;
    }
    event.attempts++;
    if (!result.functionError) {
      await this.#finish(event, config, 'Success', result);
      return;
    }
    const retries = config.maximumRetryAttempts ?? LambdaLimits.defaultMaximumRetryAttempts;
    if (event.attempts <= retries) {
      this.#ctx.logger.warn('asynchronous invocation failed; Lambda retries it', {
        function: event.functionArn,
        requestId: event.requestId,
        attempt: event.attempts,
      });
      this.#later(event, LambdaLimits.retryDelaysMs[event.attempts - 1] ?? 120_000);
      return;
    }
    await this.#finish(event, config, 'RetriesExhausted', result);
  }

  async #finish(
    event: AsyncEvent,
    config: EventInvokeConfig,
    condition: 'Success' | 'RetriesExhausted' | 'EventAgeExceeded',
    result: InvocationResult | undefined,
  ): Promise<void> {
    const destination = condition === 'Success' ? config.onSuccess : config.onFailure;
    if (condition !== 'Success') {
      this.#ctx.logger.error('asynchronous invocation dropped', {
        function: event.functionArn,
        requestId: event.requestId,
        condition,
        destination: destination ?? 'none',
      });
    }
    if (!destination) return;
    const record = {
      version: '1.0',
      timestamp: new Date(this.#ctx.clock.now()).toISOString(),
      requestContext: {
        requestId: event.requestId,
        functionArn: `${event.functionArn}:${LATEST}`,
        condition,
        approximateInvokeCount: event.attempts,
      },
      requestPayload: event.payload,
      ...(result
        ? {
            responseContext: {
              statusCode: 200,
              executedVersion: LATEST,
              ...(result.functionError ? { functionError: result.functionError } : {}),
            },
            responsePayload: parseJson(result.payload),
          }
        : {}),
    };
    const payload =
      destination.split(':')[2] === 'events'
        ? {
            source: 'lambda',
            'detail-type': `Lambda Function Invocation Result - ${condition === 'Success' ? 'Success' : 'Failure'}`,
            resources: [event.functionArn],
            detail: record,
          }
        : record;
    try {
      await this.#ctx.dispatcher.deliver(destination, JSON.stringify(payload));
    } catch (error) {
      this.#ctx.logger.error('could not send an invocation record to its destination', {
        function: event.functionArn,
        destination,
        error: String(error),
      });
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
