import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalCloud } from '../../../local/cloud';
import { ManualClock } from '../../../local/core/clock';
import { memoryLogger } from '../../../local/core/console-logger';
import { DynamoDbEventStore } from '../../../shared/event-store/dynamodb';
import type { NewEvent, RecordedEvent } from '../../../shared/event-store/types';
import {
  beginRebuild,
  fromItem,
  fromRecorded,
  Keys,
  Projector,
  ReadModelQueries,
  ReadModelTable,
  readModelTableDefinition,
  readProjectionStates,
  rebuildProjection,
  switchToVersion,
} from '../../../shared/read-models';
import { createEventTable, dynamoDbClient } from '../../helpers/dynamodb';

const client = dynamoDbClient();
let store: DynamoDbEventStore;
let eventTableName: string;
let table: ReadModelTable;
let projector: Projector;

beforeAll(async () => {
  eventTableName = await createEventTable(client);
  store = new DynamoDbEventStore({ client, tableName: eventTableName });
  const name = `read-models-${randomUUID()}`;
  await client.send(new CreateTableCommand(readModelTableDefinition(name)));
  table = new ReadModelTable({ client, tableName: name });
  projector = new Projector({ table, store, sleep: async () => {} });
});

const event = (type: string, data: unknown, occurredAt: string, schemaVersion = 1): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion,
  data,
  metadata: { occurredAt, correlationId: 'corr', causationId: 'cause' },
});

/** Appends events to a stream and returns them as stored. */
async function commit(streamId: string, events: NewEvent[]): Promise<RecordedEvent[]> {
  const before = await store.lastVersion(streamId);
  await store.append(streamId, events, { expectedVersion: before });
  return (await store.read(streamId, { fromVersion: before + 1 })).events.slice();
}

async function placedOrder(customerId: string, day = '2026-03-01') {
  const orderId = randomUUID();
  const [placed, confirmed] = await commit(`order-${orderId}`, [
    event(
      'OrderPlaced',
      {
        orderId,
        customerId,
        lines: [{ sku: 'SKU-A', quantity: 2, unitPrice: { amount: 150, currency: 'EUR' } }],
        total: { amount: 300, currency: 'EUR' },
      },
      `${day}T10:00:00.000Z`,
      2,
    ),
    event('OrderConfirmed', { orderId }, `${day}T10:00:05.000Z`),
  ]);
  return { orderId, placed: placed as RecordedEvent, confirmed: confirmed as RecordedEvent };
}

const summaryOf = async (version: number, orderId: string) => {
  const item = await table.get(Keys.orderSummary(version, orderId));
  return item && fromItem(item);
};

describe('Projector', () => {
  it('applies an order in order: summary, the customer row and the day’s sales', async () => {
    // Prepare
    const customerId = `c-${randomUUID()}`;
    const { orderId, placed, confirmed } = await placedOrder(customerId, '2026-03-01');

    // Act
    await projector.project(fromRecorded(placed));
    await projector.project(fromRecorded(confirmed));

    // Assess
    expect(await summaryOf(1, orderId)).toMatchObject({
      orderId,
      customerId,
      status: 'confirmed',
      total: { amount: 300, currency: 'EUR' },
      placedAt: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-01T10:00:05.000Z',
      streams: { [`order-${orderId}`]: 2 },
    });
    const page = await new ReadModelQueries(table).customerOrders(customerId, { limit: 10 });
    expect(page.items).toEqual([expect.objectContaining({ orderId, status: 'confirmed' })]);
    expect(page.freshness).toMatchObject({ version: 1, updatedAt: '2026-03-01T10:00:05.000Z' });
  });

  it("counts a day's sale whose counters' transaction met another one, instead of taking it for counted (sim seed 2)", async () => {
    // Prepare: the read model table reached through the local cloud, whose fault hook
    // answers the first SalesDaily transaction as DynamoDB does when another transaction
    // holds one of its items: TransactionCanceledException, reasons [None, TransactionConflict].
    const cloud = await startLocalCloud({
      clock: new ManualClock(),
      logger: memoryLogger(),
      dynamodb: { endpoint: inject('dynamoDbEndpoint') },
    });
    let conflicts = 0;
    cloud.faults.dynamodb.add(({ operation }) =>
      operation === 'TransactWriteItems' && conflicts++ === 0
        ? { kind: 'transaction-conflict', item: 1 }
        : undefined,
    );
    const viaCloud = new ReadModelTable({
      client: new DynamoDBClient({
        endpoint: cloud.url,
        region: cloud.region,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
      tableName: table.tableName,
    });
    const conflicted = new Projector({ table: viaCloud, store, sleep: async () => {} });
    const day = '2026-03-09';
    const { placed } = await placedOrder(`c-${randomUUID()}`, day);

    // Act
    let outcome: Awaited<ReturnType<Projector['apply']>>;
    try {
      outcome = await conflicted.apply('SalesDaily', 1, fromRecorded(placed));
    } finally {
      await cloud.stop();
    }

    // Assess: one conflict injected, the sale counted once anyway.
    expect(cloud.faults.dynamodb.injected.map((f) => f.kind)).toEqual(['transaction-conflict']);
    expect(outcome.result).toBe('applied');
    const sales = await table.get(Keys.salesDay(1, day, 'EUR'));
    expect(sales).toMatchObject({ placed: 1 });
  });

  it('changes nothing on duplicates: three deliveries of each event count once', async () => {
    // Prepare
    const day = '2026-03-02';
    const { orderId, placed, confirmed } = await placedOrder(`c-${randomUUID()}`, day);
    const other = await placedOrder(`c-${randomUUID()}`, day);

    // Act
    for (let i = 0; i < 3; i++) {
      await projector.project(fromRecorded(placed));
      await projector.project(fromRecorded(confirmed));
    }
    await projector.project(fromRecorded(other.placed));
    const outcomes = await projector.project(fromRecorded(confirmed));

    // Assess
    expect(outcomes.filter((o) => o.result !== 'ignored').map((o) => o.result)).toEqual([
      'duplicate',
      'duplicate',
    ]);
    const item = await table.get(Keys.orderSummary(1, orderId));
    expect(item?.rev).toBe(2);
    const sales = await new ReadModelQueries(table).salesDaily(day, day);
    expect(sales.items).toEqual([
      expect.objectContaining({
        day,
        currency: 'EUR',
        placed: 2,
        confirmed: 1,
        confirmedRevenue: 300,
      }),
    ]);
  });

  it('fills a gap from the store: the last version alone brings the whole stream', async () => {
    // Prepare
    const { orderId, confirmed } = await placedOrder(`c-${randomUUID()}`);

    // Act: version 2 arrives before version 1.
    const outcomes = await projector.project(fromRecorded(confirmed));

    // Assess
    expect(outcomes.find((o) => o.projection === 'OrderSummary')).toMatchObject({
      result: 'gap-filled',
      events: 2,
    });
    expect(await summaryOf(1, orderId)).toMatchObject({
      status: 'confirmed',
      placedAt: expect.any(String),
    });
  });

  it('ends at the fold of the store when one stream arrives in reverse order', async () => {
    // Prepare: stock added 10, reserved 4 by an order, then released.
    const sku = `SKU-${randomUUID().slice(0, 8)}`;
    const orderId = randomUUID();
    const events = await commit(`inventory-${sku}`, [
      event('StockAdded', { sku, quantity: 10 }, '2026-03-03T09:00:00.000Z'),
      event('StockReserved', { sku, orderId, quantity: 4 }, '2026-03-03T09:01:00.000Z'),
      event('StockAdded', { sku, quantity: 5 }, '2026-03-03T09:02:00.000Z'),
    ]);

    // Act
    for (const e of [...events].reverse()) await projector.project(fromRecorded(e));

    // Assess: added 15, reserved 4 → available 11 (computed by hand).
    const level = await table.get(Keys.stockLevel(1, sku));
    expect(level && fromItem(level)).toEqual({
      sku,
      added: 15,
      reserved: 4,
      available: 11,
      version: 3,
      updatedAt: '2026-03-03T09:02:00.000Z',
    });
    // The order's own stream was never projected here, so its lines are unknown: one SKU reserved is 'partial'.
    expect((await summaryOf(1, orderId))?.reservation).toEqual({
      status: 'partial',
      lines: { [sku]: { status: 'reserved', quantity: 4 } },
    });
  });

  it("dates an order's summary by every event of it, an older one delivered after a newer included (sim seeds 41 and 102)", async () => {
    // Prepare: an order, and its stock reserved then released — the reservation dated later
    // than the release (another host's clock), delivered after it.
    const customerId = `c-${randomUUID()}`;
    const { orderId, placed } = await placedOrder(customerId, '2026-03-08');
    const sku = `SKU-${randomUUID().slice(0, 8)}`;
    const [reserved, released] = await commit(`inventory-${sku}`, [
      event('StockReserved', { sku, orderId, quantity: 2 }, '2026-03-08T10:00:09.000Z'),
      event('StockReleased', { sku, orderId, quantity: 2 }, '2026-03-08T10:00:08.000Z'),
    ]);

    // Act
    for (const e of [placed, released, reserved])
      await projector.apply('OrderSummary', 1, fromRecorded(e as RecordedEvent));

    // Assess: the fold of the store takes the latest time of all three events.
    const summary = await summaryOf(1, orderId);
    expect(summary).toMatchObject({
      updatedAt: '2026-03-08T10:00:09.000Z',
      reservation: { lines: { [sku]: { status: 'released', quantity: 2 } } },
      streams: { [`inventory-${sku}`]: 2 },
    });
    const page = await new ReadModelQueries(table).customerOrders(customerId, { limit: 10 });
    expect(page.items).toEqual([
      expect.objectContaining({ orderId, updatedAt: '2026-03-08T10:00:09.000Z' }),
    ]);
  });

  it('rebuilds a new version equal to the live one, resumable, then switches to it', async () => {
    // Prepare: live projection of a few orders.
    for (let i = 0; i < 3; i++) {
      const { placed, confirmed } = await placedOrder(`c-rebuild-${i}`, '2026-03-04');
      await projector.project(fromRecorded(placed));
      await projector.project(fromRecorded(confirmed));
    }
    const version = await beginRebuild(table, 'OrderSummary');

    // Act: stop after the first page, then resume from the checkpoint.
    const abort = new AbortController();
    let saved:
      | Parameters<NonNullable<Parameters<typeof rebuildProjection>[0]['onCheckpoint']>>[0]
      | undefined;
    const first = await rebuildProjection({
      eventTable: { client, tableName: eventTableName },
      store,
      projector,
      projection: 'OrderSummary',
      version,
      segments: 2,
      pageSize: 2,
      signal: abort.signal,
      onCheckpoint: (cp) => {
        saved = cp;
        abort.abort();
      },
    });
    const second = await rebuildProjection({
      eventTable: { client, tableName: eventTableName },
      store,
      projector,
      projection: 'OrderSummary',
      version,
      ...(saved ? { checkpoint: saved } : {}),
    });

    // Assess
    expect(first.complete).toBe(false);
    expect(second.complete).toBe(true);
    for (let i = 0; i < 3; i++) {
      const live = await new ReadModelQueries(table).customerOrders(`c-rebuild-${i}`, { limit: 5 });
      const orderId = String(live.items[0]?.orderId);
      expect(await summaryOf(version, orderId)).toEqual(await summaryOf(1, orderId));
    }
    await switchToVersion(table, 'OrderSummary', version);
    expect((await readProjectionStates(table)).OrderSummary).toEqual({
      projection: 'OrderSummary',
      active: version,
    });
    const afterSwitch = await new ReadModelQueries(table).customerOrders('c-rebuild-0', {
      limit: 5,
    });
    expect(afterSwitch.freshness.version).toBe(version);
    expect(afterSwitch.items).toHaveLength(1);
  });

  it('refuses a second rebuild while one is marked, and a switch to a version not built', async () => {
    await beginRebuild(table, 'StockLevel');
    await expect(beginRebuild(table, 'StockLevel')).rejects.toThrow(/already rebuilding version 2/);
    await expect(switchToVersion(table, 'StockLevel', 7)).rejects.toThrow(
      /not the version being built/,
    );
  });
});
