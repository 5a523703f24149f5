import { randomUUID } from 'node:crypto';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { ExecutionAbortedError, StateMachine } from 'aws-local-stepfunctions';
import { AwsServiceError } from '../../core/errors';
import { dispatchOperation } from '../../core/operations';
import type { AwsJsonService, LocalCloudContext } from '../../core/service';
import type { AslMachine, AslState } from './definition';
import {
  collectStates,
  inspectDefinition,
  retryingStates,
  rewriteTasks,
  rewriteWaits,
  takeExecutionTimeout,
  waitMs,
} from './definition';
import type { HistoryEvent, HistoryEventBody, InterpreterLog } from './history-events';
import { HistoryMapper } from './history-events';
import { setLongTimer } from './long-timer';
import { page } from './paging';
import { PAYLOAD_LIMIT_BYTES, runTask, sleep } from './run-task';
import { TaskIntegrations } from './TaskIntegrations';
import type {
  Execution,
  ExecutionEvent,
  ExecutionEventListener,
  Machine,
  StepFunctionsServiceOptions,
} from './types';

export type { ServiceCaller } from './TaskIntegrations';
export type { ExecutionEvent, ExecutionEventListener, StepFunctionsServiceOptions } from './types';

type Input = Record<string, unknown>;
/** What a listener learns beside the history event. */
type EventNote = Pick<ExecutionEvent, 'retryInMs' | 'stateName'>;
type Json = Parameters<StateMachine['run']>[0];

/** How long a finished Standard execution's name stays taken (AWS: 90 days). */
const NAME_RETENTION_MS = 90 * 86_400_000;
const NAME = /^[A-Za-z0-9_-]{1,80}$/;
/** Interpreter-ready definitions found valid, by their JSON text (validation is costly). */
const VALIDATED_DEFINITIONS = new Set<string>();
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
 */
export class StepFunctionsService implements AwsJsonService {
  readonly targetPrefix = 'AWSStepFunctions';
  readonly operations: ReadonlySet<string> = new Set(OPERATIONS);
  readonly #ctx: LocalCloudContext;
  readonly #options: StepFunctionsServiceOptions;
  readonly #machines = new Map<string, Machine>();
  readonly #executions = new Map<string, Execution>();
  readonly #listeners = new Set<ExecutionEventListener>();
  readonly #integrations: TaskIntegrations;

  constructor(context: LocalCloudContext, options: StepFunctionsServiceOptions) {
    this.#ctx = context;
    this.#options = options;
    this.#integrations = new TaskIntegrations(context, options.call, options.dynamodb);
  }

  handle(operation: string, input: Input): Promise<unknown> {
    return dispatchOperation(this, operation, input);
  }

  /** Resolves when every execution has finished. */
  async idle(): Promise<void> {
    await Promise.all([...this.#executions.values()].map((e) => e.done));
  }

  /**
   * Calls `listener` with every history event of every execution, as it is
   * recorded (states entered and exited, task attempts, retries, the outcome).
   * @returns a function that removes the listener
   */
  onExecutionEvent(listener: ExecutionEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
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
    const states = collectStates(parsed);
    const policies = rewriteTasks(runnable);
    const waits = rewriteWaits(runnable);
    const timeoutSeconds = takeExecutionTimeout(runnable);
    const tasks = inspectDefinition(runnable);
    try {
      // The interpreter validates the rest of the ASL, once per definition: its
      // JSON-schema validator compiles its schemas on every call (~0.1 s).
      const runnableText = JSON.stringify(runnable);
      if (!VALIDATED_DEFINITIONS.has(runnableText)) {
        new StateMachine(runnable as unknown as StateMachineDefinition, {
          validationOptions: { checkArn: false },
        });
        VALIDATED_DEFINITIONS.add(runnableText);
      }
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
      policies,
      waits,
      retrying: retryingStates(runnable),
      timeoutSeconds,
      states,
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
    if (inputText.length > PAYLOAD_LIMIT_BYTES)
      throw new AwsServiceError(
        'ValidationException',
        `1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to ${PAYLOAD_LIMIT_BYTES}`,
      );
    let parsedInput: Json;
    try {
      parsedInput = JSON.parse(inputText) as Json;
    } catch {
      throw new AwsServiceError('InvalidExecutionInput', 'Invalid execution input: not JSON');
    }
    const arn = `arn:aws:states:${this.#ctx.region}:${this.#ctx.accountId}:execution:${machine.name}:${name}`;
    const existing = this.#executions.get(arn);
    if (existing && machine.type === 'STANDARD') {
      // StartExecution: "If the execution is open and the input is identical, the call
      // succeeds and returns the same response as the original request. If the execution
      // is closed or if the input is different, it returns a 400 ExecutionAlreadyExists
      // error. You can reuse names after 90 days."
      if (existing.status === 'RUNNING' && existing.input === inputText)
        return { executionArn: arn, startDate: existing.startedAt / 1000 };
      if (
        existing.status === 'RUNNING' ||
        this.#ctx.clock.now() - (existing.stoppedAt ?? 0) < NAME_RETENTION_MS
      )
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
    const e = this.#execution(input.executionArn);
    const events = input.reverseOrder === true ? [...e.history].reverse() : e.history;
    const { items, nextToken } = page(events, input, `${e.arn}#${input.reverseOrder === true}`);
    return { events: items, ...(nextToken ? { nextToken } : {}) };
  }

  opListExecutions(input: Input) {
    const machine = this.#machine(input.stateMachineArn);
    const executions = [...this.#executions.values()]
      // AWS lists the most recent executions first.
      .reverse()
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
      }));
    const { items, nextToken } = page(
      executions,
      input,
      `${machine.arn}#${String(input.statusFilter ?? '')}`,
    );
    return { executions: items, ...(nextToken ? { nextToken } : {}) };
  }

  opStopExecution(input: Input) {
    const e = this.#execution(input.executionArn);
    if (e.status === 'RUNNING') {
      if (input.error !== undefined) e.error = String(input.error);
      if (input.cause !== undefined) e.cause = String(input.cause);
      e.abort?.();
    }
    return { stopDate: (e.stoppedAt ?? this.#ctx.clock.now()) / 1000 };
  }

  #run(machine: Machine, arn: string, name: string, inputText: string, input: Json): Execution {
    const clock = this.#ctx.clock;
    const stopped = new AbortController();
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
    const record = (body: HistoryEventBody, note: EventNote = {}) =>
      this.#record(execution, body, note);
    // CreateStateMachine validated the definition; validating it per execution only costs time.
    const sm = new StateMachine(machine.runnable as unknown as StateMachineDefinition, {
      validationOptions: { noValidate: true },
    });
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    for (const [state, kind] of machine.tasks) {
      handlers[state] = async (taskInput) => {
        // The interpreter's own events (this state's entry) reach the history first.
        await new Promise((resolve) => setImmediate(resolve));
        if (kind.kind === 'wait') {
          const wait = machine.waits.get(state) as AslState;
          await sleep(clock, waitMs(wait, taskInput, clock.now()), stopped.signal);
          return taskInput;
        }
        return (await runTask({
          stateName: state,
          kind,
          policy: machine.policies.get(state) ?? { retry: [] },
          input: taskInput,
          attempt: (attemptInput) => this.#integrations.attempt(state, kind, attemptInput),
          clock,
          region: this.#ctx.region,
          signal: stopped.signal,
          record: (body, retryInMs) =>
            record(body, { stateName: state, ...(retryInMs !== undefined ? { retryInMs } : {}) }),
          ...(this.#options.random ? { random: this.#options.random } : {}),
        })) as Json;
      };
    }
    const run = sm.run(input, {
      overrides: {
        taskResourceLocalHandlers: handlers,
        // Parallel and Map retries only: their intervals would be real time.
        retryIntervalOverrides: Object.fromEntries(machine.retrying.map((s) => [s, 0])),
      },
      context: {
        Execution: {
          Id: arn,
          Name: name,
          StartTime: new Date(execution.startedAt).toISOString(),
          Input: input as never,
          RoleArn: machine.roleArn,
        },
        StateMachine: { Id: machine.arn, Name: machine.name },
      } as never,
    });
    execution.abort = () => {
      stopped.abort();
      run.abort();
    };
    const cancelTimeout =
      machine.timeoutSeconds === undefined
        ? undefined
        : setLongTimer(clock, machine.timeoutSeconds * 1000, () => {
            execution.timedOut = true;
            execution.abort?.();
          });
    const mapper = new HistoryMapper({
      waits: new Set(machine.waits.keys()),
      states: machine.states,
      roleArn: machine.roleArn,
    });
    const consume = async () => {
      for await (const log of run.eventLogs as AsyncGenerator<InterpreterLog>) {
        if (log.type === 'ExecutionAborted') {
          record(
            execution.timedOut
              ? {
                  type: 'ExecutionTimedOut',
                  executionTimedOutEventDetails: {
                    error: 'States.Timeout',
                    cause: `The execution ran longer than its TimeoutSeconds (${machine.timeoutSeconds})`,
                  },
                }
              : {
                  type: 'ExecutionAborted',
                  executionAbortedEventDetails: {
                    ...(execution.error !== undefined ? { error: execution.error } : {}),
                    ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
                  },
                },
          );
          continue;
        }
        for (const body of mapper.map(log)) record(body);
      }
    };
    execution.done = Promise.all([
      consume(),
      run.result.then(
        (output) => {
          execution.status = 'SUCCEEDED';
          execution.output = JSON.stringify(output);
        },
        (error: unknown) => {
          if (error instanceof ExecutionAbortedError) {
            execution.status = execution.timedOut ? 'TIMED_OUT' : 'ABORTED';
            if (execution.timedOut) execution.error = 'States.Timeout';
            return;
          }
          execution.status = 'FAILED';
          const cause = (error as { cause?: { name?: string; message?: string } }).cause;
          execution.error = cause?.name ?? (error as Error).name;
          execution.cause = cause?.message ?? (error as Error).message;
        },
      ),
    ]).then(() => {
      cancelTimeout?.();
      stopped.abort();
      execution.stoppedAt = clock.now();
      this.#ctx.logger.info('execution finished', { execution: arn, status: execution.status });
    });
    return execution;
  }

  #record(execution: Execution, body: HistoryEventBody, note: EventNote): void {
    const id = execution.history.length + 1;
    const event = {
      ...body,
      id,
      previousEventId: id - 1,
      timestamp: this.#ctx.clock.now() / 1000,
    } as HistoryEvent;
    execution.history.push(event);
    if (this.#listeners.size === 0) return;
    const reported: ExecutionEvent = {
      executionArn: execution.arn,
      executionName: execution.name,
      stateMachineArn: execution.machine.arn,
      stateMachineName: execution.machine.name,
      event,
      ...note,
    };
    for (const listener of this.#listeners) {
      try {
        listener(reported);
      } catch (error) {
        this.#ctx.logger.error('execution event listener failed', { error: String(error) });
      }
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
