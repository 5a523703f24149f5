import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamodb/start-dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the DynamoDB Local shared by the whole test run. */
    dynamoDbEndpoint: string;
  }
}

/**
 * Vitest global setup: starts AWS's DynamoDB Local once for the whole run and
 * stops it when the run ends, whether tests pass or fail.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamodb = await startDynamoDbLocal();
  project.provide('dynamoDbEndpoint', dynamodb.endpoint);
  return async () => {
    await dynamodb.stop();
  };
}
