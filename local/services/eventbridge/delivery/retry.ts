import { AwsServiceError } from '../../../core/errors';
import { RetryBackoff } from '../constants';

/** Why a delivery failed, in the terms of EventBridge's DLQ attributes. */
export interface DeliveryFailure {
  /** `ERROR_CODE` of the DLQ message, e.g. `NO_RESOURCE`, `THROTTLING`. */
  readonly errorCode: string;
  readonly errorMessage: string;
  /**
   * False for failures retrying cannot cure (a missing target, missing
   * permissions): AWS sends those to the DLQ without retrying.
   */
  readonly retriable: boolean;
}

const NOT_FOUND = new Set([
  'ResourceNotFoundException',
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  'StateMachineDoesNotExist',
  'NotFoundException',
]);
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestLimitExceeded',
]);
const ALREADY_EXISTS = new Set(['ExecutionAlreadyExists', 'ResourceAlreadyExistsException']);

/** Classifies a rejection of the dispatcher as EventBridge would report it. */
export function classifyDeliveryError(error: unknown): DeliveryFailure {
  if (!(error instanceof AwsServiceError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { errorCode: 'SDK_CLIENT_ERROR', errorMessage: message, retriable: true };
  }
  const message = `${error.code}: ${error.message}`;
  if (NOT_FOUND.has(error.code)) {
    return { errorCode: 'NO_RESOURCE', errorMessage: message, retriable: false };
  }
  if (error.code.startsWith('AccessDenied') || error.code === 'KMSAccessDeniedException') {
    return { errorCode: 'NO_PERMISSIONS', errorMessage: message, retriable: false };
  }
  if (ALREADY_EXISTS.has(error.code)) {
    return { errorCode: 'RESOURCE_ALREADY_EXISTS', errorMessage: message, retriable: false };
  }
  if (THROTTLED.has(error.code) || error.statusCode === 429) {
    return { errorCode: 'THROTTLING', errorMessage: message, retriable: true };
  }
  if (/timeout|timedout/i.test(error.code)) {
    return { errorCode: 'TIMEOUT', errorMessage: message, retriable: true };
  }
  // Other client errors (e.g. a payload the target refuses) fail the same way every time.
  return {
    errorCode: 'SDK_CLIENT_ERROR',
    errorMessage: message,
    retriable: error.statusCode >= 500,
  };
}

/**
 * Delay before retry number `retry` (1-based): exponential from
 * `RetryBackoff.INITIAL_MS`, capped at `RetryBackoff.MAX_MS`, with "equal
 * jitter" (half fixed, half random) as AWS's back-off is jittered.
 */
export function retryDelayMs(retry: number, random: () => number = Math.random): number {
  const exponential = RetryBackoff.INITIAL_MS * 2 ** Math.min(Math.max(retry - 1, 0), 30);
  const base = Math.min(RetryBackoff.MAX_MS, exponential);
  return Math.round(base / 2 + random() * (base / 2));
}
