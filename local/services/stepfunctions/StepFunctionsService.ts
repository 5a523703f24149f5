import type { OperationTable } from '../../core/operations';
import type { AwsJsonService, LocalCloudContext } from '../../core/service';
import { ExecutionHistory } from './ExecutionHistory';
import { Executions } from './Executions';
import { stepFunctionsOperations } from './operations';
import { StateMachineRegistry } from './StateMachineRegistry';
import { TaskIntegrations } from './TaskIntegrations';
import type { Execution, ExecutionEventListener, StepFunctionsServiceOptions } from './types';

export type { ServiceCaller } from './TaskIntegrations';
export type { ExecutionEvent, ExecutionEventListener, StepFunctionsServiceOptions } from './types';

/**
 * Step Functions on the local cloud: state machines run by the
 * `aws-local-stepfunctions` interpreter, with the service integrations
 * `lambda:invoke` (and plain Lambda ARNs), `events:putEvents`,
 * `sqs:sendMessage` and `dynamodb:getItem/putItem/updateItem/deleteItem`
 * wired to the local services. Task states run on the cloud's clock: their
 * Retry intervals (back-off, cap, jitter) are waited, `TimeoutSeconds` fails
 * them with `States.Timeout`; Wait states and the execution's
 * `TimeoutSeconds` follow the clock too, and Catch applies as in AWS.
 * `StartExecution` of a Standard machine is idempotent while the execution
 * runs with the same input. The history has AWS's event types (`TaskScheduled`,
 * `LambdaFunctionFailed`, `MapIterationStarted`, ...), and every event is
 * also reported to {@link onExecutionEvent} listeners. JSONata, `.sync` and
 * `.waitForTaskToken` are refused at CreateStateMachine; Retry on Parallel
 * and Map states retries at once.
 *
 * Built from parts: the {@link StateMachineRegistry}, the {@link Executions}
 * that run, the {@link TaskIntegrations} their tasks call, the
 * {@link ExecutionHistory} they record, and the API's operations (`operations.ts`).
 */
export class StepFunctionsService implements AwsJsonService {
  readonly targetPrefix = 'AWSStepFunctions';
  readonly operations: OperationTable;
  readonly #executions: Executions;
  readonly #history: ExecutionHistory;
  readonly #registry: StateMachineRegistry;

  constructor(context: LocalCloudContext, options: StepFunctionsServiceOptions) {
    const registry = new StateMachineRegistry(context);
    this.#registry = registry;
    const integrations = new TaskIntegrations(context, options.call, options.dynamodb);
    this.#history = new ExecutionHistory(context.clock, context.logger);
    this.#executions = new Executions(context, options, integrations, this.#history);
    this.operations = stepFunctionsOperations({
      registry,
      executions: this.#executions,
      clock: context.clock,
    });
  }

  /**
   * Executions of a state machine with this status, as `ListExecutions`
   * with `statusFilter` would list them (the most recent first).
   * @throws AwsServiceError `StateMachineDoesNotExist`
   */
  executions(stateMachineArn: string, status: Execution['status']): readonly Execution[] {
    return this.#executions.list(this.#registry.get(stateMachineArn), status);
  }

  /** Resolves when every execution has finished. */
  async idle(): Promise<void> {
    await this.#executions.idle();
  }

  /**
   * Calls `listener` with every history event of every execution, as it is
   * recorded (states entered and exited, task attempts, retries, the outcome).
   * @returns a function that removes the listener
   */
  onExecutionEvent(listener: ExecutionEventListener): () => void {
    return this.#history.onEvent(listener);
  }

  async close(): Promise<void> {
    this.#executions.close();
  }
}
