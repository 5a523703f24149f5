import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbEventStore } from '../event-store/dynamodb/DynamoDbEventStore';
import { requireEnv } from './powertools';

/** The event store of a function, on the table named by `EVENT_TABLE_NAME`. */
export function createEventStore(client: DynamoDBClient): DynamoDbEventStore {
  return new DynamoDbEventStore({ client, tableName: requireEnv('EVENT_TABLE_NAME') });
}
