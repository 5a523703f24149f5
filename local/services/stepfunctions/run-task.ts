import type { Clock } from '../../core/clock';
import type { TaskKind, TaskPolicy } from './definition';
import type { HistoryEventBody } from './history-events';
import { readPath } from './json-path';
import { setLongTimer } from './long-timer';
import { decideRetry } from './retry-policy';
import { statesTimeoutError } from './states-timeout';

type Json = unknown;

/** What the cloud's task runner needs for one Task state entry. */
export interface TaskRun {
  readonly stateName: string;
  readonly kind: TaskKind;
  readonly policy: TaskPolicy;
  readonly input: Json;
  /** Runs one attempt (the integration call); rejects with an error named as States matches it. */
  readonly attempt: (input: Json) => Promise<Json>;
  readonly clock: Clock;
  readonly region: string;
  /** Aborted when the execution stops, times out or the cloud closes. */
  readonly signal: AbortSignal;
  /** Adds an event to the execution's history; `retryInMs` when a retry follows. */
  readonly record: (event: HistoryEventBody, retryInMs?: number) => void;
  readonly random?: () => number;
  /** Wraps a wait on the clock (a Retry interval), so the execution is not busy meanwhile. */
  readonly onClock?: <T>(waiting: Promise<T>) => Promise<T>;
}

/** Aborted by the execution; never reaches the interpreter's Retry or Catch. */
class ExecutionStopped extends Error {
  constructor() {
    super('the execution stopped');
    this.name = 'ExecutionStopped';
  }
}

/**
 * Runs a Task state as Step Functions does, on the cloud's clock: each
 * attempt is scheduled, started and ends succeeded, failed or timed out
 * (`TimeoutSeconds` / `TimeoutSecondsPath`, as `States.Timeout`); a failure
 * matched by a retrier waits its interval (back-off, cap, jitter) and tries
 * again; the last error goes back to the interpreter, whose `Catch` applies.
 */
export async function runTask(run: TaskRun): Promise<Json> {
  const attempts = run.policy.retry.map(() => 0);
  const timeoutSeconds = taskTimeoutSeconds(run.policy, run.input);
  const events = taskEvents(run.kind, run.region);
  const inputBytes = utf8Bytes(run.input);
  if (inputBytes > PAYLOAD_LIMIT_BYTES) throw dataLimitExceeded('state input', inputBytes);
  for (;;) {
    run.record(events.scheduled(run.input, timeoutSeconds));
    run.record(events.started());
    let error: Error;
    let timedOut = false;
    try {
      const output = await raceAttempt(run, timeoutSeconds);
      const outputBytes = utf8Bytes(output);
      if (outputBytes > PAYLOAD_LIMIT_BYTES) {
        const terminal = dataLimitExceeded('task output', outputBytes);
        run.record(events.failed(terminal.name, terminal.message));
        throw terminal;
      }
      run.record(events.succeeded(output));
      return output;
    } catch (caught) {
      if (caught instanceof ExecutionStopped || isTerminal(caught)) throw caught;
      timedOut = caught === TIMED_OUT;
      error = timedOut
        ? await statesTimeoutError(
            `Task ${run.stateName} did not finish within its TimeoutSeconds (${timeoutSeconds})`,
          )
        : caught instanceof Error
          ? caught
          : new Error(String(caught));
    }
    const decision = decideRetry(run.policy.retry, attempts, error.name, run.random);
    const ended = timedOut
      ? events.timedOut(error.name, error.message)
      : events.failed(error.name, error.message);
    run.record(ended, decision.retry ? decision.delayMs : undefined);
    if (!decision.retry) throw error;
    const interval = sleep(run.clock, decision.delayMs, run.signal);
    await (run.onClock ? run.onClock(interval) : interval);
  }
}

const TIMED_OUT = Symbol('timed out');

/** Step Functions' payload quota for a state's input and output: 256 KiB of UTF-8 text. */
export const PAYLOAD_LIMIT_BYTES = 262_144;

/**
 * `States.DataLimitExceeded`: "a terminal error that can't be caught by the
 * States.ALL error type", raised when a connector's output or a state's
 * input after Parameters is larger than the payload quota. Marked so the
 * interpreter neither retries nor catches it.
 */
function dataLimitExceeded(what: string, bytes: number): Error {
  const error = Object.assign(
    new Error(
      `The ${what} (${bytes} bytes) exceeds the payload quota of ${PAYLOAD_LIMIT_BYTES} bytes`,
    ),
    { isCatchable: false, isRetryable: false },
  );
  error.name = 'States.DataLimitExceeded';
  return error;
}

const utf8Bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');

function isTerminal(error: unknown): boolean {
  return error instanceof Error && error.name === 'States.DataLimitExceeded';
}

function taskTimeoutSeconds(policy: TaskPolicy, input: Json): number | undefined {
  if (policy.timeoutSeconds !== undefined) return policy.timeoutSeconds;
  if (policy.timeoutSecondsPath === undefined) return undefined;
  const value = readPath(policy.timeoutSecondsPath, input);
  if (!Number.isInteger(value) || (value as number) < 1) {
    const error = new Error(
      `TimeoutSecondsPath ${policy.timeoutSecondsPath} must point at a positive integer, got ${JSON.stringify(value)}`,
    );
    error.name = 'States.Runtime';
    throw error;
  }
  return value as number;
}

/** One attempt, raced against the state's timeout and the execution's end. */
function raceAttempt(run: TaskRun, timeoutSeconds: number | undefined): Promise<Json> {
  return new Promise((resolve, reject) => {
    const cancelTimer =
      timeoutSeconds === undefined
        ? undefined
        : setLongTimer(run.clock, timeoutSeconds * 1000, () => settle(() => reject(TIMED_OUT)));
    const onAbort = () => settle(() => reject(new ExecutionStopped()));
    let done = false;
    const settle = (fn: () => void) => {
      if (done) return;
      done = true;
      cancelTimer?.();
      run.signal.removeEventListener('abort', onAbort);
      fn();
    };
    if (run.signal.aborted) return onAbort();
    run.signal.addEventListener('abort', onAbort, { once: true });
    run.attempt(run.input).then(
      (output) => settle(() => resolve(output)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}

/** Sleeps on the clock; rejects when the execution stops first. */
export function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ExecutionStopped());
    const onAbort = () => {
      cancel();
      reject(new ExecutionStopped());
    };
    const cancel = setLongTimer(clock, ms, () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The resource a Task names, as task events report it (`lambda` / `invoke`). */
function taskResource(kind: TaskKind): { resourceType: string; resource: string } {
  switch (kind.kind) {
    case 'lambda:invoke':
      return { resourceType: 'lambda', resource: 'invoke' };
    case 'events:putEvents':
      return { resourceType: 'events', resource: 'putEvents' };
    case 'sqs:sendMessage':
      return { resourceType: 'sqs', resource: 'sendMessage' };
    case 'dynamodb':
      return { resourceType: 'dynamodb', resource: kind.action };
    default:
      return { resourceType: 'lambda', resource: 'invoke' };
  }
}

const json = (value: unknown) => JSON.stringify(value ?? null);

/**
 * The history events of one Task attempt: `LambdaFunction*` for a Task whose
 * Resource is a function ARN, `Task*` (with resource type and name) for
 * service integrations, as Step Functions records them.
 */
function taskEvents(kind: TaskKind, region: string) {
  if (kind.kind === 'lambda') {
    return {
      scheduled: (input: Json, timeoutInSeconds?: number): HistoryEventBody => ({
        type: 'LambdaFunctionScheduled',
        lambdaFunctionScheduledEventDetails: {
          resource: kind.functionArn,
          input: json(input),
          inputDetails: { truncated: false },
          ...(timeoutInSeconds !== undefined ? { timeoutInSeconds } : {}),
        },
      }),
      started: (): HistoryEventBody => ({ type: 'LambdaFunctionStarted' }),
      succeeded: (output: Json): HistoryEventBody => ({
        type: 'LambdaFunctionSucceeded',
        lambdaFunctionSucceededEventDetails: {
          output: json(output),
          outputDetails: { truncated: false },
        },
      }),
      failed: (error: string, cause: string): HistoryEventBody => ({
        type: 'LambdaFunctionFailed',
        lambdaFunctionFailedEventDetails: { error, cause },
      }),
      timedOut: (error: string, cause: string): HistoryEventBody => ({
        type: 'LambdaFunctionTimedOut',
        lambdaFunctionTimedOutEventDetails: { error, cause },
      }),
    };
  }
  const resource = taskResource(kind);
  return {
    scheduled: (input: Json, timeoutInSeconds?: number): HistoryEventBody => ({
      type: 'TaskScheduled',
      taskScheduledEventDetails: {
        ...resource,
        region,
        parameters: json(input),
        ...(timeoutInSeconds !== undefined ? { timeoutInSeconds } : {}),
      },
    }),
    started: (): HistoryEventBody => ({ type: 'TaskStarted', taskStartedEventDetails: resource }),
    succeeded: (output: Json): HistoryEventBody => ({
      type: 'TaskSucceeded',
      taskSucceededEventDetails: {
        ...resource,
        output: json(output),
        outputDetails: { truncated: false },
      },
    }),
    failed: (error: string, cause: string): HistoryEventBody => ({
      type: 'TaskFailed',
      taskFailedEventDetails: { ...resource, error, cause },
    }),
    timedOut: (error: string, cause: string): HistoryEventBody => ({
      type: 'TaskTimedOut',
      taskTimedOutEventDetails: { ...resource, error, cause },
    }),
  };
}
