/** Who caused an error, as AWS's query protocol says it (`Sender` for 4xx, `Receiver` for 5xx). */
export type ErrorFault = 'Sender' | 'Receiver';

export interface AwsServiceErrorOptions {
  /**
   * The error code of the service's older query protocol, for services whose
   * JSON protocol is query-compatible (SQS: `AWS.SimpleQueueService.NonExistentQueue`
   * for `QueueDoesNotExist`). Sent in the `x-amzn-query-error` header.
   * @default - the same as `code`
   */
  readonly queryCode?: string;
  readonly cause?: unknown;
}

/**
 * An error a local service answers with, in the shape AWS uses: the error
 * code (`__type` in the JSON protocols), an HTTP status and a message.
 */
export class AwsServiceError extends Error {
  /** AWS error code, e.g. `ResourceNotFoundException`, `QueueDoesNotExist`. */
  readonly code: string;
  readonly statusCode: number;
  /** Query-protocol code (see {@link AwsServiceErrorOptions.queryCode}). */
  readonly queryCode: string;

  constructor(
    code: string,
    message: string,
    statusCode = 400,
    options: AwsServiceErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AwsServiceError';
    this.code = code;
    this.statusCode = statusCode;
    this.queryCode = options.queryCode ?? code;
  }

  /** `Sender` for client errors, `Receiver` for server errors. */
  get fault(): ErrorFault {
    return this.statusCode >= 500 ? 'Receiver' : 'Sender';
  }
}

/**
 * The errors the cloud itself answers with, before or beside any service:
 * protocol refusals of the endpoint, failures, and deliveries by ARN to
 * nothing. Each service's own codes live in its `errors.ts`.
 */
export const CoreErrors = {
  /** A name the service does not declare; `InvalidAction` for query-compatible services. */
  unknownOperation: (operation: string) =>
    new AwsServiceError('UnknownOperationException', `Unknown operation ${operation}`, 400, {
      queryCode: 'InvalidAction',
    }),
  unknownService: (prefix: string) =>
    new AwsServiceError('UnknownOperationException', `Unknown service ${prefix}`),
  invalidAction: (message: string) => new AwsServiceError('InvalidAction', message),
  notJsonObject: () =>
    new AwsServiceError('SerializationException', 'The request body is not a JSON object'),
  internalFailure: (message: string) => new AwsServiceError('InternalFailure', message, 500),
  /** A delivery by ARN whose payload is not the JSON the target takes (Lambda, a bus). */
  payloadNotJson: (arn: string) =>
    new AwsServiceError('InvalidRequestContentException', `The payload for ${arn} is not JSON`),
  /** A delivery by ARN to a resource or service the cloud does not run. */
  noSuchTarget: (message: string) => new AwsServiceError('ResourceNotFoundException', message, 404),
} as const;
