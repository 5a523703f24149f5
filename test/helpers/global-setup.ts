import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/services/dynamodb/start-dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the DynamoDB Local shared by the whole test run. */
    dynamoDbEndpoint: string;
  }
}

/**
 * Vitest global setup: starts AWS's DynamoDB Local once for the whole run and
 * stops it when the run ends, whether tests pass or fail. It runs as the
 * local cloud runs it: on 127.0.0.1 only, with telemetry off. If it dies
 * during the run, the run says so (tests then fail on connection errors).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamodb = await startDynamoDbLocal();
  dynamodb.onUnexpectedExit((exit) => {
    console.error(
      `DynamoDB Local of the test run exited unexpectedly (${exit.signal ?? `code ${exit.code}`}); the tests that use it will fail. ${exit.stderr}`,
    );
  });
  project.provide('dynamoDbEndpoint', dynamodb.endpoint);
  return async () => {
    await dynamodb.stop();
  };
}
