import { once } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { CloudLogger } from './service';

/** The client went away before its request body arrived whole. */
export class RequestAbortedError extends Error {
  constructor(received: number, announced: string | undefined, options?: { cause?: unknown }) {
    super(
      `the client closed the connection after ${received} of ${announced ?? 'an unknown number of'} body bytes`,
      options,
    );
    this.name = 'RequestAbortedError';
  }
}

/**
 * Reads a request's whole body.
 * @throws RequestAbortedError when the client closes the connection mid-body
 */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
      received += (chunk as Buffer).length;
    }
  } catch (error) {
    throw new RequestAbortedError(received, req.headers['content-length'], { cause: error });
  }
  // A stream that ended without error may still have been cut short.
  if (req.readableAborted || !req.complete) {
    throw new RequestAbortedError(received, req.headers['content-length']);
  }
  return Buffer.concat(chunks);
}

/**
 * The request's path and query, or undefined when the request target is not
 * something a URL can be made of (`GET http://[::1 HTTP/1.1`).
 */
export function requestUrl(req: IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return undefined;
  }
}

/** `decodeURIComponent`, or undefined for a malformed percent-encoding (`%E0%A4%A`). */
export function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

const CLIENT_GONE = new Set(['ECONNRESET', 'HPE_INVALID_EOF_STATE']);

/**
 * Makes a server answer what Node's HTTP parser refuses (bytes that are not
 * HTTP: 400; a request head over Node's 16 KiB limit: 431), logging each,
 * and drop connections the client has closed or reset.
 */
export function answerClientErrors(server: Server, logger: CloudLogger, serverName: string): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    // The client went away (reset, or closed mid-request): nobody to answer. A request
    // whose head had arrived is logged by its handler, which sees its body cut short.
    if (CLIENT_GONE.has(error.code ?? '') || !socket.writable) {
      socket.destroy();
      return;
    }
    logger.warn(`${serverName}: refused a request it cannot parse`, {
      code: error.code,
      status,
    });
    const reason = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
}

/** Starts `server` on a loopback port (0 = a free one) and resolves with its base URL. */
export async function listenOnLoopback(server: Server, port: number): Promise<string> {
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return loopbackUrl(server);
}

/** `http://127.0.0.1:<port>` of a listening server. */
export function loopbackUrl(server: Server | undefined): string {
  const address = server?.address() as AddressInfo | null | undefined;
  if (!address) throw new Error('the server is not listening');
  return `http://127.0.0.1:${address.port}`;
}

/** Closes a server, dropping kept-alive connections so it stops at once. */
export async function closeServer(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
