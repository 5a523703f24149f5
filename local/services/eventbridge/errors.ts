import { AwsServiceError } from '../../core/errors';

/**
 * The error codes EventBridge answers with, as its API reference names them.
 * Every refusal of the local EventBridge is one of these.
 */
export const EventBridgeErrorCode = {
  VALIDATION: 'ValidationException',
  RESOURCE_NOT_FOUND: 'ResourceNotFoundException',
  RESOURCE_ALREADY_EXISTS: 'ResourceAlreadyExistsException',
  LIMIT_EXCEEDED: 'LimitExceededException',
  INVALID_EVENT_PATTERN: 'InvalidEventPatternException',
  ILLEGAL_STATUS: 'IllegalStatusException',
} as const;

/** EventBridge's errors, each with the code its API reference gives. */
export const EventBridgeErrors = {
  /** A request parameter breaks the API model's constraints. */
  validation: (message: string) => new AwsServiceError(EventBridgeErrorCode.VALIDATION, message),
  /** `Parameter X is not valid. Reason: …`, the wording AWS uses. */
  invalidParameter: (name: string, reason: string) =>
    EventBridgeErrors.validation(`Parameter ${name} is not valid. Reason: ${reason}`),
  notFound: (message: string) =>
    new AwsServiceError(EventBridgeErrorCode.RESOURCE_NOT_FOUND, message),
  alreadyExists: (message: string) =>
    new AwsServiceError(EventBridgeErrorCode.RESOURCE_ALREADY_EXISTS, message),
  limitExceeded: (message: string) =>
    new AwsServiceError(EventBridgeErrorCode.LIMIT_EXCEEDED, message),
  invalidEventPattern: (message: string) =>
    new AwsServiceError(EventBridgeErrorCode.INVALID_EVENT_PATTERN, message),
  illegalStatus: (message: string) =>
    new AwsServiceError(EventBridgeErrorCode.ILLEGAL_STATUS, message),
  /**
   * A throttled call, as the API reference lists it ("ThrottlingException: The request was
   * denied due to request throttling.", HTTP 400; the SDK retries it itself). The message
   * text is AWS's usual one for throttled calls; the reference does not give one.
   */
  throttled: () => new AwsServiceError('ThrottlingException', 'Rate exceeded', 400),
  /** A PutEvents entry's own failure (`ErrorCode`, `ErrorMessage`), raised for a caller that sent one entry. */
  entryFailed: (code: string, message: string) => new AwsServiceError(code, message),
} as const;
