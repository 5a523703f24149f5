import { AwsServiceError } from '../../core/errors';

/** Step Functions' errors (`__type`) and their texts, as the service answers them. */
export const StepFunctionsErrors = {
  invalidName: (kind: 'State Machine' | 'Execution', name: string) =>
    new AwsServiceError('InvalidName', `Invalid ${kind} Name: '${name}'`),
  invalidDefinition: (reason: string) =>
    new AwsServiceError('InvalidDefinition', `Invalid State Machine Definition: ${reason}`),
  /** A definition the local cloud refuses at one state (JSONata, `.sync`, ...). */
  invalidState: (state: string, reason: string) =>
    new AwsServiceError(
      'InvalidDefinition',
      `Invalid State Machine Definition: state '${state}': ${reason}`,
    ),
  stateMachineAlreadyExists: (arn: string) =>
    new AwsServiceError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`),
  stateMachineDoesNotExist: (arn: string) =>
    new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`),
  executionAlreadyExists: (arn: string) =>
    new AwsServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`),
  executionDoesNotExist: (arn: string) =>
    new AwsServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`),
  invalidExecutionInput: (reason: string) =>
    new AwsServiceError('InvalidExecutionInput', `Invalid execution input: ${reason}`),
  invalidToken: (token: string) => new AwsServiceError('InvalidToken', `Invalid Token: '${token}'`),
  /** A request field breaks the API model's constraint (AWS's wording). */
  validation: (message: string) => new AwsServiceError('ValidationException', message),
} as const;
