import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { AwsServiceError } from './errors';
import { closeServer, listenOnLoopback, loopbackUrl, readBody } from './http';
import type { AwsJsonService, CloudLogger } from './service';

/** Handles a REST-style request (Lambda's invoke API); undefined when the path is not its own. */
export type RestRoute = (
  method: string,
  path: string,
  headers: IncomingMessage['headers'],
  body: Buffer,
) => Promise<{ status: number; headers?: Record<string, string>; body: string } | undefined>;

/** Forwards a request verbatim (DynamoDB and its streams go to DynamoDB Local). */
export type ProxyTarget = (
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
) => Promise<void>;

export interface AwsEndpointProps {
  readonly logger: CloudLogger;
  /** @default 0 - a free port */
  readonly port?: number;
}

/**
 * The local cloud's one HTTP endpoint, spoken to by the unmodified AWS SDK v3
 * clients through `endpoint` / `AWS_ENDPOINT_URL`. JSON-protocol requests are
 * routed by `X-Amz-Target: <prefix>.<Operation>` to a service or a proxy;
 * other requests go to the REST routes (Lambda). Errors are answered in AWS's
 * JSON error shape; unknown operations with `UnknownOperationException`.
 */
export class AwsEndpoint {
  readonly #services = new Map<string, AwsJsonService>();
  readonly #proxies = new Map<string, ProxyTarget>();
  readonly #rest: RestRoute[] = [];
  readonly #props: AwsEndpointProps;
  #server: Server | undefined;

  constructor(props: AwsEndpointProps) {
    this.#props = props;
  }

  addService(service: AwsJsonService): void {
    this.#services.set(service.targetPrefix, service);
  }

  addProxy(targetPrefix: string, proxy: ProxyTarget): void {
    this.#proxies.set(targetPrefix, proxy);
  }

  addRestRoute(route: RestRoute): void {
    this.#rest.push(route);
  }

  async listen(): Promise<string> {
    const server = createServer((req, res) => {
      void this.#handle(req, res).catch((error: unknown) => {
        this.#props.logger.error('endpoint failure', { error: String(error) });
        if (!res.headersSent)
          sendJson(res, 500, { __type: 'InternalFailure', message: String(error) });
      });
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
    const body = await readBody(req);
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') {
      const dot = target.lastIndexOf('.');
      const prefix = target.slice(0, dot);
      const operation = target.slice(dot + 1);
      const proxy = this.#proxies.get(prefix);
      if (proxy) return proxy(req, body, res);
      const service = this.#services.get(prefix);
      if (!service) {
        this.#props.logger.warn('request for a service the local cloud does not run', { target });
        return sendJson(res, 400, {
          __type: 'UnknownOperationException',
          message: `Unknown service ${prefix}`,
        });
      }
      return this.#callService(service, operation, body, res);
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    for (const route of this.#rest) {
      const answer = await route(req.method ?? 'GET', url.pathname, req.headers, body);
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
    sendJson(res, 400, {
      __type: 'InvalidAction',
      message: `Unknown action: ${req.method} ${url.pathname}`,
    });
  }

  async #callService(
    service: AwsJsonService,
    operation: string,
    body: Buffer,
    res: ServerResponse,
  ) {
    if (!service.operations.has(operation)) {
      this.#props.logger.warn('unknown operation', { service: service.targetPrefix, operation });
      return sendError(
        res,
        new AwsServiceError('UnknownOperationException', `Unknown operation ${operation}`),
      );
    }
    let input: Record<string, unknown>;
    try {
      input = body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      return sendError(
        res,
        new AwsServiceError('SerializationException', 'The request body is not JSON'),
      );
    }
    try {
      const output = await service.handle(operation, input);
      sendJson(res, 200, output ?? {});
    } catch (error) {
      if (error instanceof AwsServiceError) return sendError(res, error);
      this.#props.logger.error('service failure', {
        service: service.targetPrefix,
        operation,
        error: String(error),
      });
      sendError(res, new AwsServiceError('InternalFailure', String(error), 500));
    }
  }
}

function sendError(res: ServerResponse, error: AwsServiceError): void {
  res.writeHead(error.statusCode, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-errortype': error.code,
    // SQS's JSON protocol keeps its query-protocol error codes in this header.
    'x-amzn-query-error': `${error.code};${error.statusCode >= 500 ? 'Receiver' : 'Sender'}`,
  });
  res.end(JSON.stringify({ __type: error.code, message: error.message }));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
  res.end(JSON.stringify(body));
}

/** Forwards requests to another HTTP endpoint (DynamoDB Local), returning its answer verbatim. */
export function httpProxy(targetUrl: string): ProxyTarget {
  return async (req, body, res) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string' && !['host', 'connection', 'content-length'].includes(k))
        headers[k] = v;
    }
    const answer = await fetch(`${targetUrl}${req.url ?? '/'}`, {
      method: req.method ?? 'POST',
      headers,
      body,
    });
    const out: Record<string, string> = {};
    answer.headers.forEach((value, key) => {
      if (!['content-length', 'connection', 'transfer-encoding', 'content-encoding'].includes(key))
        out[key] = value;
    });
    res.writeHead(answer.status, out);
    res.end(Buffer.from(await answer.arrayBuffer()));
  };
}
