import type { AttributeValue, ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { itemSize } from '../../shared/event-store/dynamodb/item-size';

type Item = Record<string, AttributeValue>;

/** Read and write request units, as on-demand DynamoDB bills them. */
export interface RequestUnits {
  read: number;
  write: number;
}

/** A global secondary index whose writes the meter bills (keys-only projection). */
export interface MeteredIndex {
  readonly tableName: string;
  /** The index's key attributes: an item holding all of them is written to the index. */
  readonly keys: readonly string[];
  /** The table's key attributes, projected into every index entry. */
  readonly tableKeys: readonly string[];
}

const KB = 1024;
const readUnits = (bytes: number, consistent: boolean) =>
  Math.max(1, Math.ceil(bytes / (4 * KB))) * (consistent ? 1 : 0.5);
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / KB));

/**
 * Meters every call a DynamoDB client makes with AWS's published rules
 * (developer guide, "DynamoDB read and write operations" and "item sizes"),
 * the same way for every store under test, because DynamoDB Local does not
 * bill faithfully (it bills transactional writes as plain writes and empty
 * queries as 0):
 * - GetItem: one unit per 4 KB of the item, rounded up, at least one (a
 *   missing item costs one); half for eventually consistent reads;
 * - Query: the returned items' sizes added up, then per 4 KB rounded up, at
 *   least one; half for eventually consistent reads;
 * - PutItem: one unit per 1 KB of the item, rounded up; a refused conditional
 *   put is billed the same;
 * - TransactWriteItems: two units per 1 KB of each item, rounded up per item;
 * - a write of an item holding a metered index's keys: one more unit per 1 KB
 *   of the index entry (table and index keys, 100 bytes of index overhead not
 *   billed), not doubled in transactions.
 * Item sizes use DynamoDB's rules (`itemSize`). The capacity DynamoDB Local
 * itself reports is recorded beside it (`reported`), asked for on every call.
 */
export class RequestUnitMeter {
  readonly units: RequestUnits = { read: 0, write: 0 };
  /** Capacity units DynamoDB Local reported for the same calls. */
  reported = 0;
  readonly #indexes: readonly MeteredIndex[];

  constructor(client: DynamoDBClient, indexes: readonly MeteredIndex[] = []) {
    this.#indexes = indexes;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Record<string, unknown>;
        const command = context.commandName ?? '';
        if (command !== 'CreateTableCommand') input.ReturnConsumedCapacity = 'TOTAL';
        try {
          const result = await next(args);
          const output = result.output as unknown as Record<string, unknown>;
          this.#count(command, input, output);
          this.#recordReported(output.ConsumedCapacity);
          return result;
        } catch (error) {
          // Refused writes still consume their capacity.
          this.#count(command, input, {});
          throw error;
        }
      },
      { step: 'initialize', name: 'requestUnitMeter' },
    );
  }

  /** Returns the units counted since the last reset and starts again from zero. */
  reset(): RequestUnits & { reported: number } {
    const snapshot = { ...this.units, reported: this.reported };
    this.units.read = 0;
    this.units.write = 0;
    this.reported = 0;
    return snapshot;
  }

  #count(command: string, input: Record<string, unknown>, output: Record<string, unknown>): void {
    const consistent = input.ConsistentRead === true;
    switch (command) {
      case 'GetItemCommand':
        this.units.read += readUnits(output.Item ? itemSize(output.Item as Item) : 0, consistent);
        break;
      case 'QueryCommand': {
        const items = (output.Items as Item[] | undefined) ?? [];
        this.units.read += readUnits(
          items.reduce((sum, item) => sum + itemSize(item), 0),
          consistent,
        );
        break;
      }
      case 'PutItemCommand':
        this.#put(input.TableName as string, input.Item as Item, 1);
        break;
      case 'TransactWriteItemsCommand': {
        const actions =
          (input.TransactItems as { Put?: { TableName: string; Item: Item } }[]) ?? [];
        for (const action of actions) {
          if (!action.Put) throw new Error('the meter only knows Put actions of a transaction');
          this.#put(action.Put.TableName, action.Put.Item, 2);
        }
        break;
      }
      case 'CreateTableCommand':
        break;
      default:
        throw new Error(`the meter does not know how to count ${command}`);
    }
  }

  #put(tableName: string, item: Item, factor: number): void {
    this.units.write += factor * writeUnits(itemSize(item));
    for (const index of this.#indexes) {
      if (index.tableName !== tableName || !index.keys.every((k) => item[k] !== undefined))
        continue;
      const entry = Object.fromEntries(
        [...index.tableKeys, ...index.keys].map((k) => [k, item[k] as AttributeValue]),
      );
      this.units.write += writeUnits(itemSize(entry));
    }
  }

  #recordReported(capacity: unknown): void {
    const list = (
      Array.isArray(capacity) ? capacity : capacity ? [capacity] : []
    ) as ConsumedCapacity[];
    this.reported += list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
  }
}
