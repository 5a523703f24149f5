import { once } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Reads a request's whole body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
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
