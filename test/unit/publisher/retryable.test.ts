import { describe, expect, it } from 'vitest';
import { classifyEntryError, isRetryableCallError } from '../../../shared/publisher';
import { serviceError } from '../../helpers/strict-eventbridge-mock';

describe('Function: classifyEntryError', () => {
  it.each([
    ['InternalFailure', 'retry'],
    ['ThrottlingException', 'retry'],
    ['MalformedDetail', 'content'],
    ['InvalidArgument', 'content'],
    ['AccessDeniedException', 'stop'],
    ['NotAuthorizedForSourceException', 'stop'],
    ['NotAuthorizedForDetailTypeException', 'stop'],
    ['InvalidAccountIdException', 'stop'],
    ['RedactionFailure', 'stop'],
    ['SomethingNew', 'retry'],
  ])('classifies %s as %s', (code, kind) => {
    expect(classifyEntryError(code)).toBe(kind);
  });
});

describe('Function: isRetryableCallError', () => {
  it('retries throttling, server faults and failures without an answer', () => {
    expect(isRetryableCallError(serviceError('ThrottlingException', 'Rate exceeded'))).toBe(true);
    expect(isRetryableCallError(serviceError('InternalException', 'oops', 'server'))).toBe(true);
    expect(
      isRetryableCallError(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })),
    ).toBe(true);
  });

  it('does not retry client faults', () => {
    expect(isRetryableCallError(serviceError('AccessDeniedException', 'no'))).toBe(false);
    expect(isRetryableCallError(serviceError('ResourceNotFoundException', 'no bus'))).toBe(false);
    expect(isRetryableCallError(serviceError('ValidationException', 'too many'))).toBe(false);
  });
});
