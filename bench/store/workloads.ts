import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBSingleTableEventStorageAdapter } from '@castore/event-storage-adapter-dynamodb';
import { handleCommand, loadAggregate } from '../../shared/command';
import { inventoryDecider } from '../../shared/domain';
import { DynamoDbEventStore, eventTableDefinition } from '../../shared/event-store/dynamodb';
import type { NewEvent } from '../../shared/event-store/types';
import type { MeteredIndex } from './request-unit-meter';

/** The operations the benchmark compares, implemented by each store. */
export interface Workload {
  appendNew(count: number): Promise<unknown>;
  /** Builds a stream of `length` events, one command per event; returns its id. */
  build(length: number): Promise<string>;
  load(streamId: string): Promise<unknown>;
  /** Load, decide, append one event. */
  command(streamId: string): Promise<unknown>;
  /** Appends events the way a writer without a snapshot does. */
  appendWithoutSnapshot(streamId: string, count: number): Promise<unknown>;
}

const now = () => new Date().toISOString();

/** A `StockAdded` event, the same in both stores. */
function stockAdded(sku: string): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'StockAdded',
    schemaVersion: 1,
    data: { sku, quantity: 1 },
    metadata: { occurredAt: now(), correlationId: randomUUID(), causationId: randomUUID() },
  };
}

/** eventline's DynamoDB store with its command handler (snapshot written with every command). */
export async function eventlineWorkload(client: DynamoDBClient): Promise<Workload> {
  const tableName = `bench-eventline-${randomUUID()}`;
  await client.send(new CreateTableCommand(eventTableDefinition(tableName)));
  const store = new DynamoDbEventStore({ client, tableName });
  const command = (streamId: string) =>
    handleCommand({
      store,
      decider: inventoryDecider,
      streamId,
      command: { type: 'AddStock', sku: streamId, quantity: 1 },
      context: {
        correlationId: randomUUID(),
        causationId: randomUUID(),
        newEventId: () => randomUUID(),
        now,
      },
    });
  return {
    appendNew: (count) =>
      store.append(
        `s-${randomUUID()}`,
        Array.from({ length: count }, () => stockAdded('a')),
        { expectedVersion: 'no_stream' },
      ),
    build: async (length) => {
      const streamId = `inventory-${randomUUID()}`;
      for (let i = 0; i < length; i++) await command(streamId);
      return streamId;
    },
    load: (streamId) => loadAggregate(store, inventoryDecider, streamId),
    command,
    appendWithoutSnapshot: (streamId, count) =>
      store.append(
        streamId,
        Array.from({ length: count }, () => stockAdded(streamId)),
        { expectedVersion: 'any' },
      ),
  };
}

const EVENT_STORE_ID = 'INVENTORY';

/** Castore's documented single-table layout: key (aggregateId, version), GSI of initial events. */
export function castoreIndex(tableName: string): MeteredIndex {
  return { tableName, keys: ['eventStoreId', 'timestamp'], tableKeys: ['aggregateId', 'version'] };
}

/**
 * Castore's DynamoDB adapter (`DynamoDBSingleTableEventStorageAdapter`): a
 * command loads every event (its adapter has no snapshots), folds, decides
 * and pushes the next version with a conditional put.
 */
export async function castoreWorkload(
  client: DynamoDBClient,
): Promise<Workload & { tableName: string }> {
  const tableName = `bench-castore-${randomUUID()}`;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
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
  const adapter = new DynamoDBSingleTableEventStorageAdapter({ tableName, dynamoDBClient: client });
  const context = { eventStoreId: EVENT_STORE_ID };
  // The same event as eventline's, in Castore's shape (eventline's metadata kept).
  const detail = (aggregateId: string, version: number) => {
    const e = stockAdded(aggregateId);
    return {
      aggregateId,
      version,
      type: e.type,
      payload: e.data,
      metadata: { eventId: e.eventId, schemaVersion: 1, ...e.metadata },
      timestamp: e.metadata.occurredAt,
    };
  };
  const load = async (aggregateId: string) => {
    const { events } = await adapter.getEvents(aggregateId, context);
    const state = events.reduce(
      (s, e) =>
        inventoryDecider.evolve(s, {
          type: 'StockAdded',
          data: e.payload as { sku: string; quantity: number },
        }),
      inventoryDecider.initialState(),
    );
    return { state, version: events.length };
  };
  const command = async (aggregateId: string) => {
    const { state, version } = await load(aggregateId);
    inventoryDecider.decide({ type: 'AddStock', sku: aggregateId, quantity: 1 }, state);
    await adapter.pushEvent(detail(aggregateId, version + 1), context);
  };
  const pushGroup = async (aggregateId: string, from: number, count: number) => {
    const grouped = Array.from({ length: count }, (_, i) => {
      const g = adapter.groupEvent(detail(aggregateId, from + i));
      g.context = context;
      return g;
    });
    const [first, ...rest] = grouped;
    if (first) await adapter.pushEventGroup({}, first, ...rest);
  };
  return {
    tableName,
    appendNew: (count) =>
      count === 1
        ? adapter.pushEvent(detail(`s-${randomUUID()}`, 1), context)
        : pushGroup(`s-${randomUUID()}`, 1, count),
    build: async (length) => {
      const aggregateId = `inventory-${randomUUID()}`;
      for (let i = 0; i < length; i++) await adapter.pushEvent(detail(aggregateId, i + 1), context);
      return aggregateId;
    },
    load,
    command,
    appendWithoutSnapshot: async (aggregateId, count) => {
      const { events } = await adapter.getEvents(aggregateId, context, { reverse: true, limit: 1 });
      await pushGroup(aggregateId, (events[0]?.version ?? 0) + 1, count);
    },
  };
}
