import { EventlineError } from '../errors';

/**
 * A request body in a media type the API does not take: every body is
 * `application/json`, optionally with `charset=utf-8`. Answered 415.
 */
export class UnsupportedMediaTypeError extends EventlineError {
  /** The `Content-Type` header received, or undefined when there was none. */
  readonly contentType: string | undefined;

  constructor(contentType: string | undefined, options?: ErrorOptions) {
    super(
      contentType === undefined
        ? 'the request has no Content-Type; send application/json'
        : `Content-Type ${JSON.stringify(contentType)} is not supported; send application/json (charset utf-8, if any)`,
      options,
    );
    this.name = 'UnsupportedMediaTypeError';
    this.contentType = contentType;
  }
}

/**
 * An `Idempotency-Key` already used with a different request (Powertools'
 * `IdempotencyValidationError`, the cause). Answered 422.
 */
export class IdempotencyKeyReusedError extends EventlineError {
  constructor(options?: ErrorOptions) {
    super(
      'this Idempotency-Key was already used with a different request; use a new key for a new request',
      options,
    );
    this.name = 'IdempotencyKeyReusedError';
  }
}

/**
 * A request whose `Idempotency-Key` is still being processed by an earlier
 * request (Powertools' `IdempotencyAlreadyInProgressError`, the cause).
 * Answered 409.
 */
export class IdempotencyKeyInProgressError extends EventlineError {
  constructor(options?: ErrorOptions) {
    super(
      'a request with this Idempotency-Key is still being processed; retry once it has completed',
      options,
    );
    this.name = 'IdempotencyKeyInProgressError';
  }
}
