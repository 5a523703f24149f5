import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';

type Item = Record<string, AttributeValue>;

/**
 * Cancellation reasons that mean another writer took (or is taking) a
 * version: the append re-reads the stream and decides. Any other reason
 * (`ValidationError`, `ThrottlingError`, `ItemCollectionSizeLimitExceeded`…)
 * is a failure of the call itself.
 */
const RACE_CODES: ReadonlySet<string> = new Set([
  'None',
  'ConditionalCheckFailed',
  'TransactionConflict',
]);

/** A conditional write refused because another writer got there first. */
export interface LostRace {
  /** The items found in place (`ReturnValuesOnConditionCheckFailure: ALL_OLD`), by version. */
  readonly existing: readonly Item[];
}

/**
 * Tells a lost race from any other failure of a conditional `PutItem` or
 * `TransactWriteItems`.
 * @returns the items the failed conditions found, or undefined when the
 *   error is not a lost race.
 */
export function lostRace(error: unknown): LostRace | undefined {
  if (error instanceof ConditionalCheckFailedException) {
    return { existing: error.Item ? [error.Item] : [] };
  }
  // A PutItem that meets another writer's transaction on the same item.
  if (error instanceof TransactionConflictException) return { existing: [] };
  if (error instanceof TransactionCanceledException) {
    const reasons = error.CancellationReasons ?? [];
    if (!reasons.every((r) => r.Code === undefined || RACE_CODES.has(r.Code))) return undefined;
    return {
      existing: reasons.flatMap((r) =>
        r.Code === 'ConditionalCheckFailed' && r.Item ? [r.Item] : [],
      ),
    };
  }
  return undefined;
}

const RETRYABLE_NAMES: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
]);

/** What went wrong with an SDK call, for an `EventTableError`. */
export function describeFailure(error: unknown): { reason: string; retryable: boolean } {
  if (!(error instanceof Error)) return { reason: String(error), retryable: false };
  const sdk = error as Error & {
    $fault?: string;
    $retryable?: unknown;
    CancellationReasons?: { Code?: string; Message?: string }[];
  };
  const reasons = sdk.CancellationReasons?.map((r) => r.Code ?? 'None').join(', ');
  const retryable =
    sdk.$retryable !== undefined ||
    sdk.$fault === 'server' ||
    RETRYABLE_NAMES.has(error.name) ||
    (sdk.CancellationReasons?.some((r) => r.Code === 'ThrottlingError') ?? false);
  return {
    reason: `${error.name}: ${error.message}${reasons ? ` (cancellation reasons: ${reasons})` : ''}`,
    retryable,
  };
}
