import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbAttemptCounter, SandboxPaymentGateway } from '../payments';
import type { SagaDeps } from '../saga';
import { createEventStore } from './event-store';
import { requireEnv } from './powertools';

/**
 * What saga steps and the cancellation consumer need: the event store and the
 * payment gateway — the sandbox, counting its flaky attempts in the table named
 * by `IDEMPOTENCY_TABLE_NAME`. A real provider's adapter would be built here.
 * Both use `client`, the function's one DynamoDB client.
 */
export function createSagaDeps(client: DynamoDBClient): SagaDeps {
  return {
    store: createEventStore(client),
    gateway: new SandboxPaymentGateway(
      new DynamoDbAttemptCounter(client, requireEnv('IDEMPOTENCY_TABLE_NAME')),
    ),
    now: () => new Date().toISOString(),
  };
}
