import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../core/clock';
import { RealClock } from '../../core/clock';
import { decodePathSegment, RequestAbortedError, readBody, requestUrl } from '../../core/http';
import { LoopbackServer } from '../../core/LoopbackServer';
import type { DeterministicScheduler, SchedulerTag } from '../../core/scheduler';
import type { CloudLogger } from '../../core/service';
import type { InvocationResult } from '../lambda/runtime/LambdaFunctionRuntime';
import { FunctionThrottledError } from '../lambda/runtime/LambdaFunctionRuntime';

/** One route of an HTTP API with a Lambda proxy integration (payload format 2.0). */
export interface HttpApiRoute {
  /** Route key as in `AWS::ApiGatewayV2::Route`: `POST /orders/{orderId}`, `ANY /{proxy+}` or `$default`. */
  readonly routeKey: string;
  readonly invoke: (event: unknown) => Promise<InvocationResult>;
}

export interface HttpApiServerProps {
  readonly apiId: string;
  readonly routes: readonly HttpApiRoute[];
  /** @default 0 - a free port */
  readonly port?: number;
  /**
   * The cloud's clock: request times in the event (`requestContext.time`,
   * `timeEpoch`) and request durations are read from it.
   * @default RealClock
   */
  readonly clock?: Clock;
  /**
   * Where requests the server refuses or drops (unparseable, aborted
   * mid-body, integration failures) are logged.
   * @default - not logged
   */
  readonly logger?: CloudLogger;
  /**
   * Holds each request tagged for the scheduler of a deterministic run (the
   * simulator's commands) until it lets the request through.
   * @default - no scheduling
   */
  readonly scheduler?: DeterministicScheduler;
  /** Called once per request, for the cloud's log. */
  readonly onRequest?: (line: {
    routeKey: string;
    status: number;
    ms: number;
    error?: string;
  }) => void;
}

interface CompiledRoute {
  readonly route: HttpApiRoute;
  readonly method: string;
  readonly segments: readonly string[];
  readonly greedy: boolean;
}

/**
 * Serves an HTTP API locally: matches requests to routes the way API Gateway
 * does (most specific route first, `{param}` and greedy `{param+}` path
 * variables, `ANY`, `$default`), invokes the integration with a payload
 * format 2.0 event, and maps the function's result to the response.
 * Authorization and stage throttling are not evaluated locally.
 *
 * No request ends the server: a path that is not valid percent-encoding or
 * not a URL answers 400 `{"message":"Bad Request"}`, bytes that are not HTTP
 * 400 and an oversize request head 431 (Node's parser); a client that goes
 * away mid-body is logged and forgotten. Every answer carries the request id
 * in `apigw-requestid`, as API Gateway's do.
 */
export class HttpApiServer extends LoopbackServer {
  readonly #props: HttpApiServerProps;
  readonly #routes: CompiledRoute[];
  readonly #clock: Clock;

  constructor(props: HttpApiServerProps) {
    super({
      name: 'HTTP API',
      logger: props.logger ?? SILENT,
      ...(props.port !== undefined ? { port: props.port } : {}),
      ...(props.scheduler ? { scheduler: props.scheduler } : {}),
    });
    this.#props = props;
    this.#routes = props.routes.map(compile).sort(bySpecificity);
    this.#clock = props.clock ?? new RealClock();
  }

  protected answer(
    req: IncomingMessage,
    res: ServerResponse,
    tag: SchedulerTag | undefined,
  ): Promise<void> {
    return this.#handle(req, res, tag).catch((error: unknown) => this.#failed(res, error));
  }

  get #logger(): CloudLogger {
    return this.#props.logger ?? SILENT;
  }

  async #handle(
    req: IncomingMessage,
    res: ServerResponse,
    tag: SchedulerTag | undefined,
  ): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = requestUrl(req);
    const parts = url ? decodePath(url.pathname) : undefined;
    if (!url || !parts) {
      // HTTP APIs route on the decoded path; one that cannot be decoded matches no route.
      this.#logger.warn('HTTP API: refused a path that is not valid percent-encoding', {
        path: req.url,
      });
      res.setHeader('apigw-requestid', newRequestId());
      sendMessage(res, 400, 'Bad Request');
      this.#props.onRequest?.({ routeKey: `${method} ${req.url}`, status: 400, ms: 0 });
      return;
    }
    const match = this.#match(method, parts);
    if (!match) {
      res.setHeader('apigw-requestid', newRequestId());
      sendMessage(res, 404, 'Not Found');
      this.#props.onRequest?.({ routeKey: `${method} ${url.pathname}`, status: 404, ms: 0 });
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (!(error instanceof RequestAbortedError)) throw error;
      this.#logger.warn('HTTP API: request aborted by the client; dropped', {
        route: match.route.route.routeKey,
        detail: error.message,
      });
      return;
    }
    await this.admit(tag, match.route.route.routeKey);
    // Drawn once the request may go: in a deterministic run ids come from the seed, in
    // the order requests are let through, not the order they happened to arrive in.
    const started = this.#clock.now();
    const requestId = newRequestId();
    res.setHeader('apigw-requestid', requestId);
    const event = this.#event(req, url, method, match.route.route.routeKey, match.params, body, {
      requestId,
      now: started,
    });
    let status = 500;
    let failure: string | undefined;
    try {
      const result = await match.route.route.invoke(event);
      if (result.functionError) {
        // API Gateway hides the error from the client; the local log shows it.
        failure = result.payload;
        sendMessage(res, 500, 'Internal Server Error');
      } else {
        status = respond(res, JSON.parse(result.payload) as unknown);
      }
    } catch (error) {
      // A function that cannot run (throttled at its reserved concurrency, shut
      // down) or a result that is not JSON: API Gateway answers a Lambda proxy
      // integration failure, throttles included, with 500 Internal Server Error
      // (https://repost.aws/knowledge-center/api-gateway-internal-server-error,
      // "Throttling occurs"); the reason is only in its logs.
      failure =
        error instanceof FunctionThrottledError
          ? `throttled: ${error.message}`
          : error instanceof Error
            ? error.message
            : String(error);
      sendMessage(res, 500, 'Internal Server Error');
    }
    this.#props.onRequest?.({
      routeKey: match.route.route.routeKey,
      status,
      ms: this.#clock.now() - started,
      ...(failure ? { error: failure } : {}),
    });
  }

  /** Last resort for a failure no step expected: answer 500 if still possible, and log it. */
  #failed(res: ServerResponse, error: unknown): void {
    this.#logger.error('HTTP API: request failed', {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    if (!res.headersSent && !res.destroyed) sendMessage(res, 500, 'Internal Server Error');
    else res.destroy();
  }

  #match(method: string, parts: string[]) {
    for (const route of this.#routes) {
      if (route.method !== 'ANY' && route.method !== method && route.method !== '$default')
        continue;
      if (route.method === '$default') return { route, params: undefined };
      const params = matchSegments(route, parts);
      if (params) return { route, params };
    }
    return undefined;
  }

  #event(
    req: IncomingMessage,
    url: URL,
    method: string,
    routeKey: string,
    pathParameters: Record<string, string> | undefined,
    body: Buffer,
    request: { readonly requestId: string; readonly now: number },
  ) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (name === 'cookie' || value === undefined) continue;
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams)
      query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
    const now = new Date(request.now);
    const textual = isTextual(headers['content-type']);
    return {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...(req.headers.cookie ? { cookies: req.headers.cookie.split(/;\s*/) } : {}),
      headers,
      ...(url.search ? { queryStringParameters: query } : {}),
      ...(pathParameters && Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: this.#props.apiId,
        domainName: headers.host ?? 'localhost',
        domainPrefix: (headers.host ?? 'localhost').split('.')[0],
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: request.requestId,
        routeKey,
        stage: '$default',
        time: clfTime(now),
        timeEpoch: now.getTime(),
      },
      ...(body.length > 0
        ? {
            body: textual ? body.toString('utf8') : body.toString('base64'),
            isBase64Encoded: !textual,
          }
        : { isBase64Encoded: false }),
    };
  }
}

const SILENT: CloudLogger = { info() {}, warn() {}, error() {} };

/**
 * An id in the form API Gateway gives HTTP API requests (`apigw-requestid`
 * and `requestContext.requestId`, e.g. `RL2XYiwjPHcEMEQ=`): 10 random bytes
 * in base64.
 */
function newRequestId(): string {
  return randomBytes(10).toString('base64');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `requestContext.time` of payload format 2.0: `12/Mar/2020:19:03:58 +0000` (UTC). */
function clfTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

/** The decoded, non-empty segments of a path; undefined when one is not valid percent-encoding. */
function decodePath(pathname: string): string[] | undefined {
  const parts: string[] = [];
  for (const segment of pathname.split('/').filter(Boolean)) {
    const decoded = decodePathSegment(segment);
    if (decoded === undefined) return undefined;
    parts.push(decoded);
  }
  return parts;
}

function compile(route: HttpApiRoute): CompiledRoute {
  if (route.routeKey === '$default') {
    return { route, method: '$default', segments: [], greedy: false };
  }
  const [method, path] = route.routeKey.split(' ');
  if (!method || !path?.startsWith('/')) {
    throw new Error(`route key '${route.routeKey}' is not '<METHOD> /path' or '$default'`);
  }
  const segments = path.split('/').filter(Boolean);
  const greedy = segments.at(-1)?.endsWith('+}') ?? false;
  return { route, method: method.toUpperCase(), segments, greedy };
}

/** API Gateway prefers literal segments over variables, and anything over `$default`. */
function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  const rank = (r: CompiledRoute) =>
    r.method === '$default'
      ? -1e6
      : r.segments.filter((s) => !s.startsWith('{')).length * 1000 +
        r.segments.length * 10 -
        (r.greedy ? 500 : 0) -
        (r.method === 'ANY' ? 1 : 0);
  return rank(b) - rank(a);
}

function matchSegments(route: CompiledRoute, parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  const segs = route.segments;
  if (route.greedy ? parts.length < segs.length : parts.length !== segs.length) return undefined;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i] as string;
    const part = parts[i] as string;
    if (seg.startsWith('{') && seg.endsWith('+}')) {
      params[seg.slice(1, -2)] = parts.slice(i).join('/');
      return params;
    }
    if (seg.startsWith('{') && seg.endsWith('}')) params[seg.slice(1, -1)] = part;
    else if (seg !== part) return undefined;
  }
  return params;
}

/**
 * Maps a payload format 2.0 result: an object with `statusCode` is used as
 * is; anything else is returned as a 200 JSON body (the documented inference).
 */
function respond(res: ServerResponse, result: unknown): number {
  if (result && typeof result === 'object' && 'statusCode' in result) {
    const r = result as {
      statusCode: number;
      headers?: Record<string, string>;
      body?: string;
      isBase64Encoded?: boolean;
      cookies?: string[];
    };
    const headers: Record<string, string | string[]> = { ...(r.headers ?? {}) };
    if (r.cookies?.length) headers['set-cookie'] = r.cookies;
    const body = r.body === undefined ? '' : r.body;
    send(res, r.statusCode, headers, r.isBase64Encoded ? Buffer.from(body, 'base64') : body);
    return r.statusCode;
  }
  const body = typeof result === 'string' ? result : JSON.stringify(result);
  send(res, 200, { 'content-type': 'application/json' }, body);
  return 200;
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | string[]>,
  body: string | Buffer,
): void {
  res.writeHead(status, headers);
  res.end(body);
}

/** API Gateway's own answers: a JSON body `{"message": ...}`. */
function sendMessage(res: ServerResponse, status: number, message: string): void {
  send(res, status, { 'content-type': 'application/json' }, JSON.stringify({ message }));
}

function isTextual(contentType: string | undefined): boolean {
  if (!contentType) return true;
  return /^(text\/|application\/(json|.*\+json|xml|x-www-form-urlencoded|javascript))/i.test(
    contentType,
  );
}
