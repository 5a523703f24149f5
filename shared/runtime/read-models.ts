import type { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ReadModelQueries, ReadModelTable } from '../read-models';
import { requireEnv } from './powertools';

/** Queries of the read models on the table named by `READ_MODEL_TABLE_NAME`. */
export function createReadModelQueries(tracer: Tracer): ReadModelQueries {
  return new ReadModelQueries(
    new ReadModelTable({
      client: tracer.captureAWSv3Client(new DynamoDBClient({})),
      tableName: requireEnv('READ_MODEL_TABLE_NAME'),
    }),
  );
}
