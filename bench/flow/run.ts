/**
 * `npm run bench:flow [-- --orders 200]`: drives a burst of orders (7 in 10
 * confirmed, 2 declined by the payment sandbox, 1 cancelled once confirmed)
 * through the synthesized app on the local cloud, counts every AWS request it
 * makes by service and operation, and prices them at AWS's us-east-1
 * on-demand prices as dollars per million orders. Writes
 * bench/results/flow.json and prints the bill.
 */

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureSynthesized } from '../../local/cli/ensure-synthesized';
import { memoryLogger } from '../../local/core/console-logger';
import { runAppLocally } from '../../local/run-app';
import { startDynamoDbLocal } from '../../local/services/dynamodb/start-dynamodb-local';
import { positiveIntegers } from '../positive-integers';
import { AwsRequestCounter } from './AwsRequestCounter';
import { expressExecutionUsd, priceFlow } from './cost';
import { DynamoDbMeter } from './DynamoDbMeter';
import type { OrderKind } from './order-workload';
import { executionHistories, kindOf, orderBody, pool, post, settle } from './order-workload';
import { PRICES_AS_OF } from './prices';
import { simulateOutbox } from './simulate-outbox';
import { LOCAL_THROTTLE, summarizeTransitions } from './state-transitions';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '8' },
    skus: { type: 'string', default: '20' },
  },
});
const {
  orders: ORDERS,
  concurrency: CONCURRENCY,
  skus: SKUS,
} = positiveIntegers({
  orders: values.orders,
  concurrency: values.concurrency,
  skus: values.skus,
});

const root = process.cwd();
const assemblyDir = join(root, 'cdk.out');
await ensureSynthesized(root, assemblyDir, (line) => console.log(line));

const ddb = await startDynamoDbLocal();
const meter = new DynamoDbMeter(ddb.endpoint);
const counter = new AwsRequestCounter();
const logger = memoryLogger();
const app = await runAppLocally({
  assemblyDir,
  dynamodb: { endpoint: await meter.start() },
  logger,
  onAwsRequest: counter.onAwsRequest,
  onDispatch: counter.onDispatch,
  onApiRequest: counter.onApiRequest,
});
try {
  counter.meterFunctions(app.deployment.runtime.functions, app.cloud.clock);
  const outputs = Object.values(app.deployment.outputs)[0] ?? {};
  const stateMachineArn = String(outputs.OrderSagaStateMachineArn);
  const api = app.apiUrl as string;

  // Setup (not measured): stock for every SKU.
  const skus = Array.from({ length: SKUS }, (_, i) => `BENCH-${i}`);
  // Retried: a cold start on a busy machine can pass the function's timeout, and stock added
  // twice only leaves more than the orders need.
  await pool(skus.length, CONCURRENCY, async (i) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await post(`${api}/inventory/${skus[i]}/stock`, JSON.stringify({ quantity: ORDERS }), 200);
        return;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  });
  await settle(app, stateMachineArn, 60_000);
  counter.reset();
  meter.reset();

  // The burst: every order placed at once (CONCURRENCY requests in flight).
  const orders: { id: string; kind: OrderKind }[] = [];
  const burstStarted = performance.now();
  const refused: string[] = [];
  await pool(ORDERS, CONCURRENCY, async (i) => {
    try {
      const answer = (await post(`${api}/orders`, orderBody(i, skus), 201)) as { orderId: string };
      orders.push({ id: answer.orderId, kind: kindOf(i) });
    } catch (error) {
      // Not retried (without an Idempotency-Key a retry could place it twice): counted, reported.
      refused.push(String(error));
    }
  });
  const placedMs = performance.now() - burstStarted;
  const placed = orders.length;
  await settle(app, stateMachineArn, 20 * 60_000);
  const settledMs = performance.now() - burstStarted;
  const burstPutEvents = [...counter.putEventsEntries];
  const burstArrivals = [...meter.committedEvents];

  // Then the cancellations of confirmed orders (refund and stock back).
  const toCancel = orders.filter((o) => o.kind === 'cancelledAfterConfirmation');
  await pool(toCancel.length, CONCURRENCY, async (i) => {
    await post(`${api}/orders/${toCancel[i]?.id}/cancel`, JSON.stringify({ reason: 'bench' }), 200);
  });
  await settle(app, stateMachineArn, 10 * 60_000);

  // State transitions per execution, by kind of order.
  const kindById = new Map<string, string>(orders.map((o) => [o.id, o.kind]));
  const histories = await executionHistories(app, stateMachineArn);
  const transitions = summarizeTransitions(
    histories,
    (name) => kindById.get(name.replace(/^order-/, '')) ?? 'other',
  );
  // Priced without throttle retries: AWS would not throttle at this load (see LOCAL_THROTTLE).
  const totalTransitions = transitions.withoutLocalThrottles;
  const durations = histories.map(
    (h) => (h.events.at(-1)?.timestamp?.getTime() ?? 0) - (h.events[0]?.timestamp?.getTime() ?? 0),
  );

  // Usage, priced.
  // The bench's own reads of the state machine (waiting, histories) are not the app's requests.
  const benchOwn = new Set(['ListExecutions', 'DescribeExecution', 'GetExecutionHistory']);
  const ops = [...counter.operations.entries()]
    .map(([key, v]) => {
      const [service, operation] = key.split('|') as [string, string];
      return { service, operation, ...v };
    })
    .filter((o) => !(o.service === 'Step Functions' && benchOwn.has(o.operation)));
  const sumOf = (service: string, field: 'calls' | 'units' | 'bytes', op?: string) =>
    ops
      .filter((o) => o.service === service && (op === undefined || o.operation === op))
      .reduce((n, o) => n + o[field], 0);
  const functions = [...counter.functions.entries()].map(([name, f]) => ({
    name,
    ...f,
    gbSeconds: (f.billedMs / 1000) * (f.memoryMb / 1024),
  }));
  const dynamo = [...meter.operations.values()];
  const usage = {
    orders: placed,
    apiRequests: sumOf('API Gateway', 'calls'),
    lambdaInvocations: functions.reduce((n, f) => n + f.invocations, 0),
    lambdaGbSeconds: functions.reduce((n, f) => n + f.gbSeconds, 0),
    dynamoDbReadUnits: dynamo.reduce((n, o) => n + o.readUnits, 0),
    dynamoDbWriteUnits: dynamo.reduce((n, o) => n + o.writeUnits, 0),
    eventBridgeEvents: sumOf('EventBridge', 'units', 'PutEvents'),
    archivedBytes: sumOf('EventBridge', 'bytes', 'PutEvents'),
    // Every SQS request is billed, ReceiveMessage and deletes of the pollers included.
    sqsRequests: sumOf('SQS', 'units'),
    stateTransitions: totalTransitions,
    sesMessages: sumOf('SES', 'units'),
  };
  const bill = priceFlow(usage);
  const total = bill.reduce((n, l) => n + l.usdPerMillionOrders, 0);
  const medianDuration = median(durations);
  const expressPerMillion = expressExecutionUsd(medianDuration) * histories.length * (1e6 / placed);
  const standardPerMillion =
    bill.find((l) => l.service === 'Step Functions')?.usdPerMillionOrders ?? 0;
  const entriesPerCall = (list: number[]) =>
    list.length === 0 ? 0 : round(list.reduce((a, b) => a + b, 0) / list.length, 2);

  const result = {
    date: new Date().toISOString(),
    pricesAsOf: PRICES_AS_OF,
    region: 'us-east-1',
    machine: { cpus: availableParallelism(), loadAverageAfter: loadavg().map((l) => round(l, 1)) },
    orders: ORDERS,
    placed,
    refusedPlacements: refused.length,
    refusedAnswers: [...new Set(refused)].slice(0, 5),
    mix: Object.fromEntries(
      (['confirmed', 'declined', 'cancelledAfterConfirmation'] as const).map((k) => [
        k,
        orders.filter((o) => o.kind === k).length,
      ]),
    ),
    clientConcurrency: CONCURRENCY,
    skus: SKUS,
    burst: { placedMs: Math.round(placedMs), settledMs: Math.round(settledMs) },
    usdPerMillionOrders: round(total, 2),
    bill: bill.map((l) => ({
      service: l.service,
      item: l.item,
      perOrder: round(l.perOrder, 4),
      usdPerMillionOrders: round(l.usdPerMillionOrders, 2),
      share: round(l.usdPerMillionOrders / total, 3),
      price: l.price,
    })),
    stateTransitions: {
      rule: 'one per state entered (…StateEntered), plus one per Task retry (AWS Step Functions pricing: "a state transition each time a step of your workflow is executed … including retries")',
      total: transitions.total,
      priced: transitions.withoutLocalThrottles,
      pricedLeavesOut: `retries after ${LOCAL_THROTTLE}, which AWS returns for a function without reserved concurrency only past the account's 1,000 concurrent executions`,
      byKind: transitions.byKind,
    },
    putEvents: {
      burst: {
        calls: burstPutEvents.length,
        entriesPerCall: entriesPerCall(burstPutEvents),
        histogram: histogram(burstPutEvents),
      },
      wholeRun: {
        calls: counter.putEventsEntries.length,
        entriesPerCall: entriesPerCall(counter.putEventsEntries),
        histogram: histogram(counter.putEventsEntries),
      },
    },
    outboxBatchingWindow: {
      deployedSeconds: outboxBatchingWindowSeconds(assemblyDir),
      model:
        "the burst's event writes replayed through the publisher's chunkEntries, a stream batch closing max(window, 250 ms poll) after its first record (≤ 100 records)",
      byWindowMs: Object.fromEntries(
        [0, 500, 1000, 2000, 5000].map((w) => [w, simulateOutbox(burstArrivals, w)]),
      ),
    },
    sagaAlternative: {
      standardUsdPerMillionOrders: round(standardPerMillion, 2),
      expressUsdPerMillionOrders: round(expressPerMillion, 2),
      expressAssumes: `${histories.length / placed} executions per order, each ${Math.ceil(medianDuration / 100) * 100} ms (the median local execution, rounded up to 100 ms) at 64 MB`,
    },
    perOrder: {
      requests: ops
        .map((o) => ({
          ...o,
          calls: round(o.calls / placed, 3),
          units: round(o.units / placed, 3),
          bytes: Math.round(o.bytes / placed),
        }))
        .sort(
          (a, b) => a.service.localeCompare(b.service) || a.operation.localeCompare(b.operation),
        ),
      lambda: functions
        .map((f) => ({
          function: f.name,
          memoryMb: f.memoryMb,
          invocations: round(f.invocations / placed, 3),
          throttledLocally: round(f.throttled / placed, 3),
          billedMs: round(f.billedMs / placed, 1),
        }))
        .sort((a, b) => b.invocations - a.invocations),
      dynamodb: dynamo
        .map((o) => ({
          table: o.table,
          operation: o.operation,
          calls: round(o.calls / placed, 3),
          refused: round(o.refused / placed, 3),
          readUnits: round(o.readUnits / placed, 3),
          writeUnits: round(o.writeUnits / placed, 3),
          reportedByDynamoDbLocal: round(o.reportedByDynamoDbLocal / placed, 3),
        }))
        .sort((a, b) => a.table.localeCompare(b.table) || a.operation.localeCompare(b.operation)),
      dynamodbStreamsCallsInRun: Object.fromEntries(meter.streamCalls),
    },
    notCounted: [
      'CloudWatch Logs ingestion and storage (function logs, the saga execution log at level ALL)',
      'X-Ray traces (active tracing on every function and the state machine; sampled)',
      'CloudWatch custom metrics (EMF) and alarms, KMS requests (prod key), data transfer',
      'DynamoDB storage, streams (GetRecords by Lambda triggers is free), PITR, archive storage',
      'SQS polling while idle: Lambda pollers keep long-polling empty queues, a cost per hour, not per order',
    ],
  };
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(root, 'bench', 'results', 'flow.json'),
    `${JSON.stringify(result, null, 2)}\n`,
  );

  console.log(
    `\n${ORDERS} orders, burst placed in ${Math.round(placedMs)} ms, settled in ${Math.round(settledMs)} ms`,
  );
  console.log(`$ per million orders: ${round(total, 2)} (prices of ${PRICES_AS_OF}, us-east-1)`);
  console.table(result.bill.map(({ price: _p, ...l }) => l));
  console.table(transitions.byKind);
  console.log(
    `PutEvents (outbox batching window ${result.outboxBatchingWindow.deployedSeconds} s)`,
    JSON.stringify(result.putEvents),
  );
  console.log(
    'Outbox batching window (model)',
    JSON.stringify(result.outboxBatchingWindow.byWindowMs),
  );
  console.log('Saga as Express instead:', JSON.stringify(result.sagaAlternative));
} catch (error) {
  console.error(
    logger.lines
      .filter((l) => l.startsWith('error'))
      .slice(0, 20)
      .join('\n'),
  );
  throw error;
} finally {
  await app.stop();
  await meter.stop();
  await ddb.stop();
}

/**
 * The `MaximumBatchingWindowInSeconds` of the stream mapping(s) in the synthesized templates
 * (the outbox's is the only one on a DynamoDB stream); 0 when unset, as Lambda defaults it.
 */
function outboxBatchingWindowSeconds(dir: string): number[] {
  const windows: number[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> }>;
    };
    for (const resource of Object.values(template.Resources ?? {})) {
      const p = resource.Properties ?? {};
      if (resource.Type !== 'AWS::Lambda::EventSourceMapping') continue;
      if (!JSON.stringify(p.EventSourceArn ?? '').includes('StreamArn')) continue;
      windows.push(Number(p.MaximumBatchingWindowInSeconds ?? 0));
    }
  }
  return windows;
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.floor((s.length - 1) / 2)] as number);
}

function histogram(xs: readonly number[]): Record<string, number> {
  const h: Record<string, number> = {};
  for (const x of xs) h[x] = (h[x] ?? 0) + 1;
  return h;
}
