import type {
  CreateStateMachineCommandInput,
  CreateStateMachineCommandOutput,
  DeleteStateMachineCommandInput,
  DeleteStateMachineCommandOutput,
  DescribeExecutionCommandInput,
  DescribeExecutionCommandOutput,
  DescribeStateMachineCommandInput,
  DescribeStateMachineCommandOutput,
  GetExecutionHistoryCommandInput,
  GetExecutionHistoryCommandOutput,
  ListExecutionsCommandInput,
  ListExecutionsCommandOutput,
  ListStateMachinesCommandOutput,
  StartExecutionCommandInput,
  StartExecutionCommandOutput,
  StopExecutionCommandInput,
  StopExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import type { Clock } from '../../core/clock';
import type { Answer, OperationTable, Request } from '../../core/operations';
import { defineOperations } from '../../core/operations';
import type { Executions } from './Executions';
import { page } from './paging';
import type { StateMachineRegistry } from './StateMachineRegistry';
import type { Execution } from './types';

/** What the operations work on. */
export interface StepFunctionsParts {
  readonly registry: StateMachineRegistry;
  readonly executions: Executions;
  readonly clock: Clock;
}

/**
 * The Step Functions API the local cloud answers (`AWSStepFunctions.<Operation>`),
 * each operation typed with its `@aws-sdk/client-sfn` command. Timestamps
 * travel as epoch seconds.
 */
export function stepFunctionsOperations(parts: StepFunctionsParts): OperationTable {
  const { registry, executions, clock } = parts;
  return defineOperations({
    CreateStateMachine: (input: Request<CreateStateMachineCommandInput>) => {
      const machine = registry.create({
        name: String(input.name ?? ''),
        definition: String(input.definition ?? ''),
        type: input.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
        roleArn: String(input.roleArn ?? ''),
      });
      return {
        stateMachineArn: machine.arn,
        creationDate: machine.createdAt / 1000,
      } satisfies Answer<CreateStateMachineCommandOutput>;
    },

    DescribeStateMachine: (input: Request<DescribeStateMachineCommandInput>) => {
      const m = registry.get(input.stateMachineArn);
      return {
        stateMachineArn: m.arn,
        name: m.name,
        status: 'ACTIVE',
        definition: m.definition,
        roleArn: m.roleArn,
        type: m.type,
        creationDate: m.createdAt / 1000,
      } satisfies Answer<DescribeStateMachineCommandOutput>;
    },

    ListStateMachines: () =>
      ({
        stateMachines: registry.list().map((m) => ({
          stateMachineArn: m.arn,
          name: m.name,
          type: m.type,
          creationDate: m.createdAt / 1000,
        })),
      }) satisfies Answer<ListStateMachinesCommandOutput>,

    DeleteStateMachine: (input: Request<DeleteStateMachineCommandInput>) => {
      registry.delete(registry.get(input.stateMachineArn));
      return {} satisfies Answer<DeleteStateMachineCommandOutput>;
    },

    StartExecution: (input: Request<StartExecutionCommandInput>) => {
      const machine = registry.get(input.stateMachineArn);
      const execution = executions.start(machine, {
        ...(input.name !== undefined ? { name: String(input.name) } : {}),
        ...(input.input !== undefined ? { input: String(input.input) } : {}),
      });
      return {
        executionArn: execution.arn,
        startDate: execution.startedAt / 1000,
      } satisfies Answer<StartExecutionCommandOutput>;
    },

    DescribeExecution: (input: Request<DescribeExecutionCommandInput>) => {
      const e = executions.get(input.executionArn);
      return {
        executionArn: e.arn,
        stateMachineArn: e.machine.arn,
        name: e.name,
        status: e.status,
        startDate: e.startedAt / 1000,
        ...(e.stoppedAt !== undefined ? { stopDate: e.stoppedAt / 1000 } : {}),
        input: e.input,
        ...(e.output !== undefined ? { output: e.output } : {}),
        ...(e.error !== undefined ? { error: e.error } : {}),
        ...(e.cause !== undefined ? { cause: e.cause } : {}),
      } satisfies Answer<DescribeExecutionCommandOutput>;
    },

    GetExecutionHistory: (input: Request<GetExecutionHistoryCommandInput>) => {
      const e = executions.get(input.executionArn);
      const reverse = input.reverseOrder === true;
      const events = reverse ? [...e.history].reverse() : e.history;
      const { items, nextToken } = page(events, input, `${e.arn}#${reverse}`);
      return {
        // The history mapper names event types from state types at run time
        // (`${type}StateEntered`), so its events are typed as open records.
        events: items as Answer<GetExecutionHistoryCommandOutput>['events'],
        ...(nextToken ? { nextToken } : {}),
      } satisfies Answer<GetExecutionHistoryCommandOutput>;
    },

    ListExecutions: (input: Request<ListExecutionsCommandInput>) => {
      const machine = registry.get(input.stateMachineArn);
      const status = input.statusFilter
        ? (String(input.statusFilter) as Execution['status'])
        : undefined;
      const listed = executions.list(machine, status).map((e) => ({
        executionArn: e.arn,
        stateMachineArn: machine.arn,
        name: e.name,
        status: e.status,
        startDate: e.startedAt / 1000,
        ...(e.stoppedAt !== undefined ? { stopDate: e.stoppedAt / 1000 } : {}),
      }));
      const { items, nextToken } = page(listed, input, `${machine.arn}#${status ?? ''}`);
      return {
        executions: items,
        ...(nextToken ? { nextToken } : {}),
      } satisfies Answer<ListExecutionsCommandOutput>;
    },

    StopExecution: (input: Request<StopExecutionCommandInput>) => {
      const e = executions.get(input.executionArn);
      executions.stop(
        e,
        input.error === undefined ? undefined : String(input.error),
        input.cause === undefined ? undefined : String(input.cause),
      );
      return {
        stopDate: (e.stoppedAt ?? clock.now()) / 1000,
      } satisfies Answer<StopExecutionCommandOutput>;
    },
  });
}
