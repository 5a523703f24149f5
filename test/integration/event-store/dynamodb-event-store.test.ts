import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { handleCommand, loadAggregate } from '../../../shared/command';
import { inventoryDecider } from '../../../shared/domain';
import { PayloadTooLargeError } from '../../../shared/errors';
import { DynamoDbEventStore } from '../../../shared/event-store/dynamodb';
import { createEventTable, dynamoDbClient } from '../../helpers/dynamodb';
import { eventStoreBehaviour } from '../../helpers/event-store-behaviour';
import { newEvent, uniqueStreamId } from '../../helpers/new-events';

const client = dynamoDbClient();
let tableName: string;
beforeAll(async () => {
  tableName = await createEventTable(client);
});

eventStoreBehaviour('DynamoDB Local', () => new DynamoDbEventStore({ client, tableName }), {
  concurrencyTimeoutMs: 180_000,
});

describe('Class: DynamoDbEventStore', () => {
  describe('Method: append', () => {
    it('refuses an event too large for a DynamoDB item before any call', async () => {
      // Prepare
      const calls: string[] = [];
      const store = new DynamoDbEventStore({
        client,
        tableName,
        onConsumedCapacity: (op) => calls.push(op),
      });
      const streamId = uniqueStreamId();
      const big = newEvent({ data: { sku: 'x'.repeat(401 * 1024), quantity: 1 } });

      // Act
      const error = await store
        .append(streamId, [big], { expectedVersion: 'no_stream' })
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(PayloadTooLargeError);
      expect((error as Error).message).toContain(big.eventId);
      expect((error as Error).message).toMatch(/over the limit of 409600 bytes/);
      expect(calls).toEqual([]);
      expect(await store.lastVersion(streamId)).toBe(0);
    });

    it('refuses an append over the 4 MB transaction limit before any call', async () => {
      const calls: string[] = [];
      const store = new DynamoDbEventStore({
        client,
        tableName,
        onConsumedCapacity: (op) => calls.push(op),
      });
      const streamId = uniqueStreamId();
      const events = Array.from({ length: 12 }, () =>
        newEvent({ data: { sku: 'y'.repeat(390 * 1024), quantity: 1 } }),
      );

      const error = await store
        .append(streamId, events, { expectedVersion: 'no_stream' })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(PayloadTooLargeError);
      expect((error as Error).message).toMatch(
        /as a DynamoDB transaction .* over the limit of 4194304 bytes/,
      );
      expect(calls).toEqual([]);
    });
  });

  describe('Method: read', () => {
    it('follows LastEvaluatedKey when items are larger than a 1 MB query page', async () => {
      const store = new DynamoDbEventStore({ client, tableName });
      const streamId = uniqueStreamId();
      // 8 × 300 KB = 2.4 MB: DynamoDB returns it in several query pages.
      for (let i = 0; i < 8; i++) {
        await store.append(
          streamId,
          [newEvent({ data: { sku: 'z'.repeat(300 * 1024), quantity: 1 } })],
          {
            expectedVersion: i,
          },
        );
      }
      const page = await store.read(streamId, { maxCount: 8 });
      expect(page.events.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });
  });

  describe('Function: loadAggregate', () => {
    it('costs the same read capacity for a stream of 10 and of 1000 events', async () => {
      // A decider whose state does not grow with history, so only the store's cost is measured.
      const costs: Record<number, number> = {};
      for (const length of [10, 1000]) {
        let units = 0;
        const store = new DynamoDbEventStore({
          client,
          tableName,
          onConsumedCapacity: (_op, capacity: readonly ConsumedCapacity[]) => {
            units += capacity.reduce(
              (s, c) => s + (c.ReadCapacityUnits ?? c.CapacityUnits ?? 0),
              0,
            );
          },
        });
        const streamId = uniqueStreamId('long');
        for (let done = 0; done < length; done += 40) {
          await handleCommandBatch(store, streamId, Math.min(40, length - done));
        }
        units = 0;
        const loaded = await loadAggregate(store, inventoryDecider, streamId);
        expect(loaded.version).toBe(length);
        expect(loaded.state.added).toBe(length);
        costs[length] = units;
      }
      expect(costs[1000]).toBe(costs[10]);
    }, 120_000);
  });
});

/** Runs `count` AddStock commands (one event each) through the command handler. */
async function handleCommandBatch(store: DynamoDbEventStore, streamId: string, count: number) {
  for (let i = 0; i < count; i++) {
    await handleCommand({
      store,
      decider: inventoryDecider,
      streamId,
      command: { type: 'AddStock', sku: streamId, quantity: 1 },
      context: {
        correlationId: 'c',
        causationId: 'c',
        newEventId: () => crypto.randomUUID(),
        now: () => '2026-01-01T00:00:00.000Z',
      },
    });
  }
}
