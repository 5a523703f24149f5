import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent, request as httpRequest } from 'node:http';
import type { Clock } from './clock';
import { AwsServiceError, CoreErrors } from './errors';
import { RequestAbortedError, readBody, requestUrl } from './http';
import { LoopbackServer } from './LoopbackServer';
import { hasOperation, runOperation } from './operations';
import type { DeterministicScheduler, SchedulerTag } from './scheduler';
import { ACTOR_HEADER, SEQUENCE_HEADER } from './scheduler';
import type { AwsJsonService, CloudLogger } from './service';

/** A REST-style answer (Lambda's invoke API). */
export interface RestAnswer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: string | Buffer;
}

/** Handles a REST-style request (Lambda's invoke API); undefined when the path is not its own. */
export type RestRoute = (
  method: string,
  path: string,
  headers: IncomingMessage['headers'],
  body: Buffer,
  query?: URLSearchParams,
) => Promise<RestAnswer | undefined>;

/** Forwards a request verbatim (DynamoDB and its streams go to DynamoDB Local). */
export type ProxyTarget = (
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
) => Promise<void>;

/** A request the endpoint received, as an observer sees it (before it is handled). */
export interface AwsRequestSeen {
  readonly method: string;
  readonly path: string;
  /** `X-Amz-Target` of JSON-protocol requests (`<prefix>.<Operation>`). */
  readonly target?: string;
  readonly body: Buffer;
}

export interface AwsEndpointProps {
  readonly logger: CloudLogger;
  /** @default 0 - a free port */
  readonly port?: number;
  /**
   * Sees every request (services, proxies and REST routes), e.g. to count
   * them; must not throw or modify the body.
   * @default - no observer
   */
  readonly onRequest?: (request: AwsRequestSeen) => void;
  /**
   * Holds each request tagged with an actor and sequence number until the
   * scheduler lets it through (a deterministic run); untagged requests go
   * straight through.
   * @default - no scheduling
   */
  readonly scheduler?: DeterministicScheduler;
  /**
   * The cloud's clock: every answer is dated by it (the `Date` header). The
   * SDK compares that header with its own clock and, when a refused
   * request's answer moves its offset by a skew of 4 minutes or more,
   * retries the request as a clock-skew error; functions on a manual clock
   * read the cloud's time, so a real-time `Date` (Node's default, DynamoDB
   * Local's) made them retry refused writes depending on how much real time
   * had passed.
   * @default - real time (Node's own `Date` header)
   */
  readonly clock?: Clock;
}

const JSON_CONTENT_TYPES = new Set(['application/x-amz-json-1.0', 'application/x-amz-json-1.1']);

/**
 * The local cloud's one HTTP endpoint, spoken to by the unmodified AWS SDK v3
 * clients through `endpoint` / `AWS_ENDPOINT_URL`. JSON-protocol requests
 * (`POST /`, `X-Amz-Target: <prefix>.<Operation>`) are routed by prefix to a
 * service or a proxy; other requests go to the REST routes (Lambda). Errors
 * are answered in AWS's JSON error shape (`__type` + `message`, the code also
 * in `x-amzn-ErrorType`), plus `x-amzn-query-error` for query-compatible
 * services (SQS); unknown operations with `UnknownOperationException`
 * (`InvalidAction` in the query header), logged with their name.
 *
 * No request ends the endpoint: bytes that are not HTTP answer 400, an
 * oversize request head 431 (Node's parser), a request target that is not a
 * URL 400; a client that goes away mid-body is logged and forgotten; any
 * other failure answers 500 `InternalFailure` and is logged.
 */
export class AwsEndpoint extends LoopbackServer {
  readonly #services = new Map<string, AwsJsonService>();
  readonly #proxies = new Map<string, ProxyTarget>();
  readonly #rest: RestRoute[] = [];
  readonly #props: AwsEndpointProps;

  constructor(props: AwsEndpointProps) {
    super({
      name: 'AWS endpoint',
      logger: props.logger,
      ...(props.port !== undefined ? { port: props.port } : {}),
      ...(props.scheduler ? { scheduler: props.scheduler } : {}),
    });
    this.#props = props;
  }

  /** Serves a JSON-protocol service under its `targetPrefix` (replacing one of the same prefix). */
  addService(service: AwsJsonService): void {
    this.#services.set(service.targetPrefix, service);
  }

  /** Forwards every request whose target has this prefix. */
  addProxy(targetPrefix: string, proxy: ProxyTarget): void {
    this.#proxies.set(targetPrefix, proxy);
  }

  addRestRoute(route: RestRoute): void {
    this.#rest.push(route);
  }

  /** Target prefixes served (services and proxies). */
  get targetPrefixes(): string[] {
    return [...this.#services.keys(), ...this.#proxies.keys()];
  }

  protected answer(
    req: IncomingMessage,
    res: ServerResponse,
    tag: SchedulerTag | undefined,
  ): Promise<void> {
    return this.#handle(req, res, tag).catch((error: unknown) => this.#failed(req, res, error));
  }

  #failed(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    if (error instanceof RequestAbortedError) {
      this.#props.logger.warn('AWS endpoint: request aborted by the client; dropped', {
        target: req.headers['x-amz-target'] ?? `${req.method} ${req.url}`,
        detail: error.message,
      });
      res.destroy();
      return;
    }
    this.#props.logger.error('endpoint failure', {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    if (!res.headersSent && !res.destroyed) {
      sendError(res, CoreErrors.internalFailure(String(error)), { queryCompatible: false });
    } else res.destroy();
  }

  async #handle(
    req: IncomingMessage,
    res: ServerResponse,
    tag: SchedulerTag | undefined,
  ): Promise<void> {
    const clock = this.#props.clock;
    if (clock) res.setHeader('date', new Date(clock.now()).toUTCString());
    const body = await readBody(req);
    await this.admit(tag, String(req.headers['x-amz-target'] ?? `${req.method} ${req.url}`));
    // Drawn once the request may go: in a deterministic run ids come from the seed, in
    // the order requests are let through, not the order they happened to arrive in.
    res.setHeader('x-amzn-requestid', randomUUID());
    const target = req.headers['x-amz-target'];
    const url = requestUrl(req);
    this.#props.onRequest?.({
      method: req.method ?? 'GET',
      path: url?.pathname ?? req.url ?? '/',
      ...(typeof target === 'string' ? { target } : {}),
      body,
    });
    if (typeof target === 'string') return this.#handleJson(target, req, body, res);
    if (!url) {
      this.#props.logger.warn('AWS endpoint: refused a request target that is not a URL', {
        target: req.url,
      });
      return sendError(
        res,
        CoreErrors.invalidAction(`The request target ${req.url} is not a valid URL`),
        { queryCompatible: false },
      );
    }
    for (const route of this.#rest) {
      const answer = await route(
        req.method ?? 'GET',
        url.pathname,
        req.headers,
        body,
        url.searchParams,
      );
      if (answer) {
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.body);
        return;
      }
    }
    this.#props.logger.warn('request the local cloud does not understand', {
      method: req.method,
      path: url.pathname,
    });
    sendError(res, CoreErrors.invalidAction(`Unknown action: ${req.method} ${url.pathname}`), {
      queryCompatible: false,
    });
  }

  async #handleJson(target: string, req: IncomingMessage, body: Buffer, res: ServerResponse) {
    const dot = target.lastIndexOf('.');
    const prefix = dot < 0 ? target : target.slice(0, dot);
    const operation = dot < 0 ? '' : target.slice(dot + 1);
    const proxy = this.#proxies.get(prefix);
    if (proxy) {
      try {
        return await proxy(req, body, res);
      } catch (error) {
        if (error instanceof AwsServiceError)
          return sendError(res, error, {
            queryCompatible: false,
            contentType: jsonContentType(req),
          });
        this.#props.logger.error('proxied service failed', { target, error: String(error) });
        return sendError(
          res,
          CoreErrors.internalFailure(`${prefix} is unavailable: ${String(error)}`),
          { queryCompatible: false },
        );
      }
    }
    const contentType = jsonContentType(req);
    const service = this.#services.get(prefix);
    if (!service) {
      this.#props.logger.warn('request for a service the local cloud does not run', { target });
      return sendError(res, CoreErrors.unknownService(prefix), {
        queryCompatible: false,
        contentType,
      });
    }
    const queryCompatible = service.awsQueryCompatible === true;
    const reply = { queryCompatible, contentType };
    if (req.method !== 'POST') {
      return sendError(
        res,
        CoreErrors.invalidAction(`${req.method} is not supported for ${target}`),
        reply,
      );
    }
    if (!hasOperation(service, operation)) {
      this.#props.logger.warn('unknown operation', { service: prefix, operation });
      return sendError(res, CoreErrors.unknownOperation(operation), reply);
    }
    let input: unknown;
    try {
      input = body.length > 0 ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      input = undefined;
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return sendError(res, CoreErrors.notJsonObject(), reply);
    }
    try {
      const output = await runOperation(service, operation, input as Record<string, unknown>);
      res.writeHead(200, { 'content-type': contentType });
      res.end(JSON.stringify(output ?? {}));
    } catch (error) {
      if (error instanceof AwsServiceError) return sendError(res, error, reply);
      this.#props.logger.error('service failure', {
        service: prefix,
        operation,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      sendError(res, CoreErrors.internalFailure(String(error)), reply);
    }
  }
}

/** The JSON protocol version the client spoke, answered in kind. */
function jsonContentType(req: IncomingMessage): string {
  const sent = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim();
  return sent && JSON_CONTENT_TYPES.has(sent) ? sent : 'application/x-amz-json-1.0';
}

function sendError(
  res: ServerResponse,
  error: AwsServiceError,
  options: { queryCompatible: boolean; contentType?: string },
): void {
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-amz-json-1.0',
    'x-amzn-errortype': error.code,
  };
  if (options.queryCompatible) headers['x-amzn-query-error'] = `${error.queryCode};${error.fault}`;
  res.writeHead(error.statusCode, headers);
  res.end(JSON.stringify({ __type: error.code, message: error.message }));
}

const HOP_BY_HOP = new Set([
  ACTOR_HEADER,
  SEQUENCE_HEADER,
  'host',
  'connection',
  'content-length',
  'keep-alive',
  'transfer-encoding',
  'expect',
]);

/**
 * Forwards requests to another HTTP endpoint (DynamoDB Local), returning its
 * status, headers and body verbatim. The signature stays as the client made
 * it: DynamoDB Local reads the access key and region from it (its shared
 * database ignores both) and does not check it.
 *
 * Plain `http.request` on kept-alive connections rather than `fetch`: every
 * DynamoDB call of a local run passes through here, and undici's fetch spent
 * more CPU per forwarded request than the request itself.
 */
export function httpProxy(targetUrl: string): ProxyTarget {
  const target = new URL(targetUrl);
  return async (req, body, res) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string' && !HOP_BY_HOP.has(k)) headers[k] = v;
    }
    headers['content-length'] = String(body.length);
    const answer = await forwardOnce(target, req, headers, body);
    const out: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(answer.headers)) {
      // The endpoint frames and dates the answer itself (see `AwsEndpointProps.clock`).
      if (value === undefined || FRAMING.has(key) || (key === 'date' && res.hasHeader('date')))
        continue;
      out[key] = value;
    }
    res.writeHead(answer.status, out);
    res.end(answer.body);
  };
}

const FRAMING = new Set(['content-length', 'connection', 'keep-alive', 'transfer-encoding']);

/**
 * One pool of kept-alive connections for every proxy of the process, as
 * `fetch`'s global dispatcher was: the clouds a process starts one after
 * another (the simulator's runs) reuse the connections to the one DynamoDB
 * Local instead of each leaving its own open. Idle ones do not keep the
 * process alive (Node's agent unreferences them).
 */
const FORWARDING_AGENT = new Agent({ keepAlive: true });

interface ForwardedAnswer {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

/**
 * One request to the target. A kept-alive connection the target closes while
 * idle (it closes none with a request in progress) fails the next write with
 * ECONNRESET; that request is sent once more on a fresh connection, the retry
 * Node's `http` documentation recommends for `request.reusedSocket`.
 */
function forwardOnce(
  target: URL,
  req: IncomingMessage,
  headers: Record<string, string>,
  body: Buffer,
  retried = false,
): Promise<ForwardedAnswer> {
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      {
        agent: FORWARDING_AGENT,
        host: target.hostname,
        port: target.port,
        method: req.method ?? 'POST',
        path: req.url ?? '/',
        headers,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.once('error', reject);
        answer.once('end', () =>
          resolve({
            status: answer.statusCode ?? 502,
            headers: answer.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    out.once('error', (error: NodeJS.ErrnoException) => {
      if (out.reusedSocket && error.code === 'ECONNRESET' && !retried)
        forwardOnce(target, req, headers, body, true).then(resolve, reject);
      else reject(error);
    });
    out.end(body);
  });
}
