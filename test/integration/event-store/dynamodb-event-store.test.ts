import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LimitExceededError,
  PayloadTooLargeError,
  VersionConflictError,
} from '../../../shared/errors';
import {
  DynamoDbEventStore,
  EventTableError,
  eventTableDefinition,
  MAX_ITEM_BYTES,
  MAX_TRANSACTION_BYTES,
  SNAPSHOT_LOOKBACK,
} from '../../../shared/event-store/dynamodb';
import type { ExpectedVersion } from '../../../shared/event-store/types';
import { createEventTable, dynamoDbClient, recordCalls } from '../../helpers/dynamodb';
import { eventStoreBehaviour } from '../../helpers/event-store-behaviour';
import { readAll } from '../../helpers/event-store-behaviour/read-all';
import { newEvent, newEvents, uniqueStreamId } from '../../helpers/new-events';

const client = dynamoDbClient();
let tableName: string;
beforeAll(async () => {
  tableName = await createEventTable(client);
});

eventStoreBehaviour('DynamoDB Local', () => new DynamoDbEventStore({ client, tableName }), {
  concurrencyTimeoutMs: 180_000,
});

/** A store on its own client whose calls are recorded (a fresh process: nothing known yet). */
function recordedStore() {
  const own = dynamoDbClient();
  const calls = recordCalls(own);
  return { store: new DynamoDbEventStore({ client: own, tableName }), calls };
}

const ops = (calls: readonly { operation: string }[]) => calls.map((c) => c.operation);
/** Event data whose JSON is about `bytes` long. */
const sized = (bytes: number) => ({ sku: 'x'.repeat(bytes), quantity: 1 });

describe('Class: DynamoDbEventStore', () => {
  describe('Method: append', () => {
    it.each<ExpectedVersion>(['no_stream', 'any'])(
      'refuses an event too large for a DynamoDB item before any call (expected %s)',
      async (expectedVersion) => {
        // Prepare
        const { store, calls } = recordedStore();
        const streamId = uniqueStreamId();
        const big = newEvent({ data: sized(401 * 1024) });

        // Act
        const error = await store
          .append(streamId, [newEvent(), big], { expectedVersion })
          .catch((e: unknown) => e);

        // Assess
        expect(error).toBeInstanceOf(PayloadTooLargeError);
        expect(error).toMatchObject({ limitBytes: MAX_ITEM_BYTES });
        expect((error as PayloadTooLargeError).sizeBytes).toBeGreaterThan(401 * 1024);
        expect((error as Error).message).toContain(big.eventId);
        expect((error as Error).message).toContain(streamId);
        expect(calls).toEqual([]);
        expect(await store.lastVersion(streamId)).toBe(0);
      },
    );

    it.each<ExpectedVersion>(['no_stream', 'any'])(
      'refuses an append over the 4 MB transaction limit before any call (expected %s)',
      async (expectedVersion) => {
        // Prepare
        const { store, calls } = recordedStore();
        const streamId = uniqueStreamId();
        const events = Array.from({ length: 12 }, () => newEvent({ data: sized(390 * 1024) }));

        // Act
        const error = await store
          .append(streamId, events, { expectedVersion })
          .catch((e: unknown) => e);

        // Assess
        expect(error).toBeInstanceOf(PayloadTooLargeError);
        expect(error).toMatchObject({ limitBytes: MAX_TRANSACTION_BYTES });
        expect((error as Error).message).toMatch(
          new RegExp(
            `append of 12 events to '${streamId}' as a DynamoDB transaction is \\d+ bytes`,
          ),
        );
        expect(calls).toEqual([]);
      },
    );

    it('refuses 101 events before any call', async () => {
      const { store, calls } = recordedStore();

      const error = await store
        .append(uniqueStreamId(), newEvents(101), { expectedVersion: 'any' })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(LimitExceededError);
      expect(error).toMatchObject({ count: 101, limit: 100 });
      expect(calls).toEqual([]);
    });

    it('accepts 100 events of 40 KB in one append, just under the 4 MB transaction limit', async () => {
      // Prepare
      const { store, calls } = recordedStore();
      const streamId = uniqueStreamId();
      const events = Array.from({ length: 100 }, () => newEvent({ data: sized(40 * 1024) }));

      // Act
      const result = await store.append(streamId, events, { expectedVersion: 'no_stream' });

      // Assess
      expect(result).toEqual({ nextExpectedVersion: 100, written: true });
      expect(ops(calls)).toEqual(['TransactWriteItems']);
      expect(await store.lastVersion(streamId)).toBe(100);
    });

    it('writes an event without the snapshot that would push its item over 400 KB', async () => {
      // Prepare
      const store = new DynamoDbEventStore({ client, tableName });
      const streamId = uniqueStreamId();

      // Act
      await store.append(streamId, [newEvent({ data: sized(300 * 1024) })], {
        expectedVersion: 'no_stream',
        snapshot: { key: 'agg@1', state: { blob: 'y'.repeat(200 * 1024) } },
      });

      // Assess
      expect(await store.lastVersion(streamId)).toBe(1);
      expect(await store.readSnapshot(streamId, 'agg@1')).toBeUndefined();
    });

    it('checks that the expected version exists when the process has not seen it', async () => {
      // Prepare
      const store = new DynamoDbEventStore({ client, tableName });
      const streamId = uniqueStreamId();
      await store.append(streamId, newEvents(1), { expectedVersion: 'no_stream' });
      const { store: fresh, calls } = recordedStore();

      // Act
      await fresh.append(streamId, newEvents(1), { expectedVersion: 1 });

      // Assess
      expect(ops(calls)).toEqual(['GetItem', 'PutItem']);
    });

    it('skips the existence read after a load has seen the expected version', async () => {
      // Prepare
      const { store, calls } = recordedStore();
      const streamId = uniqueStreamId();
      await store.append(streamId, newEvents(2), {
        expectedVersion: 'no_stream',
        snapshot: { key: 'agg@1', state: { n: 2 } },
      });
      const other = new DynamoDbEventStore({ client, tableName });
      await other.append(streamId, newEvents(1), {
        expectedVersion: 2,
        snapshot: { key: 'agg@1', state: { n: 3 } },
      });
      calls.length = 0;

      // Act
      const snapshot = await store.readSnapshot(streamId, 'agg@1');
      await store.append(streamId, newEvents(1), { expectedVersion: snapshot?.version ?? -1 });

      // Assess
      expect(ops(calls)).toEqual(['Query', 'PutItem']);
      expect(await store.lastVersion(streamId)).toBe(4);
    });

    it('refuses an append at a version another process has passed since this one read it', async () => {
      // Prepare
      const store = new DynamoDbEventStore({ client, tableName });
      const other = new DynamoDbEventStore({ client: dynamoDbClient(), tableName });
      const streamId = uniqueStreamId();
      await store.append(streamId, newEvents(1), { expectedVersion: 'no_stream' });
      await other.append(streamId, newEvents(2), { expectedVersion: 1 });

      // Act
      const error = await store
        .append(streamId, newEvents(1), { expectedVersion: 1 })
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(VersionConflictError);
      expect(error).toMatchObject({ streamId, expected: 1, actual: 3 });
      expect(await store.lastVersion(streamId)).toBe(3);
    });

    it('recognises a retried append from the items its refused writes found, without reading', async () => {
      // Prepare
      const { store, calls } = recordedStore();
      const streamId = uniqueStreamId();
      const events = newEvents(3);
      await store.append(streamId, events, { expectedVersion: 'no_stream' });
      calls.length = 0;

      // Act
      const result = await store.append(streamId, events, { expectedVersion: 'no_stream' });

      // Assess
      expect(result).toEqual({ nextExpectedVersion: 3, written: false });
      expect(ops(calls)).toEqual(['TransactWriteItems']);
      const puts = calls[0]?.input.TransactItems as {
        Put: { ReturnValuesOnConditionCheckFailure?: string };
      }[];
      expect(puts.map((p) => p.Put.ReturnValuesOnConditionCheckFailure)).toEqual([
        'ALL_OLD',
        'ALL_OLD',
        'ALL_OLD',
      ]);
    });

    it('fails with an EventTableError naming the table when it does not exist', async () => {
      // Prepare
      const store = new DynamoDbEventStore({ client, tableName: 'no-such-table' });

      // Act
      const error = await store
        .append('s-1', newEvents(1), { expectedVersion: 'no_stream' })
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(EventTableError);
      expect(error).toMatchObject({
        operation: 'PutItem',
        tableName: 'no-such-table',
        streamId: 's-1',
        retryable: false,
      });
      expect((error as Error).message).toMatch(/ResourceNotFoundException/);
      expect((error as Error).cause).toBeInstanceOf(Error);
    });
  });

  describe('Method: read', () => {
    it('follows LastEvaluatedKey when events are larger than a 1 MB query page', async () => {
      // Prepare
      const { store, calls } = recordedStore();
      const streamId = uniqueStreamId();
      // 8 × 300 KB = 2.4 MB: DynamoDB returns at most 1 MB per query page.
      await store.append(
        streamId,
        Array.from({ length: 8 }, () => newEvent({ data: sized(300 * 1024) })),
        { expectedVersion: 'no_stream' },
      );
      calls.length = 0;

      // Act
      const page = await store.read(streamId, { maxCount: 8 });

      // Assess
      expect(page.events.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(page.nextVersion).toBeUndefined();
      const queries = calls.filter((c) => c.operation === 'Query');
      expect(queries.length).toBeGreaterThanOrEqual(2);
      expect(queries.slice(1).every((q) => q.input.ExclusiveStartKey !== undefined)).toBe(true);
    });

    it('asks DynamoDB for no more than one event beyond the page, in both directions', async () => {
      // Prepare
      const { store, calls } = recordedStore();
      const streamId = uniqueStreamId();
      await store.append(streamId, newEvents(30), { expectedVersion: 'no_stream' });
      calls.length = 0;

      // Act
      const forward = await store.read(streamId, { fromVersion: 5, maxCount: 4 });
      const backward = await store.read(streamId, { direction: 'backward', maxCount: 4 });

      // Assess
      expect(forward).toMatchObject({ nextVersion: 9 });
      expect(forward.events.map((e) => e.version)).toEqual([5, 6, 7, 8]);
      expect(backward.events.map((e) => e.version)).toEqual([30, 29, 28, 27]);
      expect(backward.nextVersion).toBe(26);
      expect(calls.map((c) => [c.input.Limit, c.input.ConsistentRead])).toEqual([
        [5, true],
        [5, true],
      ]);
    });
  });

  describe('Method: readSnapshot', () => {
    it('finds the snapshot a few snapshot-less appends back, with the stream version', async () => {
      // Prepare
      const store = new DynamoDbEventStore({ client, tableName });
      const streamId = uniqueStreamId();
      await store.append(streamId, newEvents(2), {
        expectedVersion: 'no_stream',
        snapshot: { key: 'agg@1', state: { n: 2 } },
      });

      // Act
      for (let i = 0; i < 3; i++) {
        await store.append(streamId, newEvents(1), { expectedVersion: 'any' });
      }

      // Assess
      expect(await store.readSnapshot(streamId, 'agg@1')).toEqual({
        streamId,
        key: 'agg@1',
        version: 2,
        state: { n: 2 },
        streamVersion: 5,
      });
    });

    it(`answers undefined when the snapshot is more than ${SNAPSHOT_LOOKBACK} events back`, async () => {
      // Prepare
      const store = new DynamoDbEventStore({ client, tableName });
      const streamId = uniqueStreamId();
      await store.append(streamId, newEvents(1), {
        expectedVersion: 'no_stream',
        snapshot: { key: 'agg@1', state: { n: 1 } },
      });

      // Act
      await store.append(streamId, newEvents(SNAPSHOT_LOOKBACK + 1), { expectedVersion: 1 });

      // Assess
      expect(await store.readSnapshot(streamId, 'agg@1')).toBeUndefined();
      expect(await readAll(store, streamId)).toHaveLength(SNAPSHOT_LOOKBACK + 2);
    });
  });
});

describe('Function: eventTableDefinition', () => {
  it('creates a table DynamoDB Local accepts, with new images on its stream', async () => {
    const name = `def-${crypto.randomUUID()}`;

    const out = await client.send(new CreateTableCommand(eventTableDefinition(name)));

    expect(out.TableDescription).toMatchObject({
      TableName: name,
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      KeySchema: [
        { AttributeName: 'streamId', KeyType: 'HASH' },
        { AttributeName: 'version', KeyType: 'RANGE' },
      ],
    });
  });
});
