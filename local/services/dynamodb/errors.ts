import { AwsServiceError } from '../../core/errors';

/** What the local DynamoDB answers itself; every other answer is DynamoDB Local's own. */
export const DynamoDbErrors = {
  /** The DynamoDB Local the cloud started has gone; `reason` says what was lost. */
  unavailable: (reason: string) => new AwsServiceError('ServiceUnavailable', reason, 503),
} as const;
