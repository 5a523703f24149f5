import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ReadModelQueries, ReadModelTable } from '../read-models';
import type { SdkTracer } from './powertools';
import { requireEnv } from './powertools';

/** Queries of the read models on the table named by `READ_MODEL_TABLE_NAME`. */
export function createReadModelQueries(tracer: SdkTracer): ReadModelQueries {
  return new ReadModelQueries(
    new ReadModelTable({
      client: tracer.captureAWSv3Client(new DynamoDBClient({})),
      tableName: requireEnv('READ_MODEL_TABLE_NAME'),
    }),
  );
}
