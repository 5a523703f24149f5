/**
 * `npm run demo`: runs eventline on the local cloud and drives a short
 * scenario through its HTTP API — add stock, place two orders, cancel one,
 * read them back, replay the archive window — printing what happened. Exits 0
 * only if every step did what it should.
 */
import { join } from 'node:path';
import { DescribeArchiveCommand } from '@aws-sdk/client-eventbridge';
import { replayArchiveToNewRule } from '../archive-replay';
import { consoleLogger } from '../core/console-logger';
import type { RunningApp } from '../run-app';
import { runAppLocally } from '../run-app';
import { ensureSynthesized } from './ensure-synthesized';
import { parsePorts } from './options';

const root = process.cwd();
const ports = parsePorts(process.argv.slice(2), process.env, { port: 0, apiPort: 0 });
const failures: string[] = [];
let step = 0;
const check = (what: string, ok: boolean, detail = '') => {
  step++;
  console.log(`${ok ? '✔' : '✘'} ${step}. ${what}${detail ? ` — ${detail}` : ''}`);
  if (!ok) failures.push(what);
};

let app: RunningApp | undefined;
try {
  await ensureSynthesized(root, join(root, 'cdk.out'), console.log);
  app = await runAppLocally({
    port: ports.port,
    apiPort: ports.apiPort,
    logger: consoleLogger({ quiet: true }),
  });
  const a = app;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${a.apiUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'demo' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const started = a.cloud.clock.now() - 1000;
  const sku = `DEMO-${Date.now()}`;
  const line = { sku, quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } };

  const stock = await call('POST', `/inventory/${sku}/stock`, { quantity: 10 });
  check(
    'add 10 units of stock',
    stock.status === 200 && stock.body.available === 10,
    JSON.stringify(stock.body),
  );
  const first = await call('POST', '/orders', { customerId: 'alice', lines: [line] });
  check('place order 1', first.status === 201, JSON.stringify(first.body));
  const second = await call('POST', '/orders', { customerId: 'bob', lines: [line] });
  check('place order 2', second.status === 201, JSON.stringify(second.body));
  const cancel = await call('POST', `/orders/${String(second.body.orderId)}/cancel`, {
    reason: 'changed mind',
  });
  check(
    'cancel order 2',
    cancel.status === 200 && cancel.body.status === 'cancelled',
    JSON.stringify(cancel.body),
  );
  const again = await call('POST', `/orders/${String(second.body.orderId)}/cancel`, {
    reason: 'again',
  });
  check('a second cancel is refused with 422', again.status === 422, String(again.body.code));
  const read1 = await call('GET', `/orders/${String(first.body.orderId)}`);
  check(
    'read order 1: placed, total 25.00 EUR',
    read1.body.status === 'placed' && (read1.body.total as { amount: number }).amount === 2500,
  );
  const read2 = await call('GET', `/orders/${String(second.body.orderId)}`);
  check(
    'read order 2: cancelled',
    read2.body.status === 'cancelled',
    `version ${String(read2.body.version)}`,
  );
  const events = await call('GET', `/orders/${String(second.body.orderId)}/events`);
  const types = (events.body.events as { type: string }[]).map((e) => e.type);
  check(
    'order 2 has OrderPlaced, OrderCancelled',
    types.join() === 'OrderPlaced,OrderCancelled',
    types.join(', '),
  );

  // Wait for the outbox to publish all 4 events, then replay the window.
  const archiveName = a.deployment.resources.find((r) => r.type === 'AWS::Events::Archive')
    ?.physicalId as string;
  let archived = 0;
  for (let i = 0; i < 100 && archived < 4; i++) {
    await a.idle();
    archived =
      (await a.clients.events.send(new DescribeArchiveCommand({ ArchiveName: archiveName })))
        .EventCount ?? 0;
    if (archived < 4) await new Promise((r) => setTimeout(r, 100));
  }
  check(
    'the outbox published the 4 events and the archive holds them',
    archived >= 4,
    `${archived} archived`,
  );

  const replayed = await replayArchiveToNewRule(a, {
    replayName: 'demo',
    pattern: { source: [{ prefix: 'eventline.' }] },
    from: new Date(started),
    to: new Date(a.cloud.clock.now() + 1000),
  });
  const names = new Set(replayed.map((e) => e['replay-name']));
  check(
    'replaying the archive window re-delivers the 4 events with replay-name',
    replayed.length === 4 && names.size === 1 && names.has('demo'),
    `${replayed.length} received`,
  );
} catch (error) {
  check('the demo ran', false, error instanceof Error ? error.message : String(error));
} finally {
  await app?.stop();
}
console.log(
  failures.length === 0
    ? '\nDemo passed: every step did what it should.'
    : `\nDemo FAILED: ${failures.join('; ')}`,
);
process.exit(failures.length === 0 ? 0 : 1);
