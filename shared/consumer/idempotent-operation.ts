import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import type { TypedEnvelope } from '../events/entry';

/**
 * How long an idempotency record is kept: longer than a message can live in
 * a consumer's queue (4 days) and DLQ (14 days) together, so a redrive of the
 * oldest DLQ message still finds the record of its first, successful run.
 * (An SQS message's retention counts from its first enqueue, even in a DLQ,
 * so 18 days bounds it; 20 leaves margin.)
 */
export const IDEMPOTENCY_EXPIRY_SECONDS = 20 * 24 * 3600;

export interface IdempotentOperationOptions {
  /** The idempotency table (`IDEMPOTENCY_TABLE_NAME`), keyed `id`, TTL on `expiration`. */
  readonly tableName: string;
  /** The DynamoDB client to use (pointed at DynamoDB Local in tests). */
  readonly client?: DynamoDBClient;
  /** @default IDEMPOTENCY_EXPIRY_SECONDS */
  readonly expiresAfterSeconds?: number;
}

/** A side effect made idempotent on the event id. */
export interface IdempotentOperation<T> {
  /** Runs the side effect once per event id; a repeat answers the first run's result. */
  run(event: TypedEnvelope, lambdaContext?: Context): Promise<T>;
}

/**
 * Guards one side effect (an operation: "send the confirmation email") with
 * Powertools idempotency, keyed on `detail.metadata.eventId` — never on the
 * SQS message id, which a replay or a DLQ redrive changes. Each operation has
 * its own persistence layer and key prefix, so two operations on one event
 * never share a record. A second delivery while the first is still running
 * fails with Powertools' `IdempotencyAlreadyInProgressError` (the record
 * fails and SQS redelivers it later); after the first succeeded it returns
 * the stored result without running the side effect again.
 */
export function idempotentOperation<T>(
  operation: string,
  sideEffect: (event: TypedEnvelope) => Promise<T>,
  options: IdempotentOperationOptions,
): IdempotentOperation<T> {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: options.tableName,
    ...(options.client ? { awsSdkV3Client: options.client } : {}),
  });
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'metadata.eventId',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: options.expiresAfterSeconds ?? IDEMPOTENCY_EXPIRY_SECONDS,
  });
  const guarded = makeIdempotent(sideEffect, {
    persistenceStore,
    config,
    keyPrefix: operation,
  });
  return {
    run(event, lambdaContext) {
      // Lets Powertools mark an in-progress record as expired when the
      // invocation times out, so a retry is not refused for the full expiry.
      if (lambdaContext) config.registerLambdaContext(lambdaContext);
      return guarded(event) as Promise<T>;
    },
  };
}
