import { AwsServiceError } from '../../core/errors';
import type { RangeRefusal } from '../../core/validators';

/**
 * SQS errors with the JSON protocol's code (`__type`, the SDK's exception
 * name), the query protocol's code (the `x-amzn-query-error` header the SDK
 * reads first, kept in `error.Code`) and the status AWS answers with — as the
 * error shapes of `@aws-sdk/client-sqs` declare them.
 */
export const SqsErrors = {
  queueDoesNotExist: (what: string) =>
    new AwsServiceError('QueueDoesNotExist', `The specified queue does not exist (${what}).`, 400, {
      queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
    }),
  queueNameExists: (name: string, attribute: string) =>
    new AwsServiceError(
      'QueueNameExists',
      `A queue already exists with the same name (${name}) and a different value for attribute ${attribute}`,
      400,
      { queryCode: 'QueueAlreadyExists' },
    ),
  queueDeletedRecently: (name: string) =>
    new AwsServiceError(
      'QueueDeletedRecently',
      `You must wait 60 seconds after deleting a queue before you can create another with the same name (${name}).`,
      400,
      { queryCode: 'AWS.SimpleQueueService.QueueDeletedRecently' },
    ),
  purgeQueueInProgress: (name: string) =>
    new AwsServiceError(
      'PurgeQueueInProgress',
      `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`,
      403,
      { queryCode: 'AWS.SimpleQueueService.PurgeQueueInProgress' },
    ),
  invalidParameterValue: (message: string) => new AwsServiceError('InvalidParameterValue', message),
  /**
   * A number outside its range, in SQS's words: `Must be between 1 and 10, if provided.`
   * (`bounds`: `Must be >= 0 and <= 20, if provided.`, as SQS says it of WaitTimeSeconds).
   * @returns a refusal for the core range validators
   */
  outOfRange:
    (wording: { readonly ifProvided?: boolean; readonly bounds?: boolean } = {}): RangeRefusal =>
    (parameter, value, range) =>
      SqsErrors.invalidParameter(
        parameter,
        value,
        `Must be ${wording.bounds ? `>= ${range.min} and <= ${range.max}` : `between ${range.min} and ${range.max}`}${wording.ifProvided ? ', if provided' : ''}.`,
      ),
  invalidParameter: (parameter: string, value: unknown, reason: string) =>
    new AwsServiceError(
      'InvalidParameterValue',
      `Value ${typeof value === 'string' ? value : JSON.stringify(value)} for parameter ${parameter} is invalid. Reason: ${reason}`,
    ),
  missingParameter: (parameter: string) =>
    new AwsServiceError('MissingParameter', `The request must contain the parameter ${parameter}.`),
  invalidAttributeName: (message: string) => new AwsServiceError('InvalidAttributeName', message),
  invalidAttributeValue: (message: string) => new AwsServiceError('InvalidAttributeValue', message),
  invalidMessageContents: (message: string) =>
    new AwsServiceError('InvalidMessageContents', message),
  receiptHandleIsInvalid: (handle: string) =>
    new AwsServiceError(
      'ReceiptHandleIsInvalid',
      `The input receipt handle "${handle}" is not a valid receipt handle.`,
      404,
    ),
  messageNotInflight: () =>
    new AwsServiceError('MessageNotInflight', 'The message referred to is not in flight.', 400, {
      queryCode: 'AWS.SimpleQueueService.MessageNotInflight',
    }),
  overLimit: (name: string, inFlight: number) =>
    new AwsServiceError(
      'OverLimit',
      `Too many messages in flight on ${name} (${inFlight}); delete received messages first.`,
      403,
    ),
  emptyBatchRequest: () =>
    new AwsServiceError(
      'EmptyBatchRequest',
      'There should be at least one entry in the request.',
      400,
      { queryCode: 'AWS.SimpleQueueService.EmptyBatchRequest' },
    ),
  tooManyEntriesInBatchRequest: (count: number) =>
    new AwsServiceError(
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are 10. You have sent ${count}.`,
      400,
      { queryCode: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest' },
    ),
  invalidBatchEntryId: (id: unknown) =>
    new AwsServiceError(
      'InvalidBatchEntryId',
      `A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long (got ${JSON.stringify(id)}).`,
      400,
      { queryCode: 'AWS.SimpleQueueService.InvalidBatchEntryId' },
    ),
  batchEntryIdsNotDistinct: (id: string) =>
    new AwsServiceError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`, 400, {
      queryCode: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
    }),
  batchRequestTooLong: (limit: number, bytes: number) =>
    new AwsServiceError(
      'BatchRequestTooLong',
      `Batch requests cannot be longer than ${limit} bytes. You have sent ${bytes} bytes.`,
      400,
      { queryCode: 'AWS.SimpleQueueService.BatchRequestTooLong' },
    ),
  unsupportedOperation: (message: string) =>
    new AwsServiceError('UnsupportedOperation', message, 400, {
      queryCode: 'AWS.SimpleQueueService.UnsupportedOperation',
    }),
  resourceNotFound: (message: string) =>
    new AwsServiceError('ResourceNotFoundException', message, 404),
} as const;
