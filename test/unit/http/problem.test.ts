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
    ['anything else', new Error('db password is hunter2'), 500],
  ])('maps %s to its status', (_label, error, status) => {
    expect(toProblem(error).status).toBe(status);
  });

  it('does not leak the message of an unexpected error', () => {
    expect(JSON.stringify(toProblem(new Error('db password is hunter2')))).not.toContain('hunter2');
  });

  it('says which versions conflicted', () => {
    expect(toProblem(new VersionConflictError('order-1', 3, 5)).detail).toBe(
      "Version conflict on stream 'order-1': expected 3, actual 5",
    );
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
