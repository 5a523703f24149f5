import { describe, expect, it } from 'vitest';
import {
  DomainRuleError,
  LimitExceededError,
  PayloadTooLargeError,
  StreamNotFoundError,
  ValidationError,
  VersionConflictError,
} from '../../../shared/errors';
import { RequestPart } from '../../../shared/http/constants';
import {
  IdempotencyKeyInProgressError,
  IdempotencyKeyReusedError,
  UnsupportedMediaTypeError,
} from '../../../shared/http/errors';
import { toProblem } from '../../../shared/http/problem';

describe('Function: toProblem', () => {
  it.each<[string, unknown, number]>([
    [
      'a validation error',
      new ValidationError('request body', [{ path: 'a', message: 'bad' }]),
      400,
    ],
    ['an unknown stream', new StreamNotFoundError('order-1'), 404],
    [
      'a refusal on something missing',
      new DomainRuleError('order.not_found', 'no such order'),
      404,
    ],
    ['a version conflict', new VersionConflictError('order-1', 3, 5), 409],
    ['a payload over a limit', new PayloadTooLargeError('event x', 500_000, 409_600), 413],
    ['a count over a limit', new LimitExceededError('events', 101, 100), 413],
    ['a domain rule', new DomainRuleError('order.already_cancelled', 'already cancelled'), 422],
    ['an Idempotency-Key reused with another body', new IdempotencyKeyReusedError(), 422],
    ['an Idempotency-Key still in progress', new IdempotencyKeyInProgressError(), 409],
    ['anything else', new Error('db password is hunter2'), 500],
  ])('maps %s to its status', (_label, error, status) => {
    expect(toProblem(error).status).toBe(status);
  });

  it('does not leak the message of an unexpected error', () => {
    expect(JSON.stringify(toProblem(new Error('db password is hunter2')))).not.toContain('hunter2');
  });
});

describe('Function: toProblem (words of the API)', () => {
  it.each<[string, unknown, string]>([
    ['an unknown order', new StreamNotFoundError('order-7d1c'), 'order 7d1c not found'],
    ['an unknown SKU', new StreamNotFoundError('inventory-A-1'), 'the stock of SKU A-1 not found'],
    [
      'a version conflict',
      new VersionConflictError('order-7d1c', 3, 5),
      'order 7d1c was changed by concurrent requests; try again',
    ],
    [
      'an oversize append',
      new PayloadTooLargeError("append to 'order-7d1c'", 500_000, 409_600),
      'the events this request would record are over the event store’s size limits',
    ],
  ])('describes %s without stream ids', (_label, error, detail) => {
    // Act
    const problem = toProblem(error);

    // Assess
    expect(problem.detail).toBe(detail);
    expect(JSON.stringify(problem)).not.toMatch(/order-|inventory-|Stream|stream '/);
  });

  it('answers an invalid event (not the request) as an internal error naming no event type', () => {
    // Prepare: what the command handler throws when decided data breaks the catalog.
    const error = new ValidationError('OrderPlaced data', [
      { path: 'data.total.amount', message: 'Too big' },
    ]);

    // Act
    const problem = toProblem(error);

    // Assess
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toMatch(/OrderPlaced|total/);
  });

  it('answers an unsupported media type 415, naming the type received', () => {
    const problem = toProblem(new UnsupportedMediaTypeError('text/plain'));

    expect(problem).toMatchObject({
      status: 415,
      type: 'https://eventline.dev/problems/unsupported-media-type',
      detail:
        'Content-Type "text/plain" is not supported; send application/json (charset utf-8, if any)',
    });
  });
});

describe('Function: toProblem (field errors)', () => {
  it('points into the body for body errors and names the parameter for path and query errors', () => {
    const body = toProblem(
      new ValidationError(RequestPart.body, [{ path: 'lines.0.quantity', message: 'too small' }]),
    );
    const path = toProblem(
      new ValidationError(RequestPart.path, [{ path: 'orderId', message: 'must be a UUID' }]),
    );
    expect(body.errors).toEqual([{ pointer: '/lines/0/quantity', detail: 'too small' }]);
    expect(path.errors).toEqual([{ parameter: 'orderId', detail: 'must be a UUID' }]);
  });
});
