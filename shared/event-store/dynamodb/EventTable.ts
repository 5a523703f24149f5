import type {
  AttributeValue,
  ConsumedCapacity,
  DynamoDBClient,
  TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import {
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { EventTableError } from './errors';
import type { LostRace } from './write-failure';
import { describeFailure, lostRace } from './write-failure';

export type Item = Record<string, AttributeValue>;

/** Receives the capacity every call consumed, named by the store operation it served. */
export type ConsumedCapacityListener = (
  operation: string,
  capacity: readonly ConsumedCapacity[],
) => void;

/** A version range of one stream to query. */
export interface VersionQuery {
  readonly lo: number;
  readonly hi: number;
  readonly forward: boolean;
  /** Most items to return; pages are followed until this many or the range's end. */
  readonly limit: number;
  /** Name reported to the capacity listener. */
  readonly operation: string;
}

/**
 * The event store's DynamoDB calls, and nothing else: every read strongly
 * consistent, every call asking for its consumed capacity, every failure
 * other than a lost race turned into an `EventTableError`.
 */
export class EventTable {
  readonly #client: DynamoDBClient;
  readonly #name: string;
  readonly #onCapacity: ConsumedCapacityListener | undefined;

  constructor(client: DynamoDBClient, name: string, onCapacity?: ConsumedCapacityListener) {
    this.#client = client;
    this.#name = name;
    this.#onCapacity = onCapacity;
  }

  /** Whether the item at `(streamId, version)` exists (one consistent GetItem). */
  async exists(streamId: string, version: number, operation: string): Promise<boolean> {
    const out = await this.#call('GetItem', streamId, () =>
      this.#client.send(
        new GetItemCommand({
          TableName: this.#name,
          Key: { streamId: { S: streamId }, version: { N: String(version) } },
          // A projection would not lower the cost: DynamoDB bills the whole item.
          ConsistentRead: true,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    this.#report(operation, out.ConsumedCapacity);
    return out.Item !== undefined;
  }

  /**
   * The items of a version range, in order, following `LastEvaluatedKey`;
   * `Limit` on each page is what is still wanted, so no call reads (and
   * bills) items beyond `limit`.
   */
  async query(streamId: string, q: VersionQuery): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const out = await this.#call('Query', streamId, () =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#name,
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
        ),
      );
      this.#report(q.operation, out.ConsumedCapacity);
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey && items.length < q.limit);
    return items;
  }

  /**
   * Puts new items atomically, each on condition that its key is free: one
   * `PutItem` for one item, one `TransactWriteItems` for several.
   * @returns undefined when written; the lost race (with the items found in
   *   place) when a condition failed or another transaction held an item.
   */
  async putNew(streamId: string, items: readonly Item[]): Promise<LostRace | undefined> {
    const condition = {
      ConditionExpression: 'attribute_not_exists(#v)',
      ExpressionAttributeNames: { '#v': 'version' },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
    const [single] = items;
    const operation = items.length === 1 ? 'PutItem' : 'TransactWriteItems';
    try {
      const out = await this.#call<{ ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }>(
        operation,
        streamId,
        () =>
          items.length === 1 && single
            ? this.#client.send(
                new PutItemCommand({
                  TableName: this.#name,
                  Item: single,
                  ...condition,
                  ReturnConsumedCapacity: 'TOTAL',
                }),
              )
            : this.#client.send(
                new TransactWriteItemsCommand({
                  TransactItems: items.map(
                    (Item): TransactWriteItem => ({
                      Put: { TableName: this.#name, Item, ...condition },
                    }),
                  ),
                  ReturnConsumedCapacity: 'TOTAL',
                }),
              ),
      );
      this.#report(operation, out.ConsumedCapacity);
      return undefined;
    } catch (error) {
      const race = lostRace(error);
      if (race) return race;
      throw error;
    }
  }

  /** Runs a call; lost races pass through for `putNew`, every other failure becomes an `EventTableError`. */
  async #call<T>(operation: string, streamId: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (lostRace(error)) throw error;
      const { reason, retryable } = describeFailure(error);
      throw new EventTableError(
        { operation, tableName: this.#name, streamId, reason, retryable },
        { cause: error },
      );
    }
  }

  #report(operation: string, capacity: ConsumedCapacity | ConsumedCapacity[] | undefined): void {
    if (!this.#onCapacity || !capacity) return;
    this.#onCapacity(operation, Array.isArray(capacity) ? capacity : [capacity]);
  }
}
