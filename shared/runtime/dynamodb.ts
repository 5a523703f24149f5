import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SdkTracer } from './powertools';

/**
 * The one DynamoDB client of a function, created at module scope and shared
 * by everything in it that calls DynamoDB (event store, read models,
 * idempotency records, payment attempts). Each client resolves its own
 * configuration (region, credential chain, endpoint, middleware) when it is
 * created, about 2 ms of cold start apiece (`npm run bench:coldstart`), and
 * keeps its own connection pool; one client per service is what the AWS SDK
 * is made for.
 */
export function createDynamoDbClient(tracer: SdkTracer): DynamoDBClient {
  return tracer.captureAWSv3Client(new DynamoDBClient({}));
}
