import { randomUUID } from 'node:crypto';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { handleCommand, loadAggregate } from '../../../shared/command';
import { inventoryDecider } from '../../../shared/domain';
import { DynamoDbEventStore } from '../../../shared/event-store/dynamodb';
import { counterDecider } from '../../helpers/counter-decider';
import { createEventTable, dynamoDbClient, recordCalls } from '../../helpers/dynamodb';
import { readAll } from '../../helpers/event-store-behaviour/read-all';
import { uniqueStreamId } from '../../helpers/new-events';

const client = dynamoDbClient();
let tableName: string;
beforeAll(async () => {
  tableName = await createEventTable(client, 'costs');
});

const context = () => ({
  correlationId: 'corr-1',
  causationId: 'cmd-1',
  newEventId: () => randomUUID(),
  now: () => '2026-01-01T00:00:00.000Z',
});

/** Builds a stream the way production does: one AddStock command per event. */
async function addStock(store: DynamoDbEventStore, streamId: string, count: number) {
  for (let i = 0; i < count; i++) {
    await handleCommand({
      store,
      decider: inventoryDecider,
      streamId,
      command: { type: 'AddStock', sku: streamId, quantity: 1 },
      context: context(),
    });
  }
}

/** A store whose read capacity (as DynamoDB Local reports it) and calls are counted. */
function meteredStore() {
  const own = dynamoDbClient();
  const calls = recordCalls(own);
  const meter = { readUnits: 0 };
  const store = new DynamoDbEventStore({
    client: own,
    tableName,
    onConsumedCapacity: (_operation, capacity: readonly ConsumedCapacity[]) => {
      meter.readUnits += capacity.reduce((s, c) => s + (c.CapacityUnits ?? 0), 0);
    },
  });
  return { store, calls, meter };
}

describe('Class: DynamoDbEventStore', () => {
  describe('Function: loadAggregate on it', () => {
    it('reads the same capacity, in one call, for a stream of 10 and of 1000 events', async () => {
      // Prepare
      const costs: Record<number, { units: number; calls: string[] }> = {};
      const writer = new DynamoDbEventStore({ client, tableName });
      for (const length of [10, 1000]) {
        const streamId = uniqueStreamId('inventory');
        await addStock(writer, streamId, length);
        const { store, calls, meter } = meteredStore();

        // Act
        const loaded = await loadAggregate(store, inventoryDecider, streamId);

        // Assess
        expect(loaded).toMatchObject({ version: length, state: { added: length } });
        costs[length] = { units: meter.readUnits, calls: calls.map((c) => c.operation) };
      }
      expect(costs[1000]).toEqual(costs[10]);
      expect(costs[10]?.calls).toEqual(['Query']);
      expect(costs[10]?.units).toBeGreaterThan(0);
    }, 180_000);
  });

  describe('Concurrency', () => {
    it('keeps versions 1..100, each command once, with command handlers in two processes', async () => {
      // Prepare: two stores on two clients, as two Lambda containers would be.
      const stores = [
        new DynamoDbEventStore({ client: dynamoDbClient(), tableName }),
        new DynamoDbEventStore({ client: dynamoDbClient(), tableName }),
      ];
      const streamId = uniqueStreamId('counter');
      const tags = Array.from({ length: 100 }, (_, i) => `cmd-${i}`);

      // Act
      await Promise.all(
        tags.map((tag, i) =>
          handleCommand({
            store: stores[i % 2] as DynamoDbEventStore,
            decider: counterDecider,
            streamId,
            command: { type: 'Increment', by: 1, tag },
            context: context(),
            retry: { maxAttempts: 1000, baseDelayMs: 2, maxDelayMs: 50 },
          }),
        ),
      );

      // Assess
      const events = await readAll(stores[0] as DynamoDbEventStore, streamId);
      expect(events.map((e) => e.version)).toEqual(tags.map((_, i) => i + 1));
      expect(events.map((e) => (e.data as { sku: string }).sku).sort()).toEqual([...tags].sort());
      const loaded = await loadAggregate(stores[1] as DynamoDbEventStore, counterDecider, streamId);
      expect(loaded.state.total).toBe(100);
    }, 180_000);
  });
});
