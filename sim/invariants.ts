import { ScanCommand as RawScanCommand } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { RunningApp } from '../local/run-app';
import { DynamoDbEventStore } from '../shared/event-store/dynamodb';
import { itemToRecordedEvent } from '../shared/event-store/dynamodb/item-codec';
import type { RecordedEvent } from '../shared/event-store/types';
import {
  beginRebuild,
  PROJECTIONS,
  Projector,
  ReadModelTable,
  rebuildProjection,
} from '../shared/read-models';
import { CONSUMERS } from './faults';
import type { CommandRecord } from './simulation';
import type { Trace } from './trace';

/** The invariants, by the name a violation reports. */
export const INVARIANTS = [
  'commands-have-their-events',
  'events-published',
  'read-models-equal-fold',
  'orders-settle-once',
  'stock-and-money-conserved',
  'failed-messages-in-dlq',
  'one-email-per-event',
] as const;
export type InvariantName = (typeof INVARIANTS)[number];

/** A broken invariant, with the evidence. */
export interface Violation {
  readonly invariant: InvariantName;
  readonly evidence: string;
}

export interface InvariantReport {
  readonly checked: readonly InvariantName[];
  readonly violations: readonly Violation[];
  /** Events in the store at the end. */
  readonly events: number;
  /** The store's events, by stream: the evidence a failing run's trace quotes. */
  readonly streams: ReadonlyMap<string, readonly RecordedEvent[]>;
  /** Final status of each placed order, in placement order. */
  readonly orderStatuses: readonly string[];
}

export interface InvariantInput {
  readonly app: RunningApp;
  readonly output: (key: string) => string;
  readonly commands: readonly CommandRecord[];
  /** Order ids the API answered for, in placement order. */
  readonly placed: readonly string[];
  /** Ids of the events the bus accepted and archived (live, not replayed). */
  readonly published: ReadonlySet<string>;
  readonly poisons: readonly { readonly consumer: string; readonly body: string }[];
  readonly trace: Trace;
}

interface OrderView {
  status: string;
  customerId: string;
  total: { amount: number };
  reservation: { status: string; lines: Record<string, number> };
  payment: { status: string; authorized?: { amount: number }; refunded?: { amount: number } };
}

/** Checks every invariant after a run; each violation names its invariant and evidence. */
export async function checkInvariants(input: InvariantInput): Promise<InvariantReport> {
  const { app, output, commands, trace } = input;
  const violations: Violation[] = [];
  const fail = (invariant: InvariantName, evidence: string) =>
    violations.push({ invariant, evidence });
  const events = await scanEvents(app, output('EventTableName'));
  const byId = new Map(events.map((e) => [e.eventId, e]));
  const streams = new Map<string, RecordedEvent[]>();
  for (const e of events) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e]);
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${app.apiUrl}${path}`);
    if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}`);
    return (await res.json()) as T;
  };

  // (1) Every 2xx command has its events; no event without a command that asked for it.
  const answered = new Set<string>();
  for (const c of commands) {
    const ids = Array.isArray(c.body.eventIds) ? (c.body.eventIds as string[]) : [];
    for (const id of ids) answered.add(id);
    if (c.status >= 200 && c.status < 300) {
      for (const id of ids)
        if (!byId.has(id))
          fail(
            'commands-have-their-events',
            `${c.kind} ${c.path} answered ${c.status} with event ${id}, not in the store`,
          );
    }
  }
  const unanswered = commands.filter((c) => c.status >= 500).length;
  let unasked = 0;
  for (const e of events) {
    if (answered.has(e.eventId)) continue;
    const cause = e.metadata.causationId;
    const saga = /^order-([0-9a-f-]{36})\//.exec(cause);
    const cancel = /^cancel-([0-9a-f-]{36})\//.exec(cause);
    const asked =
      (saga && streams.get(`order-${saga[1]}`)?.some((x) => x.type === 'OrderPlaced')) ||
      (cancel && byId.get(cancel[1] as string)?.type === 'OrderCancelled');
    if (asked) continue;
    unasked++;
    // A command answered 5xx may still have appended (a crash after the write): at most one event each.
    if (unasked > unanswered)
      fail(
        'commands-have-their-events',
        `${e.type} ${e.streamId}@${e.version} (${e.eventId}, cause ${cause}) has no command that asked for it`,
      );
  }

  // (2) Every stored event was published (the bus archived it) at least once.
  for (const e of events)
    if (!input.published.has(e.eventId))
      fail(
        'events-published',
        `${e.type} ${e.streamId}@${e.version} (${e.eventId}) never reached the bus's archive`,
      );

  // (3) Every read model equals the fold of the store: rebuild into a new version and compare.
  await compareRebuild(app, output, fail);

  // (4) Every placed order ends confirmed or cancelled, with at most one saga execution.
  const orderIds = [...streams.keys()]
    .filter((s) => s.startsWith('order-') && streams.get(s)?.[0]?.type === 'OrderPlaced')
    .map((s) => s.slice('order-'.length));
  const placedOrder = [...input.placed, ...orderIds.filter((id) => !input.placed.includes(id))];
  const executions = await app.clients.sfn.send(
    new ListExecutionsCommand({
      stateMachineArn: output('OrderSagaStateMachineArn'),
      maxResults: 1000,
    }),
  );
  // One read at a time: reads side by side would start an execution environment each.
  const orders = new Map<string, OrderView>();
  const statuses: string[] = [];
  for (const id of placedOrder) {
    const order = await get<OrderView>(`/orders/${id}`);
    orders.set(id, order);
    statuses.push(order.status);
    if (order.status !== 'confirmed' && order.status !== 'cancelled')
      fail('orders-settle-once', `order ${id} ended ${order.status}`);
    const runs = (executions.executions ?? []).filter((x) => x.name === `order-${id}`);
    if (runs.length > 1)
      fail('orders-settle-once', `order ${id} has ${runs.length} saga executions`);
    const failed = runs.filter((x) => x.status !== 'SUCCEEDED');
    for (const x of failed) {
      const described = await app.clients.sfn.send(
        new DescribeExecutionCommand({ executionArn: x.executionArn }),
      );
      fail(
        'orders-settle-once',
        `order ${id}'s saga ended ${x.status}: ${described.error ?? ''} ${(described.cause ?? '').slice(0, 300)}`,
      );
    }
  }

  // (5) Stock conserved per SKU and never negative; money conserved; nobody charged twice.
  const skus = [...streams.keys()].filter((s) => s.startsWith('inventory-'));
  for (const stream of skus) {
    const sku = stream.slice('inventory-'.length);
    const level = await get<{ available: number }>(`/inventory/${sku}`);
    const added = (streams.get(stream) ?? [])
      .filter((e) => e.type === 'StockAdded')
      .reduce((n, e) => n + (e.data as { quantity: number }).quantity, 0);
    let held = 0;
    for (const [id, order] of orders) {
      const lines = order.reservation.lines[sku] ?? 0;
      if (order.status === 'cancelled' && lines !== 0)
        fail('stock-and-money-conserved', `cancelled order ${id} still holds ${lines} of ${sku}`);
      if (order.status !== 'cancelled') held += lines;
    }
    if (level.available !== added - held)
      fail(
        'stock-and-money-conserved',
        `${sku}: available ${level.available}, expected added ${added} − held ${held} = ${added - held}`,
      );
    if (level.available < 0)
      fail('stock-and-money-conserved', `${sku}: available ${level.available} < 0`);
  }
  let authorized = 0;
  let refunded = 0;
  let confirmed = 0;
  for (const [id, order] of orders) {
    authorized += order.payment.authorized?.amount ?? 0;
    refunded += order.payment.refunded?.amount ?? 0;
    if (order.status === 'confirmed') confirmed += order.total.amount;
    if (order.status === 'cancelled' && order.payment.status === 'authorized')
      fail('stock-and-money-conserved', `cancelled order ${id} keeps its payment authorized`);
  }
  if (authorized - refunded !== confirmed)
    fail(
      'stock-and-money-conserved',
      `authorized ${authorized} − refunded ${refunded} ≠ confirmed totals ${confirmed}`,
    );
  for (const [stream, list] of streams) {
    if (!stream.startsWith('payment-')) continue;
    const charges = list.filter((e) => e.type === 'PaymentAuthorized').length;
    const refunds = list.filter((e) => e.type === 'PaymentRefunded').length;
    if (charges > 1) fail('stock-and-money-conserved', `${stream}: charged ${charges} times`);
    if (refunds > 1) fail('stock-and-money-conserved', `${stream}: refunded ${refunds} times`);
  }

  // (6) Every message that failed is in a DLQ an operator can see, and only those.
  const queues = await Promise.all(
    CONSUMERS.map(async (consumer) => ({
      bodies: await drainBodies(app, output(`${consumer}DeadLetterQueueUrl`)),
      target: await depth(app, output(`${consumer}TargetDeadLetterQueueUrl`)),
    })),
  );
  for (const [index, consumer] of CONSUMERS.entries()) {
    const { bodies, target } = queues[index] as { bodies: string[]; target: number };
    const expected = input.poisons.filter((p) => p.consumer === consumer).map((p) => p.body);
    for (const body of expected)
      if (!bodies.includes(body))
        fail(
          'failed-messages-in-dlq',
          `the poison message sent to the ${consumer} queue is not in its DLQ`,
        );
    const legit = bodies.filter((b) => !expected.includes(b));
    if (legit.length > 0)
      fail(
        'failed-messages-in-dlq',
        `${legit.length} valid message(s) dead-lettered by ${consumer}: ${legit[0]?.slice(0, 160)}`,
      );
    if (target > 0)
      fail(
        'failed-messages-in-dlq',
        `${target} event(s) EventBridge could not deliver to ${consumer} (its target DLQ)`,
      );
  }
  const outboxFailures = await depth(app, output('OutboxFailureQueueUrl'));
  if (outboxFailures > 0)
    trace.add('state', `${outboxFailures} outbox failure(s) kept in the outbox failure queue`);

  // (7) At most one email per confirmation/cancellation event; none from replays.
  const emails = app.cloud.ses.sentMessages();
  const perKey = new Map<string, number>();
  for (const m of emails) {
    const match = /Your order ([0-9a-f-]{36}) is (confirmed|cancelled)/.exec(m.Subject ?? '');
    if (!match) continue;
    const key = `${match[1]} ${match[2]}`;
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
  }
  for (const [key, count] of perKey) {
    const [orderId, kind] = key.split(' ') as [string, string];
    const type = kind === 'confirmed' ? 'OrderConfirmed' : 'OrderCancelled';
    const allowed = (streams.get(`order-${orderId}`) ?? []).filter((e) => e.type === type).length;
    if (count > allowed)
      fail(
        'one-email-per-event',
        `order ${orderId}: ${count} "${kind}" emails for ${allowed} ${type} event(s)`,
      );
  }

  return {
    checked: [...INVARIANTS],
    violations,
    events: events.length,
    streams,
    orderStatuses: statuses,
  };
}

/** Every event of the store, by a consistent scan of the event table. */
async function scanEvents(app: RunningApp, tableName: string): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const page = await app.clients.dynamodb.send(
      new RawScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) {
      const event = itemToRecordedEvent(item);
      if (event) out.push(event);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return out.sort((a, b) =>
    a.streamId === b.streamId ? a.version - b.version : a.streamId < b.streamId ? -1 : 1,
  );
}

/** Rebuilds every projection into version n + 1 and reports each item that differs from the live one. */
async function compareRebuild(
  app: RunningApp,
  output: (key: string) => string,
  fail: (invariant: InvariantName, evidence: string) => void,
): Promise<void> {
  const client = app.clients.dynamodb;
  const readModels = new ReadModelTable({ client, tableName: output('ReadModelTableName') });
  const store = new DynamoDbEventStore({ client, tableName: output('EventTableName') });
  const projector = new Projector({ table: readModels, store });
  // The three projections rebuild side by side: each into its own version.
  const versions = new Set(
    await Promise.all(
      PROJECTIONS.map(async (projection) => {
        const version = await beginRebuild(readModels, projection);
        await rebuildProjection({
          eventTable: { client, tableName: output('EventTableName') },
          store,
          projector,
          projection,
          version,
          segments: 1,
        });
        return version;
      }),
    ),
  );
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await DynamoDBDocumentClient.from(client).send(
      new ScanCommand({
        TableName: output('ReadModelTableName'),
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start as never } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const byVersion = (v: number) =>
    new Map(
      items
        .filter((i) => new RegExp(`^[A-Za-z]+@${v}(#|$)`).test(String(i.pk)))
        .map((i) => {
          const { rev: _rev, pk, ...rest } = i;
          return [
            `${String(pk).replace(`@${v}`, '@*')}|${String(i.sk)}`,
            JSON.stringify(sortKeys(rest)),
          ];
        }),
    );
  const rebuilt = Math.max(...versions);
  const live = byVersion(rebuilt - 1);
  const fresh = byVersion(rebuilt);
  for (const [key, value] of live) {
    const other = fresh.get(key);
    if (other === undefined)
      fail(
        'read-models-equal-fold',
        `live ${key} is not in the fold of the store: ${value.slice(0, 200)}`,
      );
    else if (other !== value)
      fail('read-models-equal-fold', `${key}: ${fieldDifferences(value, other)}`);
  }
  for (const key of fresh.keys())
    if (!live.has(key))
      fail('read-models-equal-fold', `${key} of the fold is missing from the live model`);
}

/** The top-level fields in which two items (JSON text) differ, as `field: live … ≠ fold …`. */
function fieldDifferences(live: string, fold: string): string {
  const a = JSON.parse(live) as Record<string, unknown>;
  const b = JSON.parse(fold) as Record<string, unknown>;
  const show = (v: unknown) => {
    const text = JSON.stringify(v) ?? 'absent';
    return text.length > 160 ? `${text.slice(0, 160)}…` : text;
  };
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => `${k}: live ${show(a[k])} ≠ fold ${show(b[k])}`)
    .join('; ');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/** Bodies of every message in a queue (received with a long visibility timeout, left in place). */
async function drainBodies(app: RunningApp, queueUrl: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const out = await app.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 3600,
        WaitTimeSeconds: 0,
      }),
    );
    if (!out.Messages?.length) return bodies;
    bodies.push(...out.Messages.map((m) => m.Body ?? ''));
  }
}

async function depth(app: RunningApp, queueUrl: string): Promise<number> {
  const out = await app.clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Object.values(out.Attributes ?? {}).reduce((n, v) => n + Number(v), 0);
}
