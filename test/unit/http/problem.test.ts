import { describe, expect, it } from 'vitest';
import {
  DomainRuleError,
  LimitExceededError,
  PayloadTooLargeError,
  StreamNotFoundError,
  ValidationError,
  VersionConflictError,
} from '../../../shared/errors';
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
