import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AslMachine, AslState, TaskKind, TaskPolicy } from './definition';
import type { HistoryEvent } from './history-events';
import type { ServiceCaller } from './TaskIntegrations';

/** One history event of one execution, as {@link StepFunctionsService.onExecutionEvent} reports it. */
export interface ExecutionEvent {
  readonly executionArn: string;
  readonly executionName: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly event: HistoryEvent;
  /** Set on a failed Task attempt that will be retried: the wait before the retry. */
  readonly retryInMs?: number;
  /** The Task state of a task event (`TaskScheduled`, `LambdaFunctionFailed`, ...). */
  readonly stateName?: string;
}

/** Receives the history events of every execution as they happen. */
export type ExecutionEventListener = (event: ExecutionEvent) => void;

export interface StepFunctionsServiceOptions {
  readonly call: ServiceCaller;
  /** For the dynamodb:* integrations (pointed at DynamoDB Local). */
  readonly dynamodb: DynamoDBClient;
  /**
   * Source of the `JitterStrategy: FULL` randomness, a number in [0, 1).
   * @default Math.random
   */
  readonly random?: () => number;
}

/** A state machine, its definition rewritten for the interpreter. */
export interface Machine {
  name: string;
  arn: string;
  definition: string;
  type: 'STANDARD' | 'EXPRESS';
  roleArn: string;
  createdAt: number;
  runnable: AslMachine;
  tasks: Map<string, TaskKind>;
  policies: Map<string, TaskPolicy>;
  waits: Map<string, AslState>;
  retrying: string[];
  /** The execution's TimeoutSeconds, measured on the clock. */
  timeoutSeconds: number | undefined;
  /** Every state by name (nested ones too), for the history. */
  states: Map<string, AslState>;
}

/** One execution and its history. */
export interface Execution {
  arn: string;
  machine: Machine;
  name: string;
  input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';
  startedAt: number;
  stoppedAt?: number;
  output?: string;
  error?: string;
  cause?: string;
  history: HistoryEvent[];
  abort?: () => void;
  /** Set when the execution's TimeoutSeconds elapsed. */
  timedOut?: boolean;
  done: Promise<void>;
}
