import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer, request } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpProxy } from '../../../../local/core/server';

/** What the target server saw of one request. */
interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly socket: Socket;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

/** A server on a free loopback port; `answer` decides each response. */
async function listen(
  answer: (seen: Seen, res: ServerResponse) => void,
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        socket: req.socket,
      };
      seen.push(s);
      answer(s, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** Sends one request through `proxy` (as the endpoint does) and reads the client's view of the answer. */
async function viaProxy(
  proxy: ReturnType<typeof httpProxy>,
  init: { path: string; headers: Record<string, string>; body: string },
): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  // A front server hands each request to the proxy, as the local cloud's endpoint does.
  const front = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      proxy(req, Buffer.concat(chunks), res).catch((error: Error) => {
        res.writeHead(599);
        res.end(error.message);
      });
    });
  });
  servers.push(front);
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  return new Promise((resolve, reject) => {
    const out = request(
      `${frontUrl}${init.path}`,
      { method: 'POST', headers: init.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    out.on('error', reject);
    out.end(init.body);
  });
}

describe('httpProxy: forwarding to DynamoDB Local', () => {
  it("forwards method, path, headers and body, and returns the target's status, headers and body verbatim", async () => {
    // Prepare: a target that echoes what it saw in a 400 with a header of its own.
    const target = await listen((s, res) => {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amz-crc32': '12345' });
      res.end(JSON.stringify({ __type: 'ValidationException', got: s.body }));
    });
    const proxy = httpProxy(target.url);

    // Act
    const answer = await viaProxy(proxy, {
      path: '/?x=1',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.PutItem',
        authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request',
        'x-local-actor': 'fn#1',
        'x-local-seq': '7',
      },
      body: '{"TableName":"t"}',
    });

    // Assess: the target saw the client's request less the scheduler's tags and hop-by-hop headers.
    const [seen] = target.seen;
    expect(seen?.method).toBe('POST');
    expect(seen?.url).toBe('/?x=1');
    expect(seen?.body).toBe('{"TableName":"t"}');
    expect(seen?.headers['x-amz-target']).toBe('DynamoDB_20120810.PutItem');
    expect(seen?.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request',
    );
    expect(seen?.headers['content-length']).toBe(String(Buffer.byteLength('{"TableName":"t"}')));
    expect(seen?.headers['x-local-actor']).toBeUndefined();
    expect(seen?.headers['x-local-seq']).toBeUndefined();
    expect(answer.status).toBe(400);
    expect(answer.headers['x-amz-crc32']).toBe('12345');
    expect(JSON.parse(answer.body)).toEqual({
      __type: 'ValidationException',
      got: '{"TableName":"t"}',
    });
  });

  it('keeps the connection to the target alive between requests', async () => {
    // Prepare
    const target = await listen((_s, res) => res.end('{}'));
    const proxy = httpProxy(target.url);
    const init = { path: '/', headers: {}, body: '{}' };

    // Act
    await viaProxy(proxy, init);
    await viaProxy(proxy, init);

    // Assess: both requests came over one TCP connection.
    expect(target.seen).toHaveLength(2);
    expect(target.seen[1]?.socket).toBe(target.seen[0]?.socket);
  });

  it('sends a request once more on a fresh connection when the kept-alive one was reset', async () => {
    // Prepare: the target resets the connection the second request arrives on, unanswered.
    let requests = 0;
    const target = await listen((s, res) => {
      requests++;
      if (requests === 2) s.socket.resetAndDestroy();
      else res.end(`{"n":${requests}}`);
    });
    const proxy = httpProxy(target.url);
    const init = { path: '/', headers: {}, body: '{}' };
    await viaProxy(proxy, init);

    // Act
    const answer = await viaProxy(proxy, init);

    // Assess: answered by the third request, on another connection.
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('{"n":3}');
    expect(target.seen[2]?.socket).not.toBe(target.seen[1]?.socket);
  });

  it('fails a request the target resets on a fresh connection, without a second try', async () => {
    // Prepare: a target that resets every connection.
    const target = await listen((s) => s.socket.resetAndDestroy());
    const proxy = httpProxy(target.url);

    // Act
    const answer = await viaProxy(proxy, { path: '/', headers: {}, body: '{}' });

    // Assess: the proxy's promise rejected (the front server answered 599 with the error).
    expect(answer.status).toBe(599);
    expect(answer.body).toMatch(/ECONNRESET|socket hang up/);
    expect(target.seen).toHaveLength(1);
  });
});
