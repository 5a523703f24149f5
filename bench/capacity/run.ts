/**
 * `npm run bench:capacity [-- --orders 60 --concurrency 4 --seconds 20]`:
 * what the local cloud costs in time, as ratios so the machine's noise
 * cancels, all in one run against one DynamoDB Local:
 * - time per order through the local cloud (HTTP API → command function →
 *   store → stream → outbox → bus → queues → saga starter → state machine →
 *   steps → projector and notifier, until every queue is empty and every
 *   execution closed) over the time per order of the same bundled handlers
 *   called in this thread (`orderInProcess`), same orders, same concurrency;
 *   goal ≤ 2;
 * - the sustained rate of `POST /orders` the local cloud serves, with the
 *   p50/p95/p99 latency of each request (no bar: this machine's figure).
 * Writes bench/results/capacity.json.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureSynthesized } from '../../local/cli/ensure-synthesized';
import { memoryLogger } from '../../local/core/console-logger';
import { runAppLocally } from '../../local/run-app';
import { pool, post, settle } from '../flow/order-workload';
import { positiveIntegers } from '../positive-integers';
import { directStore, loadInProcess, orderInProcess } from './in-process';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '20' },
  },
});
const {
  orders: ORDERS,
  concurrency: CONCURRENCY,
  seconds: SECONDS,
} = positiveIntegers({
  orders: values.orders,
  concurrency: values.concurrency,
  seconds: values.seconds,
});

const root = process.cwd();
const assemblyDir = join(root, 'cdk.out');
await ensureSynthesized(root, assemblyDir, (line) => console.log(line));
const app = await runAppLocally({ assemblyDir, logger: memoryLogger() });
try {
  const outputs = Object.values(app.deployment.outputs)[0] ?? {};
  const stateMachineArn = String(outputs.OrderSagaStateMachineArn);
  const api = app.apiUrl as string;
  const ddb = app.cloud.dynamoDbEndpoint;
  const store = directStore(ddb, String(outputs.EventTableName));
  const fns = await loadInProcess(app.deployment.runtime.functions, ddb);

  // One SKU per order (no contention on a stock stream in either mode), stocked through the API.
  const skuOf = (mode: string, i: number) => `CAP-${mode}-${i}`;
  const modes = ['warm', 'cloud', 'inproc'] as const;
  const count = (mode: string) => (mode === 'warm' ? CONCURRENCY * 2 : ORDERS);
  for (const mode of modes)
    await pool(count(mode), CONCURRENCY, async (i) => {
      // Retried: a cold start on a busy machine can pass the function's timeout.
      for (let attempt = 1; ; attempt++) {
        try {
          await post(
            `${api}/inventory/${skuOf(mode, i)}/stock`,
            JSON.stringify({ quantity: 5 }),
            200,
          );
          return;
        } catch (error) {
          if (attempt === 3) throw error;
        }
      }
    });
  await settle(app, stateMachineArn, 120_000);
  const body = (mode: string, i: number) =>
    JSON.stringify({
      customerId: `cap-${mode}-${i}`,
      customerEmail: `cap-${i}@example.com`,
      lines: [{ sku: skuOf(mode, i), quantity: 1, unitPrice: { amount: 990, currency: 'EUR' } }],
    });

  // Warm both paths (cold starts are not what this measures).
  await pool(CONCURRENCY, CONCURRENCY, async (i) => {
    await post(`${api}/orders`, body('warm', i), 201);
  });
  await settle(app, stateMachineArn, 120_000);
  await pool(CONCURRENCY, CONCURRENCY, (i) =>
    orderInProcess(fns, store, body('warm', CONCURRENCY + i), skuOf('warm', CONCURRENCY + i), 1),
  );

  // The same orders, the same concurrency, through the cloud and in process.
  const cloudStarted = performance.now();
  const cloudOrders: string[] = [];
  await pool(ORDERS, CONCURRENCY, async (i) => {
    const placed = (await post(`${api}/orders`, body('cloud', i), 201)) as { orderId: string };
    cloudOrders.push(placed.orderId);
  });
  await settle(app, stateMachineArn, 20 * 60_000);
  const cloudMs = performance.now() - cloudStarted;
  // Orders the local cloud did not confirm (e.g. a step past its timeout on a busy machine), by last event.
  const notConfirmed: Record<string, number> = {};
  for (const orderId of cloudOrders) {
    const last = (await store.read(`order-${orderId}`, { direction: 'backward', maxCount: 1 }))
      .events[0];
    if (last?.type !== 'OrderConfirmed')
      notConfirmed[last?.type ?? 'none'] = (notConfirmed[last?.type ?? 'none'] ?? 0) + 1;
  }

  const inProcessStarted = performance.now();
  await pool(ORDERS, CONCURRENCY, (i) =>
    orderInProcess(fns, store, body('inproc', i), skuOf('inproc', i), 1),
  );
  const inProcessMs = performance.now() - inProcessStarted;

  // Sustained POST /orders: as many as CONCURRENCY clients get served for SECONDS.
  const latencies: number[] = [];
  const sustainedStarted = performance.now();
  const until = sustainedStarted + SECONDS * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const i = n++;
        const t = performance.now();
        await post(
          `${api}/orders`,
          JSON.stringify({
            customerId: `rate-${i}`,
            lines: [
              {
                sku: skuOf('cloud', i % ORDERS),
                quantity: 1,
                unitPrice: { amount: 990, currency: 'EUR' },
              },
            ],
          }),
          201,
        );
        latencies.push(performance.now() - t);
      }
    }),
  );
  const sustainedMs = performance.now() - sustainedStarted;
  await settle(app, stateMachineArn, 20 * 60_000);

  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p: number) =>
    round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0, 1);
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: availableParallelism(), loadAverageAfter: loadavg().map((l) => round(l, 1)) },
    orders: ORDERS,
    concurrency: CONCURRENCY,
    perOrder: {
      localCloudMs: round(cloudMs / ORDERS, 1),
      inProcessMs: round(inProcessMs / ORDERS, 1),
      overhead: round(cloudMs / inProcessMs, 2),
      localCloudNotConfirmed: notConfirmed,
      goal: '≤ 2',
      localCloudPath:
        'HTTP API → place-order → event table → stream poller → outbox → PutEvents → rules → queues → saga starter → StartExecution → steps (load, reserve, charge, confirm) → projector, notifier; until all queues are empty and all executions closed',
      inProcessPath:
        "the same bundles called in this thread: place-order, the four steps, then projector and notifier with the order's events read back from the store (no stream, outbox, bus, queues or state machine)",
    },
    sustainedPostOrders: {
      seconds: round(sustainedMs / 1000, 1),
      clients: CONCURRENCY,
      requests: latencies.length,
      perSecond: round(latencies.length / (sustainedMs / 1000), 1),
      latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: round(sorted.at(-1) ?? 0, 1) },
    },
  };
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(root, 'bench', 'results', 'capacity.json'),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  console.log(JSON.stringify(result, null, 2));
} finally {
  await app.stop();
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
