import { describe, expect, it } from 'vitest';
import { EventTableError } from '../../../shared/event-store/dynamodb/errors';
import { asStepError, StockRejected, TransientStoreError } from '../../../shared/saga';

const storeError = (retryable: boolean) =>
  new EventTableError({
    operation: 'TransactWriteItems',
    tableName: 'events',
    streamId: 'inventory-SKU-1',
    reason: 'ProvisionedThroughputExceededException: throughput exceeded',
    retryable,
  });

describe('Function: asStepError', () => {
  it('names a retryable store failure TransientStoreError, which the saga retries (sim seed 4)', () => {
    // Prepare: throttling that outlasted the SDK's retries.
    const cause = storeError(true);

    // Act
    const error = asStepError(cause);

    // Assess
    expect(error).toBeInstanceOf(TransientStoreError);
    expect((error as Error).name).toBe('TransientStoreError');
    expect((error as Error).cause).toBe(cause);
    expect((error as Error).message).toBe(cause.message);
  });

  it('leaves a store failure that cannot succeed later, and business errors, as they are', () => {
    const permanent = storeError(false);
    const rejected = new StockRejected('SKU-1', 3, 1);

    expect(asStepError(permanent)).toBe(permanent);
    expect(asStepError(rejected)).toBe(rejected);
  });
});
