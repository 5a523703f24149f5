import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../errors';
import type { ItemKey } from './keys';

/** One stored item: its keys, revision and attributes. */
export type StoredItem = Record<string, unknown> & { readonly pk: string; readonly sk: string };

/** One page of a query. */
export interface ItemPage {
  readonly items: readonly StoredItem[];
  /** Opaque cursor of the next page, or undefined at the end. */
  readonly cursor: string | undefined;
}

export interface QueryOptions {
  readonly limit?: number;
  readonly cursor?: string;
  /** @default true (ascending sort key) */
  readonly forward?: boolean;
  /** Inclusive sort-key range. */
  readonly between?: readonly [string, string];
  readonly consistent?: boolean;
}

/** Counters added atomically with a marker item that makes the addition happen once. */
export type Counters = Readonly<Record<string, number>>;

/**
 * The SDK side of the read-model table (`READ_MODEL_TABLE_NAME`; keys `pk`,
 * `sk`). Writes are conditional: a versioned item is replaced only if its
 * revision is still the one read, so applying an event and checkpointing its
 * stream version are one atomic write.
 */
export class ReadModelTable {
  readonly tableName: string;
  readonly #doc: DynamoDBDocumentClient;

  constructor(options: { readonly client: DynamoDBClient; readonly tableName: string }) {
    this.tableName = options.tableName;
    this.#doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }

  /** Reads one item (strongly consistent by default: projections must see their own last write). */
  async get(key: ItemKey, consistent = true): Promise<StoredItem | undefined> {
    const out = await this.#doc.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: consistent }),
    );
    return out.Item as StoredItem | undefined;
  }

  /**
   * Writes `item` at `key` as revision `previousRev + 1` only if the stored
   * revision is still `previousRev` (or, for `undefined`, the item does not
   * exist), together with `also` (unconditional puts) in one transaction.
   * @returns false when the condition failed (another writer got there first).
   */
  async putRevision(
    key: ItemKey,
    item: Record<string, unknown>,
    previousRev: number | undefined,
    also: readonly { readonly key: ItemKey; readonly item: Record<string, unknown> }[] = [],
  ): Promise<boolean> {
    const condition =
      previousRev === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: '#rev = :rev',
            ExpressionAttributeNames: { '#rev': 'rev' },
            ExpressionAttributeValues: { ':rev': previousRev },
          };
    const main = {
      TableName: this.tableName,
      Item: { ...item, ...key, rev: (previousRev ?? 0) + 1 },
      ...condition,
    };
    try {
      if (also.length === 0) {
        await this.#doc.send(new PutCommand(main));
      } else {
        await this.#doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: main },
              ...also.map((a) => ({
                Put: { TableName: this.tableName, Item: { ...a.item, ...a.key } },
              })),
            ],
          }),
        );
      }
      return true;
    } catch (error) {
      if (isLostRace(error)) return false;
      throw error;
    }
  }

  /**
   * Adds `counters` to the item at `counterKey` and writes a marker item at
   * `markerKey`, in one transaction that fails if the marker exists: each
   * marker's counters are added exactly once however often it is retried.
   * @returns true when counted now; false when the marker existed (already
   *   counted); undefined when the transaction met another one on its items
   *   (`TransactionConflict`): it wrote nothing, and the caller tries again.
   */
  async addOnce(
    markerKey: ItemKey,
    counterKey: ItemKey,
    counters: Counters,
    set: Readonly<Record<string, unknown>>,
  ): Promise<boolean | undefined> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const adds = Object.entries(counters).map(([name, value], i) => {
      names[`#c${i}`] = name;
      values[`:c${i}`] = value;
      return `#c${i} :c${i}`;
    });
    const sets = Object.entries(set).map(([name, value], i) => {
      names[`#s${i}`] = name;
      values[`:s${i}`] = value;
      return `#s${i} = :s${i}`;
    });
    const update = [
      adds.length ? `ADD ${adds.join(', ')}` : '',
      sets.length ? `SET ${sets.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    try {
      await this.#doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...markerKey },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: counterKey,
                UpdateExpression: update,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      // A conflict is not "already counted": the marker may not exist (found by the
      // simulator, seed 2: a conflict on the day's counters lost that sale for good).
      if (markerExists(error)) return false;
      if (isLostRace(error)) return undefined;
      throw error;
    }
  }

  /** Updates an item with a raw update (used for projection states). */
  async update(
    params: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>,
  ): Promise<boolean> {
    try {
      await this.#doc.send(new UpdateCommand({ ...params, TableName: this.tableName }));
      return true;
    } catch (error) {
      if (isLostRace(error)) return false;
      throw error;
    }
  }

  /** One page of a partition, in sort-key order. */
  async query(pk: string, options: QueryOptions = {}): Promise<ItemPage> {
    const between = options.between;
    const out = await this.#doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: between ? 'pk = :pk AND sk BETWEEN :a AND :b' : 'pk = :pk',
        ExpressionAttributeValues: {
          ':pk': pk,
          ...(between ? { ':a': between[0], ':b': between[1] } : {}),
        },
        ScanIndexForward: options.forward ?? true,
        ...(options.limit ? { Limit: options.limit } : {}),
        ...(options.cursor ? { ExclusiveStartKey: decodeCursor(options.cursor, pk) } : {}),
        ConsistentRead: options.consistent ?? false,
      }),
    );
    return {
      items: (out.Items ?? []) as StoredItem[],
      cursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : undefined,
    };
  }
}

/** `addOnce`'s transaction was cancelled because its marker (the first item) exists. */
function markerExists(error: unknown): boolean {
  return (
    error instanceof TransactionCanceledException &&
    error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
  );
}

/** A conditional check lost, alone or inside a transaction (or a transaction conflict). */
function isLostRace(error: unknown): boolean {
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).some(
      (r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict',
    );
  }
  return (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor of this partition.
 * @throws CursorError when it is not one this table made for `pk`.
 */
function decodeCursor(cursor: string, pk: string): Record<string, unknown> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError(cursor);
  }
  if (
    !key ||
    typeof key !== 'object' ||
    (key as { pk?: unknown }).pk !== pk ||
    typeof (key as { sk?: unknown }).sk !== 'string' ||
    Object.keys(key).length !== 2
  ) {
    throw new CursorError(cursor);
  }
  return key as Record<string, unknown>;
}

/** A page cursor that this listing did not hand out (answered as 400). */
export class CursorError extends ValidationError {
  constructor(cursor: string) {
    super('query', [
      { path: 'cursor', message: `'${cursor.slice(0, 40)}' is not a cursor of this listing` },
    ]);
    this.name = 'CursorError';
  }
}
