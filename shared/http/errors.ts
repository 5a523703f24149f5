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
