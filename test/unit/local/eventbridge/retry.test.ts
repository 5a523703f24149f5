import { describe, expect, it } from 'vitest';
import { AwsServiceError } from '../../../../local/core/errors';
import {
  classifyDeliveryError,
  retryDelayMs,
} from '../../../../local/services/eventbridge/delivery/retry';

describe('Function: classifyDeliveryError', () => {
  it.each([
    ['QueueDoesNotExist', 400, 'NO_RESOURCE', false],
    ['ResourceNotFoundException', 400, 'NO_RESOURCE', false],
    ['AccessDeniedException', 400, 'NO_PERMISSIONS', false],
    ['ExecutionAlreadyExists', 400, 'RESOURCE_ALREADY_EXISTS', false],
    ['ThrottlingException', 400, 'THROTTLING', true],
    ['TooManyRequestsException', 429, 'THROTTLING', true],
    ['ServiceUnavailable', 503, 'SDK_CLIENT_ERROR', true],
    ['InvalidParameterValue', 400, 'SDK_CLIENT_ERROR', false],
  ])('maps %s (%i) to %s, retriable %s', (code, status, errorCode, retriable) => {
    const failure = classifyDeliveryError(new AwsServiceError(code, 'why', status));
    expect(failure).toEqual({ errorCode, errorMessage: `${code}: why`, retriable });
  });

  it('treats an error that is not an AWS answer (a broken connection) as retriable', () => {
    expect(classifyDeliveryError(new Error('socket hang up'))).toEqual({
      errorCode: 'SDK_CLIENT_ERROR',
      errorMessage: 'socket hang up',
      retriable: true,
    });
  });
});

describe('Function: retryDelayMs', () => {
  it('doubles from 1 s with equal jitter and stops growing at 5 minutes', () => {
    expect([1, 2, 3].map((n) => retryDelayMs(n, () => 1))).toEqual([1_000, 2_000, 4_000]);
    expect([1, 2, 3].map((n) => retryDelayMs(n, () => 0))).toEqual([500, 1_000, 2_000]);
    expect(retryDelayMs(185, () => 1)).toBe(300_000);
    expect(retryDelayMs(185, () => 0)).toBe(150_000);
  });
});
