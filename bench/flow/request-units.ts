import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { itemSize } from '../../shared/event-store/dynamodb/item-size';

type Item = Record<string, AttributeValue>;
type Json = Record<string, unknown>;

/** Read and write request units of one DynamoDB call, as on-demand DynamoDB bills them. */
export interface CallUnits {
  readonly read: number;
  readonly write: number;
}

const KB = 1024;
const readUnits = (bytes: number, consistent: boolean) =>
  Math.max(1, Math.ceil(bytes / (4 * KB))) * (consistent ? 1 : 0.5);
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / KB));

/** Capacity units DynamoDB (Local) reported in a response's `ConsumedCapacity`, all tables added up. */
export function reportedUnits(output: Json | undefined): number {
  const capacity = output?.ConsumedCapacity;
  const list = (Array.isArray(capacity) ? capacity : capacity ? [capacity] : []) as {
    CapacityUnits?: number;
  }[];
  return list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
}

/**
 * The request units of one DynamoDB call by AWS's published rules
 * (developer guide, "Read consistency", "DynamoDB read and write
 * operations", "Item sizes"), from the request, the response (`undefined`
 * for a refused call) and the capacity DynamoDB Local reported:
 * - GetItem: one unit per 4 KB of the item, rounded up, at least one (a
 *   missing item costs one); half for an eventually consistent read;
 * - Query, Scan: the returned items' sizes added up, per 4 KB rounded up,
 *   at least one; half when eventually consistent;
 * - PutItem: one unit per 1 KB of the item written, rounded up (AWS bills the
 *   larger of the old and new item, so the reported figure is taken when it
 *   is higher); a put refused by its condition is billed the same;
 * - UpdateItem, DeleteItem: the units DynamoDB Local reported (it sizes the
 *   item it changed), at least one; a refused one is billed one;
 * - TransactWriteItems: two units per 1 KB of each item, rounded up per item
 *   (a Put's item is in the request; for Update, Delete and ConditionCheck
 *   at least two each), or twice what DynamoDB Local reported when that is
 *   higher: it bills transactional writes as plain writes.
 * No table of the app has a secondary index, so no index writes are added.
 */
export function callUnits(
  operation: string,
  input: Json,
  output: Json | undefined,
  reported: number,
): CallUnits {
  const consistent = input.ConsistentRead === true;
  switch (operation) {
    case 'GetItem':
      return {
        read: readUnits(output?.Item ? itemSize(output.Item as Item) : 0, consistent),
        write: 0,
      };
    case 'Query':
    case 'Scan': {
      const items = (output?.Items as Item[] | undefined) ?? [];
      const bytes = items.reduce((sum, item) => sum + itemSize(item), 0);
      return { read: readUnits(bytes, consistent), write: 0 };
    }
    case 'PutItem':
      return { read: 0, write: Math.max(writeUnits(itemSize(input.Item as Item)), reported) };
    case 'UpdateItem':
    case 'DeleteItem':
      return { read: 0, write: Math.max(1, reported) };
    case 'TransactWriteItems': {
      const actions = (input.TransactItems as Record<string, { Item?: Item }>[] | undefined) ?? [];
      const computed = actions.reduce((sum, action) => {
        const put = action.Put?.Item;
        return sum + 2 * (put ? writeUnits(itemSize(put)) : 1);
      }, 0);
      return { read: 0, write: Math.max(computed, 2 * reported) };
    }
    default:
      return { read: 0, write: 0 };
  }
}
