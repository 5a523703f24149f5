import { AwsServiceError } from '../../core/errors';

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
  throttled: (message: string) => new AwsServiceError('TooManyRequestsException', message, 429),
} as const;
