import type {
  AttributeValue,
  ConsumedCapacity,
  DynamoDBClient,
  TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetItemCommand,
  GetItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { LimitExceededError, PayloadTooLargeError, VersionConflictError } from '../../errors';
import { IdempotencyConflictError } from '../errors';
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
import {
  expectedVersionHolds,
  resolveReadOptions,
  validateAppend,
  validateStreamId,
} from '../validation';
import { eventToItem, ItemKind, itemToRecordedEvent } from './item-codec';
import {
  itemSize,
  MAX_ITEM_BYTES,
  MAX_TRANSACTION_ACTIONS,
  MAX_TRANSACTION_BYTES,
} from './item-size';

/**
 * Most events in one append: each event takes two transaction actions (its
 * item and its event-id guard) and the tip one, within DynamoDB's 100.
 */
export const MAX_EVENTS_PER_DYNAMODB_APPEND = Math.floor((MAX_TRANSACTION_ACTIONS - 1) / 2);

/** How many times an append with `any` / `stream_exists` re-reads the tip after losing a race. */
const MAX_INTERNAL_RETRIES = 50;

export interface DynamoDbEventStoreProps {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Receives the consumed capacity of every call (for benchmarks and metrics). */
  readonly onConsumedCapacity?: (operation: string, capacity: readonly ConsumedCapacity[]) => void;
}

interface Tip {
  readonly lastVersion: number;
  readonly snapshot?: { key: string; version: number; state: string };
}

/**
 * The event-store port on one DynamoDB table.
 *
 * Layout (see `item-codec.ts`): events at `(streamId, 1..n)`; the stream's
 * tip at `(streamId, 0)` holding `lastVersion` and the latest snapshot; one
 * guard item per event id at `($eventId#<streamId>#<eventId>, 0)`.
 *
 * An append is ONE `TransactWriteItems`: a conditional update of the tip
 * (`lastVersion = expected`, or no tip for a new stream), a conditional put of
 * each event item and of each guard. The tip condition serialises writers, so
 * versions are contiguous whatever the callers pass; the guards make a
 * re-append of the same ids detectable anywhere in the stream. `any` and
 * `stream_exists` read the tip first and condition on what they read,
 * retrying when another writer got in between.
 *
 * Reads are strongly consistent. Loading an aggregate costs one tip read plus
 * the events after its snapshot, however long the stream.
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
    validateAppend(streamId, events, options.expectedVersion);
    if (events.length > MAX_EVENTS_PER_DYNAMODB_APPEND) {
      throw new LimitExceededError(
        `events in one DynamoDB append to '${streamId}' (2 transaction actions each, plus the tip, within DynamoDB's ${MAX_TRANSACTION_ACTIONS})`,
        events.length,
        MAX_EVENTS_PER_DYNAMODB_APPEND,
      );
    }
    const expected = options.expectedVersion;
    const exact =
      typeof expected === 'number' ? expected : expected === 'no_stream' ? 0 : undefined;
    for (let attempt = 0; ; attempt++) {
      const base = exact ?? (await this.#readTip(streamId, 'AppendReadTip')).lastVersion;
      if (exact === undefined && !expectedVersionHolds(expected, base)) {
        // `stream_exists` on a missing stream: unless it is a retry, a conflict.
        const retry = await this.#idempotentResult(streamId, events);
        if (retry) return retry;
        throw new VersionConflictError(streamId, expected, base);
      }
      const written = await this.#tryWrite(streamId, events, base, options);
      if (written) return { nextExpectedVersion: base + events.length, written: true };
      const retry = await this.#idempotentResult(streamId, events);
      if (retry) return retry;
      const actual = (await this.#readTip(streamId, 'AppendConflictReadTip')).lastVersion;
      const stillHolds = exact === undefined ? false : actual === exact;
      // With an exact version a failed write whose condition still holds was a
      // transient transaction conflict: try again. Otherwise it is a conflict,
      // which `any` and `stream_exists` absorb by re-reading the tip.
      if ((exact !== undefined && !stillHolds) || attempt >= MAX_INTERNAL_RETRIES) {
        throw new VersionConflictError(streamId, expected, actual);
      }
      await new Promise((resolve) =>
        setTimeout(resolve, Math.floor(Math.random() * 5 * (attempt + 1))),
      );
    }
  }

  async read(streamId: string, options?: ReadOptions): Promise<ReadPage> {
    const { direction, fromVersion, maxCount } = resolveReadOptions(streamId, options);
    const forward = direction === 'forward';
    const from = forward ? Math.max(1, fromVersion ?? 1) : (fromVersion ?? Number.MAX_SAFE_INTEGER);
    if (!forward && from < 1) return { events: [], nextVersion: undefined };
    const events: RecordedEvent[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    // One more than the page size tells whether another page follows.
    const want = maxCount + 1;
    do {
      const out = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: '#s = :s AND #v BETWEEN :lo AND :hi',
          ExpressionAttributeNames: { '#s': 'streamId', '#v': 'version' },
          ExpressionAttributeValues: {
            ':s': { S: streamId },
            ':lo': { N: String(forward ? from : 1) },
            ':hi': { N: String(forward ? Number.MAX_SAFE_INTEGER : from) },
          },
          ScanIndexForward: forward,
          ConsistentRead: true,
          Limit: want - events.length,
          ExclusiveStartKey: startKey,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.#capacity('Query', out.ConsumedCapacity);
      for (const item of out.Items ?? []) {
        const event = itemToRecordedEvent(item);
        if (event) events.push(event);
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey && events.length < want);
    const page = events.slice(0, maxCount);
    return { events: page, nextVersion: events[maxCount]?.version };
  }

  async lastVersion(streamId: string): Promise<number> {
    validateStreamId(streamId);
    return (await this.#readTip(streamId, 'LastVersion')).lastVersion;
  }

  async readSnapshot(streamId: string, key: string): Promise<Snapshot | undefined> {
    validateStreamId(streamId);
    const snapshot = (await this.#readTip(streamId, 'ReadSnapshot')).snapshot;
    if (!snapshot || snapshot.key !== key) return undefined;
    return {
      streamId,
      key,
      version: snapshot.version,
      state: JSON.parse(snapshot.state) as unknown,
    };
  }

  /** Writes the append; false when a condition failed (nothing was written). */
  async #tryWrite(
    streamId: string,
    events: readonly NewEvent[],
    base: number,
    options: AppendOptions,
  ): Promise<boolean> {
    const items = this.#transaction(streamId, events, base, options);
    try {
      const out = await this.#client.send(
        new TransactWriteItemsCommand({ TransactItems: items, ReturnConsumedCapacity: 'TOTAL' }),
      );
      this.#capacity('TransactWriteItems', out.ConsumedCapacity);
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }

  #transaction(
    streamId: string,
    events: readonly NewEvent[],
    base: number,
    options: AppendOptions,
  ): TransactWriteItem[] {
    const last = base + events.length;
    const snapshot =
      options.snapshot === undefined
        ? undefined
        : {
            key: options.snapshot.key,
            version: last,
            state: JSON.stringify(options.snapshot.state),
          };
    const tipValues: Record<string, AttributeValue> = {
      ':new': { N: String(last) },
      ':tip': { S: ItemKind.tip },
    };
    let update = 'SET #last = :new, #kind = :tip';
    const names: Record<string, string> = { '#last': 'lastVersion', '#kind': 'kind' };
    if (snapshot) {
      update += ', #snap = :snap';
      names['#snap'] = 'snapshot';
      tipValues[':snap'] = {
        M: {
          key: { S: snapshot.key },
          version: { N: String(snapshot.version) },
          state: { S: snapshot.state },
        },
      };
    }
    if (base > 0) tipValues[':expected'] = { N: String(base) };
    else names['#sid'] = 'streamId';
    // The tip as it will be stored, to check DynamoDB's item size limit.
    const tipItem: Record<string, AttributeValue> = {
      streamId: { S: streamId },
      version: { N: '0' },
      lastVersion: tipValues[':new'] as AttributeValue,
      kind: tipValues[':tip'] as AttributeValue,
      ...(tipValues[':snap'] ? { snapshot: tipValues[':snap'] } : {}),
    };
    if (itemSize(tipItem) > MAX_ITEM_BYTES) {
      throw new PayloadTooLargeError(
        `snapshot '${snapshot?.key}' of stream '${streamId}'`,
        itemSize(tipItem),
        MAX_ITEM_BYTES,
      );
    }
    const actions: TransactWriteItem[] = [
      {
        Update: {
          TableName: this.#table,
          Key: { streamId: { S: streamId }, version: { N: '0' } },
          UpdateExpression: update,
          ConditionExpression: base > 0 ? '#last = :expected' : 'attribute_not_exists(#sid)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: tipValues,
        },
      },
    ];
    let total = itemSize(tipItem);
    events.forEach((event, i) => {
      const item = eventToItem({ ...event, streamId, version: base + i + 1 });
      const size = itemSize(item);
      if (size > MAX_ITEM_BYTES) {
        throw new PayloadTooLargeError(
          `event ${event.eventId} (${event.type}) of stream '${streamId}' as a DynamoDB item`,
          size,
          MAX_ITEM_BYTES,
        );
      }
      total += size;
      actions.push({
        Put: {
          TableName: this.#table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(streamId)',
        },
      });
    });
    for (const [i, event] of events.entries()) {
      const guard = {
        streamId: { S: guardKey(streamId, event.eventId) },
        version: { N: '0' },
        kind: { S: ItemKind.guard },
        at: { N: String(base + i + 1) },
      };
      total += itemSize(guard);
      actions.push({
        Put: {
          TableName: this.#table,
          Item: guard,
          ConditionExpression: 'attribute_not_exists(streamId)',
        },
      });
    }
    if (total > MAX_TRANSACTION_BYTES) {
      throw new PayloadTooLargeError(
        `append to '${streamId}' as a DynamoDB transaction`,
        total,
        MAX_TRANSACTION_BYTES,
      );
    }
    return actions;
  }

  /**
   * After a refused write: if every event id is already in the stream, the
   * append had succeeded before (a retry) and is a no-op; if some are, it is
   * refused; if none are, undefined (a version conflict).
   */
  async #idempotentResult(
    streamId: string,
    events: readonly NewEvent[],
  ): Promise<AppendResult | undefined> {
    const out = await this.#client.send(
      new BatchGetItemCommand({
        RequestItems: {
          [this.#table]: {
            Keys: events.map((e) => ({
              streamId: { S: guardKey(streamId, e.eventId) },
              version: { N: '0' },
            })),
            ConsistentRead: true,
          },
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.#capacity('BatchGetItem', out.ConsumedCapacity);
    if (Object.keys(out.UnprocessedKeys ?? {}).length > 0) {
      throw new Error(
        `could not check the event ids of an append to '${streamId}': keys left unprocessed`,
      );
    }
    const found = new Map<string, number>();
    for (const item of out.Responses?.[this.#table] ?? []) {
      found.set(item.streamId?.S ?? '', Number(item.at?.N ?? 0));
    }
    const present = events.filter((e) => found.has(guardKey(streamId, e.eventId)));
    if (present.length === 0) return undefined;
    if (present.length < events.length) {
      throw new IdempotencyConflictError(
        streamId,
        present.map((e) => e.eventId),
      );
    }
    return { nextExpectedVersion: Math.max(...found.values()), written: false };
  }

  async #readTip(streamId: string, operation: string): Promise<Tip> {
    const out = await this.#client.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: { streamId: { S: streamId }, version: { N: '0' } },
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.#capacity(operation, out.ConsumedCapacity);
    const item = out.Item;
    if (!item) return { lastVersion: 0 };
    const snap = item.snapshot?.M;
    return {
      lastVersion: Number(item.lastVersion?.N ?? 0),
      ...(snap
        ? {
            snapshot: {
              key: snap.key?.S ?? '',
              version: Number(snap.version?.N ?? 0),
              state: snap.state?.S ?? 'null',
            },
          }
        : {}),
    };
  }

  #capacity(operation: string, capacity: ConsumedCapacity | ConsumedCapacity[] | undefined): void {
    if (!this.#onCapacity || !capacity) return;
    this.#onCapacity(operation, Array.isArray(capacity) ? capacity : [capacity]);
  }
}

/** Partition key of the guard item that makes an event id unique in its stream. */
export function guardKey(streamId: string, eventId: string): string {
  return `$eventId#${streamId}#${eventId.toLowerCase()}`;
}
