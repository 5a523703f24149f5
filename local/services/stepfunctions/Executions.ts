import { randomUUID } from 'node:crypto';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { ExecutionAbortedError, StateMachine } from 'aws-local-stepfunctions';
import type { LocalCloudContext } from '../../core/service';
import { modelConstraintMessage } from '../../core/validators';
import type { AslState } from './definition';
import { waitMs } from './definition';
import type { EventNote, ExecutionHistory } from './ExecutionHistory';
import { StepFunctionsErrors } from './errors';
import { ExecutionWork } from './execution-work';
import type { HistoryEventBody, InterpreterLog } from './history-events';
import { HistoryMapper } from './history-events';
import { setLongTimer } from './long-timer';
import { PAYLOAD_LIMIT_BYTES, runTask, sleep } from './run-task';
import { NAME } from './StateMachineRegistry';
import type { TaskIntegrations } from './TaskIntegrations';
import type { Execution, Machine, StepFunctionsServiceOptions } from './types';

type Json = Parameters<StateMachine['run']>[0];

/** How long a finished Standard execution's name stays taken (AWS: 90 days). */
const NAME_RETENTION_MS = 90 * 86_400_000;

/** What `StartExecution` takes. */
export interface ExecutionRequest {
  /** @default a random UUID */
  readonly name?: string;
  /** @default '{}' */
  readonly input?: string;
}

/**
 * The executions of the local Step Functions: started (idempotently, as AWS
 * starts a Standard execution of the same name and input), run by the
 * `aws-local-stepfunctions` interpreter with Task and Wait states on the
 * cloud's clock, stopped, and found by ARN. Their events go to the
 * {@link ExecutionHistory}.
 */
export class Executions {
  readonly #ctx: LocalCloudContext;
  readonly #options: StepFunctionsServiceOptions;
  readonly #integrations: TaskIntegrations;
  readonly #history: ExecutionHistory;
  readonly #executions = new Map<string, Execution>();

  constructor(
    context: LocalCloudContext,
    options: StepFunctionsServiceOptions,
    integrations: TaskIntegrations,
    history: ExecutionHistory,
  ) {
    this.#ctx = context;
    this.#options = options;
    this.#integrations = integrations;
    this.#history = history;
  }

  /**
   * Starts an execution of `machine`; a Standard execution of the same name
   * that still runs with the same input is returned instead.
   * @throws AwsServiceError `InvalidName`, `ValidationException` (input over
   *   the payload quota), `InvalidExecutionInput`, `ExecutionAlreadyExists`
   */
  start(machine: Machine, request: ExecutionRequest): Execution {
    const name = request.name ?? randomUUID();
    if (!NAME.test(name)) throw StepFunctionsErrors.invalidName('Execution', name);
    const inputText = request.input ?? '{}';
    if (inputText.length > PAYLOAD_LIMIT_BYTES)
      throw StepFunctionsErrors.validation(
        modelConstraintMessage(
          'input',
          `Member must have length less than or equal to ${PAYLOAD_LIMIT_BYTES}`,
        ),
      );
    let parsedInput: Json;
    try {
      parsedInput = JSON.parse(inputText) as Json;
    } catch {
      throw StepFunctionsErrors.invalidExecutionInput('not JSON');
    }
    const arn = `arn:aws:states:${this.#ctx.region}:${this.#ctx.accountId}:execution:${machine.name}:${name}`;
    const existing = this.#executions.get(arn);
    if (existing && machine.type === 'STANDARD') {
      // StartExecution: "If the execution is open and the input is identical, the call
      // succeeds and returns the same response as the original request. If the execution
      // is closed or if the input is different, it returns a 400 ExecutionAlreadyExists
      // error. You can reuse names after 90 days."
      if (existing.status === 'RUNNING' && existing.input === inputText) return existing;
      if (
        existing.status === 'RUNNING' ||
        this.#ctx.clock.now() - (existing.stoppedAt ?? 0) < NAME_RETENTION_MS
      )
        throw StepFunctionsErrors.executionAlreadyExists(arn);
    }
    const execution = this.#run(machine, arn, name, inputText, parsedInput);
    this.#executions.set(arn, execution);
    return execution;
  }

  /** The execution an ARN names. @throws AwsServiceError `ExecutionDoesNotExist` */
  get(arn: unknown): Execution {
    const e = this.#executions.get(String(arn));
    if (!e) throw StepFunctionsErrors.executionDoesNotExist(String(arn));
    return e;
  }

  /** Executions of a machine, the most recent first (as AWS lists them). */
  list(machine: Machine, status?: Execution['status']): Execution[] {
    return [...this.#executions.values()]
      .reverse()
      .filter((e) => e.machine === machine && (!status || e.status === status));
  }

  /** Aborts a running execution with an optional error and cause; a closed one is left as it is. */
  stop(execution: Execution, error?: string, cause?: string): void {
    if (execution.status !== 'RUNNING') return;
    if (error !== undefined) execution.error = error;
    if (cause !== undefined) execution.cause = cause;
    execution.abort?.();
  }

  /** Resolves when every execution has finished. */
  async idle(): Promise<void> {
    await Promise.all([...this.#executions.values()].map((e) => e.done));
  }

  /** Aborts every running execution. */
  close(): void {
    for (const e of this.#executions.values()) if (e.status === 'RUNNING') e.abort?.();
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
    // A running execution is the cloud's work in flight except while it waits on the
    // clock, so a test advances a manual clock instead of polling for its end.
    const work = new ExecutionWork(clock, `Step Functions execution ${name}`);
    // CreateStateMachine validated the definition; validating it per execution only costs time.
    const sm = new StateMachine(machine.runnable as unknown as StateMachineDefinition, {
      validationOptions: { noValidate: true },
    });
    const handlers: Record<string, (input: Json) => Promise<Json>> = {};
    for (const [state, kind] of machine.tasks) {
      handlers[state] = (taskInput) => {
        const running = work.state(async () => {
          // The interpreter's own events (this state's entry) reach the history first.
          await new Promise((resolve) => setImmediate(resolve));
          if (kind.kind === 'wait') {
            const wait = machine.waits.get(state) as AslState;
            await work.onClock(sleep(clock, waitMs(wait, taskInput, clock.now()), stopped.signal));
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
            onClock: (waiting) => work.onClock(waiting),
            ...(this.#options.random ? { random: this.#options.random } : {}),
          })) as Json;
        });
        // Once the execution has stopped, the interpreter may no longer await its task:
        // the task's ExecutionStopped rejection must not surface as an unhandled rejection
        // (one ended a simulator process under Node 20; the stop and timeout tests in
        // stepfunctions.test.ts did not reproduce it). The interpreter still gets the promise.
        running.catch(() => {});
        return running;
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
      work.finish();
      execution.stoppedAt = clock.now();
      this.#ctx.logger.info('execution finished', { execution: arn, status: execution.status });
    });
    return execution;
  }

  #record(execution: Execution, body: HistoryEventBody, note: EventNote): void {
    this.#history.record(execution, body, note);
  }
}
