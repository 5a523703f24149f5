import { AwsServiceError } from '../../core/errors';
import type { ThrottleReason } from './runtime/ConcurrencyGate';

/** Lambda's REST-JSON errors: the code travels in `x-amzn-ErrorType`, the body is `{Type, message}`. */
export const LambdaErrors = {
  functionNotFound: (arn: string) =>
    new AwsServiceError('ResourceNotFoundException', `Function not found: ${arn}`, 404),
  invalidRequestContent: (detail: string) =>
    new AwsServiceError(
      'InvalidRequestContentException',
      `Could not parse request body into json: ${detail}`,
    ),
  invalidParameterValue: (message: string) =>
    new AwsServiceError('InvalidParameterValueException', message),
  requestTooLarge: (limit: number, operation: 'InvokeFunction' | 'InvokeAsync') =>
    new AwsServiceError(
      'RequestTooLargeException',
      `Request must be smaller than ${limit} bytes for the ${operation} operation`,
      413,
    ),
  throttled: (reason: ThrottleReason) => new LambdaThrottledError(reason),
  /** An invocation failed by a fault rule (`cloud.faults.lambda`), as Lambda's own failures answer. */
  injectedFault: (functionName: string, when: string, reason = 'injected fault') =>
    new AwsServiceError(
      'ServiceException',
      `${reason} (${when} the handler of ${functionName})`,
      500,
    ),
} as const;

/**
 * Lambda's answer to an invocation over a concurrency limit: 429
 * `TooManyRequestsException`, body `{"Reason": ..., "Type": "User", "message": "Rate Exceeded."}`.
 */
export class LambdaThrottledError extends AwsServiceError {
  readonly reason: ThrottleReason;

  constructor(reason: ThrottleReason) {
    super('TooManyRequestsException', 'Rate Exceeded.', 429);
    this.reason = reason;
  }
}
