import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { itemSize } from '../../shared/event-store/dynamodb/item-size';

type Item = Record<string, AttributeValue>;

/** Read and write request units, as on-demand DynamoDB bills them. */
export interface RequestUnits {
  read: number;
  write: number;
}

const KB = 1024;
const readUnits = (bytes: number, consistent: boolean) =>
  Math.max(1, Math.ceil(bytes / (4 * KB))) * (consistent ? 1 : 0.5);
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / KB));

/**
 * Meters every call a DynamoDB client makes with AWS's published rules, the
 * same way for every store under test (DynamoDB Local does not report
 * transactional writes faithfully):
 * - GetItem: one unit per 4 KB of the item (at least one), half for eventually consistent reads;
 * - Query: the returned items' sizes added up, then per 4 KB (at least one);
 * - PutItem: one unit per 1 KB of the item; a refused conditional put costs the same;
 * - TransactWriteItems: two units per 1 KB of each item.
 * Sizes are computed with DynamoDB's item-size rules (`itemSize`).
 */
export class RequestUnitMeter {
  readonly units: RequestUnits = { read: 0, write: 0 };

  constructor(client: DynamoDBClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Record<string, unknown>;
        const command = context.commandName ?? '';
        try {
          const result = await next(args);
          this.#count(command, input, result.output as unknown as Record<string, unknown>);
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

  reset(): RequestUnits {
    const snapshot = { ...this.units };
    this.units.read = 0;
    this.units.write = 0;
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
        this.units.write += writeUnits(itemSize(input.Item as Item));
        break;
      case 'TransactWriteItemsCommand': {
        const actions = (input.TransactItems as { Put?: { Item: Item } }[]) ?? [];
        for (const action of actions) {
          this.units.write += 2 * writeUnits(action.Put ? itemSize(action.Put.Item) : 0);
        }
        break;
      }
      case 'CreateTableCommand':
        break;
      default:
        throw new Error(`the meter does not know how to count ${command}`);
    }
  }
}
