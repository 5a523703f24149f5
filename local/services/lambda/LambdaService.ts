import { AwsServiceError } from '../../core/errors';
import type { RestRoute } from '../../core/server';
import type { CloudLogger } from '../../core/service';
import type { InvocationResult } from '../../lambda-runtime/LambdaFunctionRuntime';
import { FunctionThrottledError } from '../../lambda-runtime/LambdaFunctionRuntime';

/** Something invocable: a bundled function's runtime, or a JS handler registered by a test. */
export interface InvocableFunction {
  readonly functionName: string;
  readonly functionArn: string;
  invoke(event: unknown): Promise<InvocationResult>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * Lambda's `Invoke` surface: `POST /2015-03-31/functions/{name}/invocations`
 * with `RequestResponse`, `Event` (202, runs in the background) and `DryRun`
 * (204); a function error answers 200 with `X-Amz-Function-Error: Unhandled`
 * and the error payload, as Lambda does; an unknown function answers 404
 * `ResourceNotFoundException`; a function at its concurrency limit, 429.
 */
export class LambdaService {
  readonly #functions = new Map<string, InvocableFunction>();
  readonly #logger: CloudLogger;
  readonly #background = new Set<Promise<unknown>>();

  constructor(logger: CloudLogger) {
    this.#logger = logger;
  }

  register(fn: InvocableFunction): void {
    this.#functions.set(fn.functionName, fn);
  }

  /** Registers a plain JS handler as a function. */
  registerHandler(
    functionName: string,
    functionArn: string,
    handler: (event: unknown) => Promise<unknown>,
  ): void {
    this.register({
      functionName,
      functionArn,
      async invoke(event) {
        const requestId = crypto.randomUUID();
        try {
          return { payload: JSON.stringify((await handler(event)) ?? null), requestId };
        } catch (error) {
          const e = error instanceof Error ? error : new Error(String(error));
          return {
            payload: JSON.stringify({
              errorType: e.name,
              errorMessage: e.message,
              trace: (e.stack ?? '').split('\n'),
            }),
            functionError: 'Unhandled',
            requestId,
          };
        }
      },
    });
  }

  /** The function named by name, ARN or partial ARN. */
  get(nameOrArn: string): InvocableFunction {
    const name = nameOrArn.includes(':function:')
      ? (nameOrArn.split(':function:')[1]?.split(':')[0] ?? '')
      : nameOrArn;
    const fn = this.#functions.get(name);
    if (!fn)
      throw new AwsServiceError(
        'ResourceNotFoundException',
        `Function not found: ${nameOrArn}`,
        404,
      );
    return fn;
  }

  /** Invokes a function and waits for its result. */
  async invoke(nameOrArn: string, payload: unknown): Promise<InvocationResult> {
    const fn = this.get(nameOrArn);
    try {
      return await fn.invoke(payload);
    } catch (error) {
      if (error instanceof FunctionThrottledError)
        throw new AwsServiceError('TooManyRequestsException', error.message, 429);
      throw error;
    }
  }

  /** Waits for background (`Event`) invocations. */
  async idle(): Promise<void> {
    await Promise.all(this.#background);
  }

  /** The REST route the endpoint serves. */
  readonly route: RestRoute = async (method, path, headers, body) => {
    const match = INVOKE_PATH.exec(path);
    if (!match || method !== 'POST') return undefined;
    const name = decodeURIComponent(match[1] as string);
    let payload: unknown = null;
    try {
      if (body.length > 0) payload = JSON.parse(body.toString('utf8'));
    } catch {
      return errorAnswer(
        new AwsServiceError(
          'InvalidRequestContentException',
          'Could not parse request body into json',
        ),
      );
    }
    try {
      const type = String(headers['x-amz-invocation-type'] ?? 'RequestResponse');
      if (type === 'DryRun') {
        this.get(name);
        return { status: 204, body: '' };
      }
      if (type === 'Event') {
        this.get(name);
        const run = this.invoke(name, payload).catch((error: unknown) =>
          this.#logger.error('asynchronous invocation failed', {
            function: name,
            error: String(error),
          }),
        );
        this.#background.add(run);
        void run.finally(() => this.#background.delete(run));
        return { status: 202, body: '' };
      }
      const result = await this.invoke(name, payload);
      return {
        status: 200,
        headers: {
          'x-amz-executed-version': '$LATEST',
          'x-amz-request-id': result.requestId,
          ...(result.functionError ? { 'x-amz-function-error': result.functionError } : {}),
        },
        body: result.payload,
      };
    } catch (error) {
      if (error instanceof AwsServiceError) return errorAnswer(error);
      throw error;
    }
  };
}

function errorAnswer(error: AwsServiceError) {
  return {
    status: error.statusCode,
    headers: { 'x-amzn-errortype': error.code },
    body: JSON.stringify({ Type: 'User', message: error.message, __type: error.code }),
  };
}
