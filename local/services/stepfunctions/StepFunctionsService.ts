import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { ExecutionAbortedError, ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import { AwsServiceError } from '../../core/errors';
import { dispatchOperation } from '../../core/operations';
import type { AwsJsonService, LocalCloudContext } from '../../core/service';
import type { AslMachine, AslState, TaskKind } from './definition';
import { inspectDefinition, retryingStates, rewriteWaits } from './definition';

type Input = Record<string, unknown>;
type Json = Parameters<StateMachine['run']>[0];
/** An entry of the interpreter's event log (its type is not exported). */
type EventLog = {
  type: string;
  state?: { name: string; type: string };
  Error?: string;
  Cause?: string;
};

/** Calls an operation of another local service (SQS, EventBridge) through its own API. */
export type ServiceCaller = (
  targetPrefix: string,
  operation: string,
  input: Input,
) => Promise<unknown>;

export interface StepFunctionsServiceOptions {
  readonly call: ServiceCaller;
  /** For the dynamodb:* integrations (pointed at DynamoDB Local). */
  readonly dynamodb: DynamoDBClient;
}

interface Machine {
  name: string;
  arn: string;
  definition: string;
  type: 'STANDARD' | 'EXPRESS';
  roleArn: string;
  createdAt: number;
  runnable: AslMachine;
  tasks: Map<string, TaskKind>;
  waits: Map<string, AslState>;
  retrying: string[];
}

interface Execution {
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
  history: Record<string, unknown>[];
  abort?: () => void;
  done: Promise<void>;
}

/** How long a finished Standard execution's name stays taken (AWS: 90 days). */
const NAME_RETENTION_MS = 90 * 86_400_000;
const NAME = /^[A-Za-z0-9_-]{1,80}$/;
const OPERATIONS = [
  'CreateStateMachine',
  'DescribeStateMachine',
  'ListStateMachines',
  'DeleteStateMachine',
  'StartExecution',
  'DescribeExecution',
  'GetExecutionHistory',
  'ListExecutions',
  'StopExecution',
] as const;

/**
 * Step Functions on the local cloud: state machines run by the
 * `aws-local-stepfunctions` interpreter, with the service integrations
 * `lambda:invoke` (and plain Lambda ARNs), `events:putEvents`,
 * `sqs:sendMessage` and `dynamodb:getItem/putItem/updateItem/deleteItem`
 * wired to the local services; Retry and Catch work on their errors. Wait
 * states follow the cloud's clock; Retry intervals are not waited locally.
 * JSONata, `.sync` and `.waitForTaskToken` are refused at CreateStateMachine.
 */
export class StepFunctionsService implements AwsJsonService {
  readonly targetPrefix = 'AWSStepFunctions';
  readonly operations: ReadonlySet<string> = new Set(OPERATIONS);
  readonly #ctx: LocalCloudContext;
  readonly #options: StepFunctionsServiceOptions;
  readonly #machines = new Map<string, Machine>();
  readonly #executions = new Map<string, Execution>();

  constructor(context: LocalCloudContext, options: StepFunctionsServiceOptions) {
    this.#ctx = context;
    this.#options = options;
  }

  handle(operation: string, input: Input): Promise<unknown> {
    return dispatchOperation(this, operation, input);
  }

  /** Resolves when every execution has finished. */
  async idle(): Promise<void> {
    await Promise.all([...this.#executions.values()].map((e) => e.done));
  }

  async close(): Promise<void> {
    for (const e of this.#executions.values()) if (e.status === 'RUNNING') e.abort?.();
  }

  opCreateStateMachine(input: Input) {
    const name = String(input.name ?? '');
    if (!NAME.test(name))
      throw new AwsServiceError('InvalidName', `Invalid State Machine Name: '${name}'`);
    const definition = String(input.definition ?? '');
    let parsed: AslMachine;
    try {
      parsed = JSON.parse(definition) as AslMachine;
    } catch {
      throw new AwsServiceError('InvalidDefinition', 'Invalid State Machine Definition: not JSON');
    }
    const runnable = structuredClone(parsed);
    const waits = rewriteWaits(runnable);
    const tasks = inspectDefinition(runnable);
    try {
      // The interpreter validates the rest of the ASL.
      new StateMachine(runnable as unknown as StateMachineDefinition, {
        validationOptions: { checkArn: false },
      });
    } catch (error) {
      throw new AwsServiceError(
        'InvalidDefinition',
        `Invalid State Machine Definition: ${(error as Error).message}`,
      );
    }
    const existing = this.#machines.get(name);
    if (existing) {
      if (existing.definition !== definition) {
        throw new AwsServiceError(
          'StateMachineAlreadyExists',
          `State Machine Already Exists: '${existing.arn}'`,
        );
      }
      return { stateMachineArn: existing.arn, creationDate: existing.createdAt / 1000 };
    }
    const machine: Machine = {
      name,
      arn: `arn:aws:states:${this.#ctx.region}:${this.#ctx.accountId}:stateMachine:${name}`,
      definition,
      type: input.type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
      roleArn: String(input.roleArn ?? ''),
      createdAt: this.#ctx.clock.now(),
      runnable,
      tasks,
      waits,
      retrying: retryingStates(runnable),
    };
    this.#machines.set(name, machine);
    return { stateMachineArn: machine.arn, creationDate: machine.createdAt / 1000 };
  }

  opDescribeStateMachine(input: Input) {
    const m = this.#machine(input.stateMachineArn);
    return {
      stateMachineArn: m.arn,
      name: m.name,
      status: 'ACTIVE',
      definition: m.definition,
      roleArn: m.roleArn,
      type: m.type,
      creationDate: m.createdAt / 1000,
    };
  }

  opListStateMachines() {
    return {
      stateMachines: [...this.#machines.values()].map((m) => ({
        stateMachineArn: m.arn,
        name: m.name,
        type: m.type,
        creationDate: m.createdAt / 1000,
      })),
    };
  }

  opDeleteStateMachine(input: Input) {
    this.#machines.delete(this.#machine(input.stateMachineArn).name);
    return {};
  }

  opStartExecution(input: Input) {
    const machine = this.#machine(input.stateMachineArn);
    const name = input.name === undefined ? randomUUID() : String(input.name);
    if (!NAME.test(name))
      throw new AwsServiceError('InvalidName', `Invalid Execution Name: '${name}'`);
    const inputText = input.input === undefined ? '{}' : String(input.input);
    let parsedInput: Json;
    try {
      parsedInput = JSON.parse(inputText) as Json;
    } catch {
      throw new AwsServiceError('InvalidExecutionInput', 'Invalid execution input: not JSON');
    }
    const arn = `arn:aws:states:${this.#ctx.region}:${this.#ctx.accountId}:execution:${machine.name}:${name}`;
    const existing = this.#executions.get(arn);
    if (existing && machine.type === 'STANDARD') {
      const fresh =
        existing.status === 'RUNNING' ||
        this.#ctx.clock.now() - (existing.stoppedAt ?? 0) < NAME_RETENTION_MS;
      // A Standard execution's name is idempotent: the same input returns the same execution.
      if (fresh && existing.input === inputText)
        return { executionArn: arn, startDate: existing.startedAt / 1000 };
      if (fresh)
        throw new AwsServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const execution = this.#run(machine, arn, name, inputText, parsedInput);
    this.#executions.set(arn, execution);
    return { executionArn: arn, startDate: execution.startedAt / 1000 };
  }

  opDescribeExecution(input: Input) {
    const e = this.#execution(input.executionArn);
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
    };
  }

  opGetExecutionHistory(input: Input) {
    const events = this.#execution(input.executionArn).history;
    return { events: input.reverseOrder === true ? [...events].reverse() : events };
  }

  opListExecutions(input: Input) {
    const machine = this.#machine(input.stateMachineArn);
    return {
      executions: [...this.#executions.values()]
        .filter(
          (e) => e.machine === machine && (!input.statusFilter || e.status === input.statusFilter),
        )
        .map((e) => ({
          executionArn: e.arn,
          stateMachineArn: machine.arn,
          name: e.name,
          status: e.status,
          startDate: e.startedAt / 1000,
          ...(e.stoppedAt !== undefined ? { stopDate: e.stoppedAt / 1000 } : {}),
        })),
    };
  }

  opStopExecution(input: Input) {
    const e = this.#execution(input.executionArn);
    if (e.status === 'RUNNING') {
      e.error = input.error === undefined ? undefined : String(input.error);
      e.cause = input.cause === undefined ? undefined : String(input.cause);
      e.abort?.();
    }
    return { stopDate: (e.stoppedAt ?? this.#ctx.clock.now()) / 1000 };
  }

  #run(machine: Machine, arn: string, name: string, inputText: string, input: Json): Execution {
    const clock = this.#ctx.clock;
    const execution: Execution = {
      arn,
      machine,
      name,
      input: inputText,
      status: 'RUNNING',
      startedAt: clock.now(),
      history: [],
      done: Promise.resolve(),
    };
    const sm = new StateMachine(machine.runnable as unknown as StateMachineDefinition, {
      validationOptions: { checkArn: false },
    });
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    for (const [state, kind] of machine.tasks) {
      handlers[state] = (taskInput) => this.#task(state, kind, taskInput, machine);
    }
    const run = sm.run(input, {
      overrides: {
        taskResourceLocalHandlers: handlers,
        // Retry intervals are not waited locally (no real-time sleeps in the cloud).
        retryIntervalOverrides: Object.fromEntries(machine.retrying.map((s) => [s, 0])),
      },
      context: {
        Execution: {
          Id: arn,
          Name: name,
          StartTime: new Date(execution.startedAt).toISOString(),
          Input: input as never,
        },
      } as never,
    });
    execution.abort = run.abort;
    const record = async () => {
      let id = 0;
      for await (const log of run.eventLogs as AsyncGenerator<EventLog>) {
        id++;
        execution.history.push(historyEvent(log, id, clock.now()));
      }
    };
    execution.done = Promise.all([
      record(),
      run.result.then(
        (output) => {
          execution.status = 'SUCCEEDED';
          execution.output = JSON.stringify(output);
        },
        (error: unknown) => {
          if (error instanceof ExecutionAbortedError) {
            execution.status = 'ABORTED';
            return;
          }
          execution.status = error instanceof ExecutionError ? 'FAILED' : 'FAILED';
          const cause = (error as { cause?: { name?: string; message?: string } }).cause;
          execution.error = cause?.name ?? (error as Error).name;
          execution.cause = cause?.message ?? (error as Error).message;
        },
      ),
    ]).then(() => {
      execution.stoppedAt = clock.now();
      this.#ctx.logger.info('execution finished', { execution: arn, status: execution.status });
    });
    return execution;
  }

  async #task(state: string, kind: TaskKind, input: Json, machine: Machine): Promise<Json> {
    const params = (input ?? {}) as Record<string, unknown>;
    switch (kind.kind) {
      case 'wait':
        await this.#ctx.clock.sleep(
          waitMs(machine.waits.get(state) as AslState, input, this.#ctx.clock.now()),
        );
        return input;
      case 'lambda:invoke':
      case 'lambda': {
        const fn = kind.kind === 'lambda' ? kind.functionArn : String(params.FunctionName ?? '');
        const payload = kind.kind === 'lambda' ? input : ((params.Payload ?? {}) as Json);
        const result = await this.#ctx.dispatcher.deliver(fn, JSON.stringify(payload));
        const body = JSON.parse(result.payload ?? 'null') as Json;
        if (result.functionError) throw taskError(body);
        if (kind.kind === 'lambda') return body;
        return {
          ExecutedVersion: '$LATEST',
          Payload: body,
          StatusCode: 200,
          SdkHttpMetadata: { HttpStatusCode: 200 },
          SdkResponseMetadata: {},
        } as Json;
      }
      case 'events:putEvents':
        return (await this.#service('AWSEvents', 'PutEvents', params)) as Json;
      case 'sqs:sendMessage':
        return (await this.#service('AmazonSQS', 'SendMessage', params)) as Json;
      case 'dynamodb': {
        try {
          const { $metadata, ...out } = await this.#dynamo(kind.action, params);
          void $metadata;
          return out as Json;
        } catch (error) {
          throw named(`DynamoDB.${(error as Error).name}`, (error as Error).message);
        }
      }
      default:
        throw named('States.TaskFailed', `unsupported task in state ${state}`);
    }
  }

  #dynamo(action: 'getItem' | 'putItem' | 'updateItem' | 'deleteItem', params: Input) {
    const db = this.#options.dynamodb;
    switch (action) {
      case 'getItem':
        return db.send(new GetItemCommand(params as never));
      case 'putItem':
        return db.send(new PutItemCommand(params as never));
      case 'updateItem':
        return db.send(new UpdateItemCommand(params as never));
      case 'deleteItem':
        return db.send(new DeleteItemCommand(params as never));
    }
  }

  async #service(prefix: string, operation: string, params: Input): Promise<unknown> {
    try {
      return await this.#options.call(prefix, operation, params);
    } catch (error) {
      const code = (error as AwsServiceError).code ?? (error as Error).name;
      throw named(
        `${prefix === 'AmazonSQS' ? 'SQS' : 'EventBridge'}.${code}`,
        (error as Error).message,
      );
    }
  }

  #machine(arn: unknown): Machine {
    const name =
      String(arn ?? '')
        .split(':')
        .at(-1) ?? '';
    const m = this.#machines.get(name);
    if (!m || m.arn !== arn)
      throw new AwsServiceError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${String(arn)}'`,
      );
    return m;
  }

  #execution(arn: unknown): Execution {
    const e = this.#executions.get(String(arn));
    if (!e)
      throw new AwsServiceError(
        'ExecutionDoesNotExist',
        `Execution Does Not Exist: '${String(arn)}'`,
      );
    return e;
  }
}

/** An error whose name is what Retry / Catch match on. */
function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** A Lambda function error as a task error: its `errorType` is the name States matches. */
function taskError(body: unknown): Error {
  const b = (body ?? {}) as { errorType?: string; errorMessage?: string };
  return named(b.errorType ?? 'Lambda.Unknown', JSON.stringify(body));
}

function waitMs(wait: AslState, input: unknown, now: number): number {
  const read = (path: string) =>
    path
      .replace(/^\$\.?/, '')
      .split('.')
      .filter(Boolean)
      .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], input);
  if (wait.Seconds !== undefined) return Number(wait.Seconds) * 1000;
  if (wait.SecondsPath) return Number(read(wait.SecondsPath)) * 1000;
  const timestamp =
    wait.Timestamp ?? (wait.TimestampPath ? String(read(wait.TimestampPath)) : undefined);
  return timestamp ? Math.max(0, Date.parse(timestamp) - now) : 0;
}

function historyEvent(log: EventLog, id: number, now: number): Record<string, unknown> {
  const state = (log as { state?: { name: string; type: string } }).state;
  const base = { id, previousEventId: id - 1, timestamp: now / 1000 };
  switch (log.type) {
    case 'ExecutionStarted':
      return { ...base, type: 'ExecutionStarted' };
    case 'ExecutionSucceeded':
      return { ...base, type: 'ExecutionSucceeded' };
    case 'ExecutionFailed':
      return {
        ...base,
        type: 'ExecutionFailed',
        executionFailedEventDetails: {
          error: (log as { Error?: string }).Error,
          cause: (log as { Cause?: string }).Cause,
        },
      };
    case 'ExecutionAborted':
      return { ...base, type: 'ExecutionAborted' };
    case 'ExecutionTimeout':
      return { ...base, type: 'ExecutionTimedOut' };
    case 'StateEntered':
      return {
        ...base,
        type: `${state?.type ?? 'Task'}StateEntered`,
        stateEnteredEventDetails: { name: state?.name },
      };
    case 'StateExited':
      return {
        ...base,
        type: `${state?.type ?? 'Task'}StateExited`,
        stateExitedEventDetails: { name: state?.name },
      };
    case 'StateFailed':
      return {
        ...base,
        type: 'TaskFailed',
        taskFailedEventDetails: {
          resource: state?.name,
          error: (log as { Error?: string }).Error,
          cause: (log as { Cause?: string }).Cause,
        },
      };
    default:
      return { ...base, type: log.type, details: { name: state?.name } };
  }
}
