import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbEventStore } from '../event-store/dynamodb/DynamoDbEventStore';
import type { SdkTracer } from './powertools';
import { requireEnv } from './powertools';

/** The event store of a function, on the table named by `EVENT_TABLE_NAME`. */
export function createEventStore(tracer: SdkTracer): DynamoDbEventStore {
  return new DynamoDbEventStore({
    client: tracer.captureAWSv3Client(new DynamoDBClient({})),
    tableName: requireEnv('EVENT_TABLE_NAME'),
  });
}
