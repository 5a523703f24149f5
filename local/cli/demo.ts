/**
 * `npm run demo`: runs eventline on the local cloud and drives a scenario
 * through its HTTP API — the saga's happy path and both failure paths (short
 * of stock, payment declined), a flaky payment retried, the read models and
 * the customer's email, a confirmed order cancelled and refunded, an archive
 * replay — printing what happened. Exits 0 only if every step did what it should.
 */
import { join } from 'node:path';
import { DescribeArchiveCommand } from '@aws-sdk/client-eventbridge';
import { consoleLogger } from '../core/console-logger';
import type { RunningApp } from '../run-app';
import { runAppLocally } from '../run-app';
import { replayArchiveToNewRule } from '../services/eventbridge/archive-replay';
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
  const line = (quantity: number) => ({
    sku,
    quantity,
    unitPrice: { amount: 1250, currency: 'EUR' },
  });
  /** Polls (real time) until `test` holds for the value `read` gives, or 15 s pass. */
  const until = async <T>(read: () => Promise<T>, test: (value: T) => boolean): Promise<T> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const value = await read();
      if (test(value) || Date.now() > deadline) return value;
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  type Order = {
    status: string;
    cancelReason?: string;
    reservation: { lines: Record<string, number> };
    payment: { status: string; authorized?: { amount: number }; refunded?: { amount: number } };
    total: { amount: number };
  };
  const settled = (orderId: string) =>
    until(
      async () => (await call('GET', `/orders/${orderId}`)).body as unknown as Order,
      (o) => o.status !== 'placed',
    );
  const available = async () => Number((await call('GET', `/inventory/${sku}`)).body.available);

  const stock = await call('POST', `/inventory/${sku}/stock`, { quantity: 10 });
  check(
    'add 10 units of stock',
    stock.status === 200 && stock.body.available === 10,
    JSON.stringify(stock.body),
  );

  // Happy path: reserved, charged, confirmed — and the customer is emailed.
  const happy = await call('POST', '/orders', {
    customerId: 'alice',
    customerEmail: 'alice@example.com',
    lines: [line(2)],
  });
  check('place order 1 (alice, 2 units)', happy.status === 201, JSON.stringify(happy.body));
  const order1 = await settled(String(happy.body.orderId));
  check(
    'the saga confirms order 1: 2 units reserved, 25.00 EUR authorized',
    order1.status === 'confirmed' &&
      order1.reservation.lines[sku] === 2 &&
      order1.payment.authorized?.amount === 2500,
    `${order1.status}, payment ${order1.payment.status}`,
  );

  // Failure path 1: more than the stock.
  const greedy = await call('POST', '/orders', { customerId: 'greedy', lines: [line(50)] });
  const order2 = await settled(String(greedy.body.orderId));
  check(
    'order 2 (50 units) is cancelled by the saga, naming the stock, and no stock moves',
    order2.status === 'cancelled' &&
      /StockRejected/.test(order2.cancelReason ?? '') &&
      (await available()) === 8,
    order2.cancelReason ?? '',
  );

  // Failure path 2: the payment is declined; the reservation is released.
  const declined = await call('POST', '/orders', {
    customerId: 'sandbox-decline-dave',
    lines: [line(3)],
  });
  const order3 = await settled(String(declined.body.orderId));
  check(
    'order 3 (sandbox-decline) is cancelled, its payment declined and its 3 units released',
    order3.status === 'cancelled' &&
      order3.payment.status === 'declined' &&
      (order3.reservation.lines[sku] ?? 0) === 0 &&
      (await available()) === 8,
    order3.cancelReason ?? '',
  );

  // A flaky provider: two transient failures, retried, then confirmed.
  const flaky = await call('POST', '/orders', {
    customerId: 'sandbox-flaky-fay',
    lines: [line(1)],
  });
  const order4 = await settled(String(flaky.body.orderId));
  check(
    'order 4 (sandbox-flaky) is confirmed after its payment was retried',
    order4.status === 'confirmed',
    order4.payment.status,
  );

  // The read models and the email follow.
  const mine = await until(
    async () => (await call('GET', '/customers/alice/orders')).body,
    (b) => (b.items as { status: string }[] | undefined)?.[0]?.status === 'confirmed',
  );
  check(
    'GET /customers/alice/orders shows order 1 confirmed',
    (mine.items as { orderId: string; status: string }[])[0]?.orderId === happy.body.orderId,
    JSON.stringify(mine.freshness),
  );
  const emails = await until(
    async () =>
      (
        (await (await fetch(`${a.cloud.url}/_aws/ses`)).json()) as {
          messages: { Subject: string; Destination: { ToAddresses: string[] } }[];
        }
      ).messages.filter((m) => m.Destination.ToAddresses.includes('alice@example.com')),
    (list) => list.length >= 1,
  );
  check(
    'alice got one email: her order is confirmed',
    emails.length === 1 && /is confirmed/.test(emails[0]?.Subject ?? ''),
    emails[0]?.Subject ?? 'none',
  );

  // Cancelling a confirmed order refunds it and puts the stock back.
  const cancel = await call('POST', `/orders/${String(happy.body.orderId)}/cancel`, {
    reason: 'changed mind',
  });
  check(
    'cancel order 1',
    cancel.status === 200 && cancel.body.status === 'cancelled',
    JSON.stringify(cancel.body),
  );
  const undone = await until(
    async () =>
      (await call('GET', `/orders/${String(happy.body.orderId)}`)).body as unknown as Order,
    (o) => o.payment.status === 'refunded' && (o.reservation.lines[sku] ?? 0) === 0,
  );
  check(
    'order 1 is refunded and its 2 units are back',
    undone.payment.refunded?.amount === 2500 && (await available()) === 9,
    `available ${await available()} (10 − 1 held by order 4)`,
  );
  const again = await call('POST', `/orders/${String(happy.body.orderId)}/cancel`, {
    reason: 'again',
  });
  check('a second cancel is refused with 422', again.status === 422, String(again.body.code));

  // Replaying the archive window re-delivers what the bus carried, marked as a replay.
  // The outbox's last records may wait out its batching window or a retry (on the clock, not in flight).
  await a.idle();
  while (a.heldStreamRecords() > 0) {
    await a.cloud.clock.sleep(250);
    await a.idle();
  }
  const archiveName = a.deployment.resources.find((r) => r.type === 'AWS::Events::Archive')
    ?.physicalId as string;
  const archived =
    (await a.clients.events.send(new DescribeArchiveCommand({ ArchiveName: archiveName })))
      .EventCount ?? 0;
  const replayed = await replayArchiveToNewRule(a, {
    replayName: 'demo',
    pattern: { source: [{ prefix: 'eventline.' }] },
    from: new Date(started),
    to: new Date(a.cloud.clock.now() + 1000),
  });
  const names = new Set(replayed.map((e) => e['replay-name']));
  check(
    'replaying the archive window re-delivers every archived event with replay-name',
    replayed.length === archived && archived > 0 && names.size === 1 && names.has('demo'),
    `${replayed.length} of ${archived} archived events`,
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
