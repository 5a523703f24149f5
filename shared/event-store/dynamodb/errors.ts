/**
 * A DynamoDB call of the event store failed for a reason other than a
 * version conflict (a missing table, missing permissions, a refused request,
 * throttling the SDK's own retries did not absorb). The SDK's error is the
 * `cause`.
 *
 * Deliberately not an `EventlineError`: those are outcomes a caller answers
 * (conflict, too large, invalid); this is an infrastructure failure, which
 * callers treat like any unexpected error (an HTTP 500 that names nothing).
 */
export class EventTableError extends Error {
  /** The DynamoDB operation, e.g. `TransactWriteItems`. */
  readonly operation: string;
  readonly tableName: string;
  readonly streamId: string;
  /** Whether trying again later may succeed (throttling, service faults). */
  readonly retryable: boolean;

  constructor(
    props: {
      operation: string;
      tableName: string;
      streamId: string;
      reason: string;
      retryable: boolean;
    },
    options?: ErrorOptions,
  ) {
    super(
      `DynamoDB ${props.operation} on table '${props.tableName}' for stream '${props.streamId}' failed: ${props.reason}`,
      options,
    );
    this.name = 'EventTableError';
    this.operation = props.operation;
    this.tableName = props.tableName;
    this.streamId = props.streamId;
    this.retryable = props.retryable;
  }
}
