/**
 * An error a local service answers with, in the shape AWS uses: the error
 * code (`__type` in the JSON protocols), an HTTP status and a message.
 */
export class AwsServiceError extends Error {
  /** AWS error code, e.g. `ResourceNotFoundException`, `QueueDoesNotExist`. */
  readonly code: string;
  readonly statusCode: number;

  constructor(code: string, message: string, statusCode = 400) {
    super(message);
    this.name = 'AwsServiceError';
    this.code = code;
    this.statusCode = statusCode;
  }
}
