import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ReadModelQueries, ReadModelTable } from '../read-models';
import { requireEnv } from './powertools';

/** Queries of the read models on the table named by `READ_MODEL_TABLE_NAME`. */
export function createReadModelQueries(client: DynamoDBClient): ReadModelQueries {
  return new ReadModelQueries(
    new ReadModelTable({ client, tableName: requireEnv('READ_MODEL_TABLE_NAME') }),
  );
}
