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

/** A request parameter breaks the API model's constraints. */
export function validationError(message: string): AwsServiceError {
  return new AwsServiceError(EventBridgeErrorCode.VALIDATION, message, 400);
}

/** `Parameter X is not valid. Reason: …`, the wording AWS uses. */
export function invalidParameter(name: string, reason: string): AwsServiceError {
  return validationError(`Parameter ${name} is not valid. Reason: ${reason}`);
}

export function notFound(message: string): AwsServiceError {
  return new AwsServiceError(EventBridgeErrorCode.RESOURCE_NOT_FOUND, message, 400);
}

export function alreadyExists(message: string): AwsServiceError {
  return new AwsServiceError(EventBridgeErrorCode.RESOURCE_ALREADY_EXISTS, message, 400);
}

export function limitExceeded(message: string): AwsServiceError {
  return new AwsServiceError(EventBridgeErrorCode.LIMIT_EXCEEDED, message, 400);
}

export function invalidEventPattern(message: string): AwsServiceError {
  return new AwsServiceError(EventBridgeErrorCode.INVALID_EVENT_PATTERN, message, 400);
}

export function illegalStatus(message: string): AwsServiceError {
  return new AwsServiceError(EventBridgeErrorCode.ILLEGAL_STATUS, message, 400);
}
