import { connect } from 'node:net';

/** What came back on a raw connection: the bytes the server wrote before it closed. */
export interface RawAnswer {
  readonly text: string;
  /** Status code of the first response line, when there is one. */
  readonly status: number | undefined;
}

/**
 * Writes `bytes` on a fresh TCP connection to `url` and collects what the
 * server answers until it closes (or `timeoutMs` passes). With
 * `destroyAfterWrite`, the client drops the connection right after writing,
 * as a client that goes away mid-request does.
 */
export async function sendRaw(
  url: string,
  bytes: string | Buffer,
  options: { destroyAfterWrite?: boolean; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  const chunks: Buffer[] = [];
  return new Promise<RawAnswer>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ text, status: status ? Number(status) : undefined });
    };
    const timer = setTimeout(done, options.timeoutMs ?? 2_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', done);
    socket.on('error', done);
    socket.on('connect', () => {
      socket.write(bytes, () => {
        if (options.destroyAfterWrite) setImmediate(() => socket.destroy());
      });
    });
  });
}

/** A request line and headers, CRLF-terminated, with an optional body. */
export function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  body = '',
): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
