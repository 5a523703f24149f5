import type {
  AttributeValue,
  ConsumedCapacity,
  DynamoDBClient,
  TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { PayloadTooLargeError, VersionConflictError } from '../../errors';
import { priorAppendResult } from '../idempotency';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadOptions,
  ReadPage,
  RecordedEvent,
  Snapshot,
} from '../types';
import { resolveReadOptions, validateAppend, validateStreamId } from '../validation';
import type { ItemSnapshot } from './item-codec';
import { eventToItem, itemSnapshot, itemToRecordedEvent } from './item-codec';
import { itemSize, MAX_ITEM_BYTES, MAX_TRANSACTION_BYTES } from './item-size';

/** How many times an append re-tries after losing a race it can absorb. */
const MAX_INTERNAL_RETRIES = 50;

export interface DynamoDbEventStoreProps {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Receives the consumed capacity of every call (for benchmarks and metrics). */
  readonly onConsumedCapacity?: (operation: string, capacity: readonly ConsumedCapacity[]) => void;
}

type Item = Record<string, AttributeValue>;

/**
 * The event-store port on one DynamoDB table, designed for the fewest request
 * units per command.
 *
 * Layout (`item-codec.ts`): one item per event at `(streamId, version)`; the
 * last event of each append also carries the aggregate's snapshot after it.
 * Loading an aggregate is one strongly consistent query for the newest item,
 * however long the stream.
 *
 * Appending at an exact expected version `e`:
 * 1. a consistent read that item `e` exists (versions only grow, so if `e`
 *    exists now, `e + 1` can never leave a gap);
 * 2. a put of `e + 1 … e + k`, each conditioned on not existing — one
 *    `PutItem` for one event, one `TransactWriteItems` for several, so the
 *    append is atomic. A failed condition means another writer got there.
 * `any` and `stream_exists` read the newest items instead and append after
 * them, retrying when they lose a race; `no_stream` puts from version 1.
 *
 * Idempotency: an append whose event ids already sit right after the expected
 * version, or are the stream's newest events, is a no-op (`written: false`) —
 * the places a retried append finds them; some ids there but not all is an
 * `IdempotencyConflictError`. Like EventStoreDB, ids further back in the
 * stream are not searched.
 */
export class DynamoDbEventStore implements EventStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #onCapacity: DynamoDbEventStoreProps['onConsumedCapacity'];

  constructor(props: DynamoDbEventStoreProps) {
    this.#client = props.client;
    this.#table = props.tableName;
    this.#onCapacity = props.onConsumedCapacity;
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    validateAppend(streamId, events, options.expectedVersion, options.snapshot);
    const expected = options.expectedVersion;
    const snapshot =
      options.snapshot === undefined
        ? undefined
        : { key: options.snapshot.key, state: JSON.stringify(options.snapshot.state) };
    for (let attempt = 0; ; attempt++) {
      if (typeof expected === 'number' || expected === 'no_stream') {
        const e = expected === 'no_stream' ? 0 : expected;
        if (e > 0 && !(await this.#exists(streamId, e))) {
          throw new VersionConflictError(streamId, expected, await this.lastVersion(streamId));
        }
        if (await this.#write(streamId, events, e, snapshot)) {
          return { nextExpectedVersion: e + events.length, written: true };
        }
        const next = await this.#readRange(streamId, e + 1, e + events.length);
        const retried = priorAppendResult(streamId, events, next);
        if (retried) return retried;
        const actual = await this.lastVersion(streamId);
        // The condition still holds: a transaction conflict, not a version conflict.
        if (actual !== e || attempt >= MAX_INTERNAL_RETRIES) {
          throw new VersionConflictError(streamId, expected, actual);
        }
      } else {
        const newest = await this.#newest(streamId, events.length);
        // The shared rule reads the window oldest first.
        const retried = priorAppendResult(streamId, events, [...newest].reverse());
        if (retried) return retried;
        const last = newest[0]?.version ?? 0;
        if (expected === 'stream_exists' && last === 0) {
          throw new VersionConflictError(streamId, expected, 0);
        }
        if (await this.#write(streamId, events, last, snapshot)) {
          return { nextExpectedVersion: last + events.length, written: true };
        }
        if (attempt >= MAX_INTERNAL_RETRIES) {
          throw new VersionConflictError(streamId, expected, await this.lastVersion(streamId));
        }
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
    }
  }

  async read(streamId: string, options?: ReadOptions): Promise<ReadPage> {
    const { direction, fromVersion, maxCount } = resolveReadOptions(streamId, options);
    const forward = direction === 'forward';
    const from = forward ? Math.max(1, fromVersion ?? 1) : (fromVersion ?? Number.MAX_SAFE_INTEGER);
    if (!forward && from < 1) return { events: [], nextVersion: undefined };
    // One more than the page size tells whether another page follows.
    const items = await this.#query(streamId, {
      lo: forward ? from : 1,
      hi: forward ? Number.MAX_SAFE_INTEGER : from,
      forward,
      limit: maxCount + 1,
      operation: 'Query',
    });
    const events = items.map(decode);
    return { events: events.slice(0, maxCount), nextVersion: events[maxCount]?.version };
  }

  async lastVersion(streamId: string): Promise<number> {
    validateStreamId(streamId);
    const [newest] = await this.#query(streamId, {
      lo: 1,
      hi: Number.MAX_SAFE_INTEGER,
      forward: false,
      limit: 1,
      operation: 'LastVersion',
    });
    return newest ? Number(newest.version?.N) : 0;
  }

  async readSnapshot(streamId: string, key: string): Promise<Snapshot | undefined> {
    validateStreamId(streamId);
    const [newest] = await this.#query(streamId, {
      lo: 1,
      hi: Number.MAX_SAFE_INTEGER,
      forward: false,
      limit: 1,
      operation: 'ReadSnapshot',
    });
    const snapshot = newest ? itemSnapshot(newest) : undefined;
    if (!newest || snapshot?.key !== key) return undefined;
    const version = Number(newest.version?.N);
    return {
      streamId,
      key,
      version,
      state: JSON.parse(snapshot.state) as unknown,
      streamVersion: version,
    };
  }

  /** Writes the events after version `base`; false when a condition failed (nothing written). */
  async #write(
    streamId: string,
    events: readonly NewEvent[],
    base: number,
    snapshot: ItemSnapshot | undefined,
  ): Promise<boolean> {
    const items = events.map((event, i) => {
      const recorded = { ...event, streamId, version: base + i + 1 };
      const last = i === events.length - 1;
      const item = eventToItem(recorded, last ? snapshot : undefined);
      // A snapshot that does not fit is left out: loading then folds the events.
      const fitted = itemSize(item) > MAX_ITEM_BYTES && last ? eventToItem(recorded) : item;
      const size = itemSize(fitted);
      if (size > MAX_ITEM_BYTES) {
        throw new PayloadTooLargeError(
          `event ${event.eventId} (${event.type}) of stream '${streamId}' as a DynamoDB item`,
          size,
          MAX_ITEM_BYTES,
        );
      }
      return fitted;
    });
    const total = items.reduce((sum, item) => sum + itemSize(item), 0);
    if (total > MAX_TRANSACTION_BYTES) {
      throw new PayloadTooLargeError(
        `append to '${streamId}' as a DynamoDB transaction`,
        total,
        MAX_TRANSACTION_BYTES,
      );
    }
    const condition = {
      ConditionExpression: 'attribute_not_exists(#v)',
      ExpressionAttributeNames: { '#v': 'version' },
    };
    try {
      if (items.length === 1) {
        const out = await this.#client.send(
          new PutItemCommand({
            TableName: this.#table,
            Item: items[0],
            ...condition,
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        this.#capacity('PutItem', out.ConsumedCapacity);
      } else {
        const actions: TransactWriteItem[] = items.map((Item) => ({
          Put: { TableName: this.#table, Item, ...condition },
        }));
        const out = await this.#client.send(
          new TransactWriteItemsCommand({
            TransactItems: actions,
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        this.#capacity('TransactWriteItems', out.ConsumedCapacity);
      }
      return true;
    } catch (error) {
      if (
        error instanceof ConditionalCheckFailedException ||
        error instanceof TransactionCanceledException
      ) {
        return false;
      }
      throw error;
    }
  }

  async #exists(streamId: string, version: number): Promise<boolean> {
    const out = await this.#client.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: { streamId: { S: streamId }, version: { N: String(version) } },
        // No projection: DynamoDB bills the whole item either way.
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.#capacity('AppendCheck', out.ConsumedCapacity);
    return out.Item !== undefined;
  }

  async #readRange(streamId: string, lo: number, hi: number): Promise<RecordedEvent[]> {
    const items = await this.#query(streamId, {
      lo,
      hi,
      forward: true,
      limit: hi - lo + 1,
      operation: 'AppendConflictRead',
    });
    return items.map(decode);
  }

  /** The newest `count` events, newest first. */
  async #newest(streamId: string, count: number): Promise<RecordedEvent[]> {
    const items = await this.#query(streamId, {
      lo: 1,
      hi: Number.MAX_SAFE_INTEGER,
      forward: false,
      limit: count,
      operation: 'AppendReadNewest',
    });
    return items.map(decode);
  }

  /** A strongly consistent query of a version range, following `LastEvaluatedKey` up to `limit` items. */
  async #query(
    streamId: string,
    q: { lo: number; hi: number; forward: boolean; limit: number; operation: string },
  ): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const out = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: '#s = :s AND #v BETWEEN :lo AND :hi',
          ExpressionAttributeNames: { '#s': 'streamId', '#v': 'version' },
          ExpressionAttributeValues: {
            ':s': { S: streamId },
            ':lo': { N: String(q.lo) },
            ':hi': { N: String(q.hi) },
          },
          ScanIndexForward: q.forward,
          ConsistentRead: true,
          Limit: q.limit - items.length,
          ExclusiveStartKey: startKey,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.#capacity(q.operation, out.ConsumedCapacity);
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey && items.length < q.limit);
    return items;
  }

  #capacity(operation: string, capacity: ConsumedCapacity | ConsumedCapacity[] | undefined): void {
    if (!this.#onCapacity || !capacity) return;
    this.#onCapacity(operation, Array.isArray(capacity) ? capacity : [capacity]);
  }
}

function decode(item: Item): RecordedEvent {
  const event = itemToRecordedEvent(item);
  if (!event)
    throw new Error(
      `item ${item.streamId?.S}@${item.version?.N} of the event table is not an event`,
    );
  return event;
}
