import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbAttemptCounter, SandboxPaymentGateway } from '../payments';
import type { SagaDeps } from '../saga';
import { createEventStore } from './event-store';
import type { SdkTracer } from './powertools';
import { requireEnv } from './powertools';

/**
 * What saga steps and the cancellation consumer need: the event store and the
 * payment gateway — the sandbox, counting its flaky attempts in the table named
 * by `IDEMPOTENCY_TABLE_NAME`. A real provider's adapter would be built here.
 */
export function createSagaDeps(tracer: SdkTracer): SagaDeps {
  return {
    store: createEventStore(tracer),
    gateway: new SandboxPaymentGateway(
      new DynamoDbAttemptCounter(
        tracer.captureAWSv3Client(new DynamoDBClient({})),
        requireEnv('IDEMPOTENCY_TABLE_NAME'),
      ),
    ),
    now: () => new Date().toISOString(),
  };
}
