import { AwsServiceError } from '../../core/errors';

/** CloudFormation's query-protocol errors (`<ErrorResponse><Error><Code>`), as its API reference names them. */
export const CloudFormationErrors = {
  /** An action the local CloudFormation does not answer. */
  invalidAction: (action: string, answered: readonly string[]) =>
    new AwsServiceError(
      'InvalidAction',
      `The action ${action} is not valid for this web service (the local cloud answers ${answered.join(', ')}).`,
    ),
  /** `DescribeStacks` of a stack that does not exist: AWS's `ValidationError` and its text. */
  stackNotFound: (stackName: string) =>
    new AwsServiceError('ValidationError', `Stack with id ${stackName} does not exist`),
} as const;
