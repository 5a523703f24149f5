import {
  ConditionalCheckFailedException,
  ResourceNotFoundException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { describeFailure, lostRace } from '../../../../shared/event-store/dynamodb/write-failure';

const $metadata = {};
const item = (version: number) => ({ streamId: { S: 's' }, version: { N: String(version) } });
const cancelled = (...codes: (string | undefined)[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata,
    CancellationReasons: codes.map((Code, i) =>
      Code === 'ConditionalCheckFailed' ? { Code, Item: item(i + 1) } : { Code },
    ),
  });

describe('Function: lostRace', () => {
  it('returns the item in place for a refused conditional put', () => {
    const error = new ConditionalCheckFailedException({ message: 'x', $metadata, Item: item(4) });

    expect(lostRace(error)).toEqual({ existing: [item(4)] });
  });

  it('treats a put that met another transaction as a lost race with nothing known', () => {
    expect(lostRace(new TransactionConflictException({ message: 'x', $metadata }))).toEqual({
      existing: [],
    });
  });

  it('collects the items of every failed condition of a cancelled transaction, in order', () => {
    const race = lostRace(cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed', 'None'));

    expect(race).toEqual({ existing: [item(1), item(2)] });
  });

  it('counts a transaction conflict among the reasons as a lost race', () => {
    expect(lostRace(cancelled('None', 'TransactionConflict'))).toEqual({ existing: [] });
  });

  it.each(['ValidationError', 'ThrottlingError', 'ItemCollectionSizeLimitExceeded'])(
    'returns undefined when a reason is %s, which no re-read can resolve',
    (code) => {
      expect(lostRace(cancelled('ConditionalCheckFailed', code))).toBeUndefined();
    },
  );

  it('returns undefined for errors that are not about conditions', () => {
    expect(lostRace(new ResourceNotFoundException({ message: 'x', $metadata }))).toBeUndefined();
    expect(lostRace(new Error('network'))).toBeUndefined();
  });
});

describe('Function: describeFailure', () => {
  it('names the error and lists cancellation reasons', () => {
    expect(describeFailure(cancelled('None', 'ValidationError'))).toEqual({
      reason:
        'TransactionCanceledException: Transaction cancelled (cancellation reasons: None, ValidationError)',
      retryable: false,
    });
  });

  it('marks throttling inside a cancelled transaction as retryable', () => {
    expect(describeFailure(cancelled('ThrottlingError')).retryable).toBe(true);
  });

  it('marks a missing table as not retryable', () => {
    expect(
      describeFailure(new ResourceNotFoundException({ message: 'no table', $metadata })),
    ).toEqual({ reason: 'ResourceNotFoundException: no table', retryable: false });
  });
});
