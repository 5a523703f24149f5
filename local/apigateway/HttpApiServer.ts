import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { closeServer, listenOnLoopback, loopbackUrl, readBody } from '../core/http';
import type { InvocationResult } from '../lambda-runtime/LambdaFunctionRuntime';

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
 * Authorization is not evaluated locally.
 */
export class HttpApiServer {
  readonly #props: HttpApiServerProps;
  readonly #routes: CompiledRoute[];
  #server: Server | undefined;

  constructor(props: HttpApiServerProps) {
    this.#props = props;
    this.#routes = props.routes.map(compile).sort(bySpecificity);
  }

  /** Starts listening on loopback; resolves with the base URL. */
  async listen(): Promise<string> {
    const server = createServer((req, res) => {
      void this.#handle(req, res);
    });
    this.#server = server;
    return listenOnLoopback(server, this.#props.port ?? 0);
  }

  get url(): string {
    return loopbackUrl(this.#server);
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    await closeServer(server);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const match = this.#match(method, url.pathname);
    if (!match) {
      send(res, 404, { 'content-type': 'application/json' }, '{"message":"Not Found"}');
      this.#props.onRequest?.({ routeKey: `${method} ${url.pathname}`, status: 404, ms: 0 });
      return;
    }
    const body = await readBody(req);
    const event = this.#event(req, url, method, match.route.route.routeKey, match.params, body);
    let status = 500;
    let failure: string | undefined;
    try {
      const result = await match.route.route.invoke(event);
      if (result.functionError) {
        // API Gateway hides the error from the client; the local log shows it.
        failure = result.payload;
        send(
          res,
          500,
          { 'content-type': 'application/json' },
          '{"message":"Internal Server Error"}',
        );
      } else {
        status = respond(res, JSON.parse(result.payload) as unknown);
      }
    } catch {
      // Throttled: API Gateway answers 503 when the integration can't run.
      status = 503;
      send(res, 503, { 'content-type': 'application/json' }, '{"message":"Service Unavailable"}');
    }
    this.#props.onRequest?.({
      routeKey: match.route.route.routeKey,
      status,
      ms: Date.now() - started,
      ...(failure ? { error: failure } : {}),
    });
  }

  #match(method: string, path: string) {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
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
  ) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (name === 'cookie' || value === undefined) continue;
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams)
      query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
    const now = new Date();
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
        requestId: randomUUID(),
        routeKey,
        stage: '$default',
        time: now.toUTCString(),
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

function isTextual(contentType: string | undefined): boolean {
  if (!contentType) return true;
  return /^(text\/|application\/(json|.*\+json|xml|x-www-form-urlencoded|javascript))/i.test(
    contentType,
  );
}
