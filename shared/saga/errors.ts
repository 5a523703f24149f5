import { EventlineError } from '../errors';
import { EventTableError } from '../event-store/dynamodb/errors';

/**
 * Business outcomes that end the saga's forward path. Their `name` is the
 * error name Step Functions sees (a Lambda's `errorType`), which the state
 * machine catches — and never retries: retrying cannot change the outcome.
 */
export class SagaBusinessError extends EventlineError {}

/** A line of the order is short of stock. */
export class StockRejected extends SagaBusinessError {
  constructor(sku: string, requested: number, available: number) {
    super(`${sku}: ${requested} requested, ${available} available`);
    this.name = 'StockRejected';
  }
}

/** The payment provider declined the payment. */
export class PaymentDeclined extends SagaBusinessError {
  constructor(reason: string) {
    super(reason);
    this.name = 'PaymentDeclined';
  }
}

/** The order can no longer be confirmed (it was cancelled while the saga ran). */
export class OrderNotConfirmable extends SagaBusinessError {
  constructor(orderId: string, status: string) {
    super(`order ${orderId} is ${status}; it cannot be confirmed`);
    this.name = 'OrderNotConfirmable';
  }
}

/** The saga was started for an order the store does not hold. */
export class OrderNotFound extends SagaBusinessError {
  constructor(orderId: string) {
    super(`order ${orderId} does not exist`);
    this.name = 'OrderNotFound';
  }
}

/**
 * The event store failed in a way that may succeed later (DynamoDB throttling
 * or a service fault that outlasted the SDK's own retries). Its name is one
 * the state machine retries (`TRANSIENT_ERRORS`): without it, a throttled
 * compensation failed at once and left its order `placed` for good (found by
 * `npm run sim -- --seed 4` with DynamoDB throttling injected).
 */
export class TransientStoreError extends EventlineError {
  constructor(cause: EventTableError) {
    super(cause.message, { cause });
    this.name = 'TransientStoreError';
  }
}

/**
 * The error a saga step fails with, as Step Functions will see its name: a
 * retryable store failure becomes {@link TransientStoreError}; anything else
 * is left as it is.
 */
export function asStepError(error: unknown): unknown {
  return error instanceof EventTableError && error.retryable
    ? new TransientStoreError(error)
    : error;
}
