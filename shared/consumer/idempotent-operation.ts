import {
  IdempotencyConfig,
  IdempotencyPersistenceLayerError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import type { TypedEnvelope } from '../events/entry';
import type { RetryDefaults, RetryOptions } from '../runtime/retry';
import { backoff, maxAttempts } from '../runtime/retry';

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
  /**
   * How recording a finished side effect is tried again when the store
   * refuses it (after the SDK's own retries). @default RECORD_RETRY
   */
  readonly recordRetry?: RetryOptions;
}

/**
 * Recording that a side effect ran is retried harder than other writes: if
 * it fails for good, the record stays in progress until the invocation's
 * deadline, and the message's next delivery runs the side effect again (a
 * second email). Five tries of the SDK's three attempts, 100 ms to 2 s apart.
 */
export const RECORD_RETRY: RetryDefaults = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 2000 };

/** Time an invocation keeps for itself after the last try to record a result. */
const RECORD_RESERVE_MS = 1000;

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
  // What each running side effect returned, by the event it ran for (Powertools hands
  // the function the very object `run` was given).
  const results = new Map<TypedEnvelope, T>();
  const guarded = makeIdempotent(
    async (event: TypedEnvelope) => {
      const value = await sideEffect(event);
      results.set(event, value);
      return value;
    },
    { persistenceStore, config, keyPrefix: operation },
  );
  return {
    async run(event, lambdaContext) {
      // Lets Powertools mark an in-progress record as expired when the
      // invocation times out, so a retry is not refused for the full expiry.
      if (lambdaContext) config.registerLambdaContext(lambdaContext);
      try {
        return (await guarded(event)) as T;
      } catch (error) {
        // The side effect ran, only recording it failed: try again, or the next
        // delivery would run it a second time.
        if (!results.has(event) || !isRecordFailure(error)) throw error;
        const value = results.get(event) as T;
        await recordSuccess(
          () => persistenceStore.saveSuccess(event as never, value as never),
          error,
          options.recordRetry,
          lambdaContext,
        );
        return value;
      } finally {
        results.delete(event);
      }
    },
  };
}

/** Powertools' error for a result it could not record (its message says which write failed). */
function isRecordFailure(error: unknown): error is IdempotencyPersistenceLayerError {
  return (
    error instanceof IdempotencyPersistenceLayerError &&
    error.message.startsWith('Failed to update success record')
  );
}

/** Tries `save` again with back-off while tries and the invocation's time remain. */
async function recordSuccess(
  save: () => Promise<void>,
  firstError: IdempotencyPersistenceLayerError,
  retry: RetryOptions | undefined,
  lambdaContext: Context | undefined,
): Promise<void> {
  for (let attempt = 1; attempt < maxAttempts(retry, RECORD_RETRY); attempt++) {
    if (lambdaContext && lambdaContext.getRemainingTimeInMillis() < RECORD_RESERVE_MS) break;
    await backoff(attempt, retry, RECORD_RETRY);
    try {
      await save();
      return;
    } catch {
      // Refused again: the next try, or Powertools' error below.
    }
  }
  throw firstError;
}
