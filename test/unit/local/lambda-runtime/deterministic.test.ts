import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../local/core/clock';
import { memoryLogger } from '../../../../local/core/console-logger';
import {
  ACTOR_HEADER,
  DeterministicScheduler,
  SEQUENCE_HEADER,
  schedulerTag,
} from '../../../../local/core/scheduler';
import { LambdaFunctionRuntime } from '../../../../local/services/lambda/runtime/LambdaFunctionRuntime';

/** A handler that reports its randomness and calls `event.url` twice, in parallel. */
const HANDLER_SOURCE = `
import { randomUUID } from 'node:crypto';
import http from 'node:http';
const get = (url, name) => new Promise((resolve, reject) => {
  const req = http.request(url + '/' + name, { method: 'POST' }, (res) => {
    let body = '';
    res.on('data', (c) => { body += c; });
    res.on('end', () => resolve(body));
  });
  req.on('error', reject);
  req.end();
});
export const handler = async (event) => {
  const seen = { uuid: randomUUID(), web: crypto.randomUUID(), random: Math.random() };
  if (event.url) seen.answers = await Promise.all([get(event.url, 'first'), get(event.url, 'second')]);
  return seen;
};
`;

function writeAsset(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eventline-asset-'));
  writeFileSync(join(dir, 'index.mjs'), HANDLER_SOURCE);
  return join(dir, 'index.mjs');
}

const runtimes: LambdaFunctionRuntime[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.close()));
  for (const s of servers.splice(0)) s.close();
});

function runtime(scheduler: DeterministicScheduler, modulePath = writeAsset()) {
  const fn = new LambdaFunctionRuntime({
    functionName: 'det-fn',
    functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:det-fn',
    modulePath,
    handlerName: 'handler',
    environment: {},
    clock: new ManualClock(),
    virtualTime: true,
    scheduler,
  });
  runtimes.push(fn);
  return fn;
}

/** A server standing in for the endpoint: holds each tagged request until the scheduler lets it go. */
async function endpoint(scheduler: DeterministicScheduler, seen: IncomingMessage['headers'][]) {
  const server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', async () => {
      const tag = schedulerTag(req);
      if (tag) await scheduler.admit(tag.actor, tag.seq, req.url ?? '');
      res.end(req.url);
      if (tag) scheduler.answered(tag.actor, tag.seq);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('Deterministic execution environments', () => {
  it('seed the randomness the code draws: the same seed gives the same values, another seed others', async () => {
    // Prepare
    const logger = memoryLogger();
    const asset = writeAsset();
    const draw = async (seed: number) => {
      const scheduler = new DeterministicScheduler({ seed, logger });
      const result = await runtime(scheduler, asset).invoke({});
      return JSON.parse(result.payload) as { uuid: string; web: string; random: number };
    };

    // Act
    const first = await draw(11);
    const again = await draw(11);
    const other = await draw(12);

    // Assess
    expect(again).toEqual(first);
    expect(other.uuid).not.toBe(first.uuid);
    expect(other.random).not.toBe(first.random);
    // Still version-4 UUIDs (RFC 9562: version nibble 4, variant bits 10).
    expect(first.uuid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(first.web).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('tag each request with the environment and a sequence number, and wait for the scheduler', async () => {
    // Prepare
    const scheduler = new DeterministicScheduler({ seed: 3, logger: memoryLogger() });
    const headers: IncomingMessage['headers'][] = [];
    const url = await endpoint(scheduler, headers);

    // Act
    const result = await runtime(scheduler).invoke({ url });

    // Assess: both requests went through the scheduler, one at a time, and were answered.
    const answers = (JSON.parse(result.payload) as { answers: string[] }).answers;
    expect(answers).toEqual(['/first', '/second']);
    expect(headers.map((h) => h[ACTOR_HEADER])).toEqual(['det-fn#1', 'det-fn#1']);
    expect(headers.map((h) => Number(h[SEQUENCE_HEADER])).sort()).toEqual([1, 2]);
    expect(scheduler.granted).toBe(2);
    expect(scheduler.forced).toBe(0);
  });
});
