import type { InvokeCommandInput, InvokeCommandOutput } from '@aws-sdk/client-lambda';
import type { ClientContext } from 'aws-lambda';
import { AwsServiceError } from '../../core/errors';
import { decodePathSegment } from '../../core/http';
import type { Answer, OperationTable, Request } from '../../core/operations';
import { defineOperations, runOperation } from '../../core/operations';
import { restJsonError } from '../../core/rest';
import type { RestAnswer, RestRoute } from '../../core/server';
import type { LocalCloudContext } from '../../core/service';
import type { EventInvokeConfig } from './AsyncInvocations';
import { AsyncInvocations } from './AsyncInvocations';
import { LATEST, LambdaLimits } from './constants';
import { LambdaErrors, LambdaThrottledError } from './errors';
import type { FunctionHandler, FunctionOptions, InvocationDetails } from './HandlerFunction';
import { HandlerFunction } from './HandlerFunction';
import type { InvocationResult } from './runtime/LambdaFunctionRuntime';
import { FunctionThrottledError } from './runtime/LambdaFunctionRuntime';

/** Something invocable: a bundled function's runtime, or a JS handler registered by a test. */
export interface InvocableFunction {
  readonly functionName: string;
  readonly functionArn: string;
  invoke(event: unknown, details?: InvocationDetails): Promise<InvocationResult>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;
const INVOCATION_TYPES = new Set(['RequestResponse', 'Event', 'DryRun']);

/** Invoke's answer, and the request id Lambda sends in `x-amzn-RequestId` (the invocation's own). */
type InvokeAnswer = Answer<InvokeCommandOutput> & { readonly requestId?: string };

/**
 * Lambda's `Invoke` surface: `POST /2015-03-31/functions/{name}/invocations`
 * with `RequestResponse`, `Event` (202, run in the background with Lambda's
 * retries and destinations) and `DryRun` (204). A function error answers 200
 * with `X-Amz-Function-Error: Unhandled` and the error payload, as Lambda
 * does; an unknown function or qualifier 404 `ResourceNotFoundException`; a
 * function at its concurrency limit 429; payloads over Lambda's limits 413.
 */
export class LambdaService {
  readonly targetPrefix = 'Lambda';
  readonly operations: OperationTable = defineOperations({
    Invoke: (input: Request<InvokeCommandInput>) => this.#invokeOperation(input),
  });
  readonly #functions = new Map<string, InvocableFunction>();
  readonly #ctx: LocalCloudContext;
  readonly #async: AsyncInvocations;

  constructor(context: LocalCloudContext) {
    this.#ctx = context;
    this.#async = new AsyncInvocations(context, (arn, payload, requestId) =>
      this.invoke(arn, payload, { requestId }),
    );
  }

  register(fn: InvocableFunction): void {
    this.#functions.set(fn.functionName, fn);
  }

  /**
   * Registers a JS handler as a function named `functionName`, with a Lambda
   * context object and its timeout on the cloud's clock.
   * @returns the function (its ARN is `functionArn`)
   */
  registerFunction(
    functionName: string,
    handler: FunctionHandler,
    options: FunctionOptions & { readonly eventInvokeConfig?: EventInvokeConfig } = {},
  ): HandlerFunction {
    const fn = new HandlerFunction({
      functionName,
      functionArn: this.arnOf(functionName),
      handler,
      clock: this.#ctx.clock,
      options,
    });
    this.register(fn);
    if (options.eventInvokeConfig)
      this.setEventInvokeConfig(functionName, options.eventInvokeConfig);
    return fn;
  }

  /** Registers a plain JS handler under an explicit ARN (earlier form of {@link registerFunction}). */
  registerHandler(
    functionName: string,
    functionArn: string,
    handler: (event: unknown) => Promise<unknown>,
  ): void {
    this.register(
      new HandlerFunction({ functionName, functionArn, handler, clock: this.#ctx.clock }),
    );
  }

  /** Sets retries, event age and destinations of a function's asynchronous invocations. */
  setEventInvokeConfig(nameOrArn: string, config: EventInvokeConfig): void {
    this.#async.configure(this.get(nameOrArn).functionArn, config);
  }

  arnOf(functionName: string): string {
    return `arn:aws:lambda:${this.#ctx.region}:${this.#ctx.accountId}:function:${functionName}`;
  }

  /** The function named by name, `name:$LATEST`, ARN or partial ARN. */
  get(nameOrArn: string): InvocableFunction {
    const { name, qualifier } = parseFunctionName(nameOrArn);
    const fn = this.#functions.get(name);
    if (!fn || (qualifier !== undefined && qualifier !== LATEST))
      throw LambdaErrors.functionNotFound(
        `${this.arnOf(name)}${qualifier !== undefined ? `:${qualifier}` : ''}`,
      );
    return fn;
  }

  /** Invokes a function and waits for its result (`RequestResponse`). */
  async invoke(
    nameOrArn: string,
    payload: unknown,
    details: InvocationDetails = {},
  ): Promise<InvocationResult> {
    const fn = this.get(nameOrArn);
    let result: InvocationResult;
    try {
      result = await fn.invoke(payload, details);
    } catch (error) {
      if (error instanceof FunctionThrottledError) throw LambdaErrors.throttled(error.reason);
      throw error;
    }
    if (Buffer.byteLength(result.payload) > LambdaLimits.maxSyncPayloadBytes) {
      return {
        payload: JSON.stringify({
          errorMessage: `Response payload size exceeded maximum allowed payload size (${LambdaLimits.maxSyncPayloadBytes} bytes).`,
          errorType: 'Function.ResponseSizeTooLarge',
        }),
        functionError: 'Unhandled',
        requestId: result.requestId,
      };
    }
    return result;
  }

  /** Queues an asynchronous (`Event`) invocation; returns its request id. */
  invokeAsync(nameOrArn: string, payload: unknown): string {
    const fn = this.get(nameOrArn);
    return this.#async.enqueue(fn.functionArn, payload);
  }

  /** Waits for running background (`Event`) invocations; scheduled retries are not waited for. */
  async idle(): Promise<void> {
    await this.#async.idle();
  }

  close(): void {
    this.#async.close();
  }

  /** The REST route the endpoint serves. */
  readonly route: RestRoute = async (method, path, headers, body, query) => {
    const match = INVOKE_PATH.exec(path);
    if (!match || method !== 'POST') return undefined;
    try {
      const name = decodePathSegment(match[1] as string);
      if (name === undefined)
        throw LambdaErrors.invalidParameterValue(
          `The function name in ${path} is not valid percent-encoding.`,
        );
      const input = {
        FunctionName: name,
        Qualifier: query?.get('Qualifier') ?? undefined,
        InvocationType: headers['x-amz-invocation-type'],
        LogType: headers['x-amz-log-type'],
        ClientContext: headers['x-amz-client-context'],
        Payload: body,
      } satisfies Request<InvokeCommandInput>;
      return invokeRestAnswer((await runOperation(this, 'Invoke', input)) as InvokeAnswer);
    } catch (error) {
      if (error instanceof AwsServiceError) return errorAnswer(error);
      throw error;
    }
  };

  async #invokeOperation(input: Request<InvokeCommandInput>): Promise<InvokeAnswer> {
    const name = String(input.FunctionName ?? '');
    const qualifier = typeof input.Qualifier === 'string' ? input.Qualifier : undefined;
    const fn = this.get(qualifier ? `${name}:${qualifier}` : name);
    const type = String(input.InvocationType ?? 'RequestResponse');
    if (!INVOCATION_TYPES.has(type))
      throw LambdaErrors.invalidParameterValue(
        `Invalid InvocationType ${type}: use RequestResponse, Event or DryRun.`,
      );
    const body = Buffer.isBuffer(input.Payload) ? input.Payload : Buffer.alloc(0);
    const limit =
      type === 'Event' ? LambdaLimits.maxAsyncPayloadBytes : LambdaLimits.maxSyncPayloadBytes;
    if (body.length > limit)
      throw LambdaErrors.requestTooLarge(
        limit,
        type === 'Event' ? 'InvokeAsync' : 'InvokeFunction',
      );
    let payload: unknown = {};
    if (body.length > 0) {
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch (error) {
        throw LambdaErrors.invalidRequestContent(
          error instanceof Error ? error.message : String(error),
        );
      }
    }
    if (type === 'DryRun') return { StatusCode: 204 } satisfies InvokeAnswer;
    if (type === 'Event') {
      const requestId = this.invokeAsync(fn.functionArn, payload);
      return { StatusCode: 202, requestId } satisfies InvokeAnswer;
    }
    const clientContext = decodeClientContext(input.ClientContext);
    const started = this.#ctx.clock.now();
    const result = await this.invoke(
      fn.functionArn,
      payload,
      clientContext ? { clientContext } : {},
    );
    return {
      StatusCode: 200,
      ExecutedVersion: LATEST,
      ...(result.functionError ? { FunctionError: result.functionError } : {}),
      ...(input.LogType === 'Tail'
        ? { LogResult: logTail(result, this.#ctx.clock.now() - started) }
        : {}),
      Payload: result.payload,
      requestId: result.requestId,
    } satisfies InvokeAnswer;
  }
}

/** Invoke's answer as Lambda's REST protocol carries it: the payload as the body, the rest in headers. */
function invokeRestAnswer(answer: InvokeAnswer): RestAnswer {
  const headers: Record<string, string> = {
    ...(answer.ExecutedVersion ? { 'x-amz-executed-version': answer.ExecutedVersion } : {}),
    ...(answer.requestId ? { 'x-amzn-requestid': answer.requestId } : {}),
    ...(answer.FunctionError ? { 'x-amz-function-error': answer.FunctionError } : {}),
    ...(answer.LogResult ? { 'x-amz-log-result': answer.LogResult } : {}),
  };
  return { status: answer.StatusCode ?? 200, headers, body: answer.Payload ?? '' };
}

/** Name and qualifier of `name`, `name:qualifier`, `account:function:name[:q]` or a full ARN. */
export function parseFunctionName(nameOrArn: string): { name: string; qualifier?: string } {
  const parts = nameOrArn.split(':');
  const at = parts.indexOf('function');
  const [name, qualifier] = at >= 0 ? parts.slice(at + 1) : parts;
  return { name: name ?? '', ...(qualifier !== undefined ? { qualifier } : {}) };
}

function decodeClientContext(header: unknown): ClientContext | undefined {
  if (typeof header !== 'string' || header.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as ClientContext;
  } catch {
    throw LambdaErrors.invalidParameterValue('X-Amz-Client-Context must be base64-encoded JSON.');
  }
}

/** The platform's START/END/REPORT lines, base64, as `X-Amz-Log-Result` carries them. */
function logTail(result: InvocationResult, durationMs: number): string {
  const id = result.requestId;
  const error = result.functionError ? `${result.payload}\n` : '';
  const text = `START RequestId: ${id} Version: ${LATEST}\n${error}END RequestId: ${id}\nREPORT RequestId: ${id}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(durationMs))} ms\n`;
  const bytes = Buffer.from(text);
  return bytes
    .subarray(Math.max(0, bytes.length - LambdaLimits.maxLogTailBytes))
    .toString('base64');
}

function errorAnswer(error: AwsServiceError): RestAnswer {
  return restJsonError(error, {
    ...(error instanceof LambdaThrottledError ? { Reason: error.reason } : {}),
    Type: 'User',
  });
}
