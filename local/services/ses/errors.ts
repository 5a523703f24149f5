import { AwsServiceError } from '../../core/errors';

/** SES v2's REST-JSON errors: the code in `x-amzn-ErrorType`, the body `{ message }`. */
export const SesErrors = {
  badRequest: (message: string) => new AwsServiceError('BadRequestException', message),
  /** AWS's text for a sender (or, in the sandbox, a recipient) that is not a verified identity. */
  notVerified: (region: string, addresses: readonly string[]) =>
    new AwsServiceError(
      'MessageRejected',
      `Email address is not verified. The following identities failed the check in region ${region.toUpperCase()}: ${addresses.join(', ')}`,
    ),
  notFound: (message: string) => new AwsServiceError('NotFoundException', message, 404),
  alreadyExists: (message: string) => new AwsServiceError('AlreadyExistsException', message),
} as const;
