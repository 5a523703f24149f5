import type { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbEventStore } from '../event-store/dynamodb/DynamoDbEventStore';
import { requireEnv } from './powertools';

/** The event store of a function, on the table named by `EVENT_TABLE_NAME`. */
export function createEventStore(tracer: Tracer): DynamoDbEventStore {
  return new DynamoDbEventStore({
    client: tracer.captureAWSv3Client(new DynamoDBClient({})),
    tableName: requireEnv('EVENT_TABLE_NAME'),
  });
}
