import { StepFunctionsErrors } from './errors';
import { readPath } from './json-path';
import type { Retrier } from './retry-policy';

/** A state of an Amazon States Language definition (the fields the local cloud reads). */
export interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  QueryLanguage?: string;
  Seconds?: number;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
  Branches?: AslMachine[];
  Iterator?: AslMachine;
  ItemProcessor?: AslMachine;
  Retry?: unknown[];
  [field: string]: unknown;
}

export interface AslMachine {
  StartAt: string;
  States: Record<string, AslState>;
  QueryLanguage?: string;
  [field: string]: unknown;
}

/** The resource a Task state calls, as the local cloud maps it. */
export type TaskKind =
  | { kind: 'lambda:invoke' }
  | { kind: 'lambda'; functionArn: string }
  | { kind: 'events:putEvents' }
  | { kind: 'sqs:sendMessage' }
  | { kind: 'dynamodb'; action: 'getItem' | 'putItem' | 'updateItem' | 'deleteItem' }
  | { kind: 'wait' };

/** Resource of the Task states that stand in for Wait states (see `rewriteWaits`). */
export const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::eventline-local:wait';

/** Which integration a Task's resource is, or an error naming the state. */
export function taskKind(stateName: string, resource: string): TaskKind {
  if (
    resource.endsWith('.sync') ||
    resource.includes('.sync:') ||
    resource.endsWith('.waitForTaskToken')
  ) {
    throw StepFunctionsErrors.invalidState(
      stateName,
      `the integration pattern of ${resource} (.sync / .waitForTaskToken) cannot run locally`,
    );
  }
  if (resource === LOCAL_WAIT_RESOURCE) return { kind: 'wait' };
  if (resource === 'arn:aws:states:::lambda:invoke') return { kind: 'lambda:invoke' };
  if (/^arn:aws:lambda:[^:]+:\d+:function:/.test(resource))
    return { kind: 'lambda', functionArn: resource };
  if (resource === 'arn:aws:states:::events:putEvents') return { kind: 'events:putEvents' };
  if (resource === 'arn:aws:states:::sqs:sendMessage') return { kind: 'sqs:sendMessage' };
  const dynamo = /^arn:aws:states:::dynamodb:(getItem|putItem|updateItem|deleteItem)$/.exec(
    resource,
  );
  if (dynamo) return { kind: 'dynamodb', action: dynamo[1] as 'getItem' };
  throw StepFunctionsErrors.invalidState(
    stateName,
    `resource ${resource} is not an integration the local cloud runs (lambda:invoke, events:putEvents, sqs:sendMessage, dynamodb:getItem/putItem/updateItem/deleteItem)`,
  );
}

/**
 * Checks a definition for what the local interpreter cannot run, and returns
 * every Task state (nested ones included) with its integration.
 * @throws AwsServiceError `InvalidDefinition` naming the state and the reason.
 */
export function inspectDefinition(machine: AslMachine): Map<string, TaskKind> {
  const tasks = new Map<string, TaskKind>();
  const visit = (m: AslMachine) => {
    if (m.QueryLanguage === 'JSONata')
      throw StepFunctionsErrors.invalidState(
        '(top level)',
        'JSONata is not supported locally; use JSONPath',
      );
    for (const [name, state] of Object.entries(m.States ?? {})) {
      if (state.QueryLanguage === 'JSONata')
        throw StepFunctionsErrors.invalidState(
          name,
          'JSONata is not supported locally; use JSONPath',
        );
      if (state.Type === 'Task') tasks.set(name, taskKind(name, String(state.Resource ?? '')));
      const mode = (state.ItemProcessor?.ProcessorConfig as { Mode?: string } | undefined)?.Mode;
      if (
        state.Type === 'Map' &&
        (mode === 'DISTRIBUTED' || state.ItemReader || state.ResultWriter)
      )
        throw StepFunctionsErrors.invalidState(
          name,
          'a distributed Map (ItemReader, ResultWriter, child executions) cannot run locally; use an inline Map',
        );
      for (const branch of state.Branches ?? []) visit(branch);
      if (state.Iterator) visit(state.Iterator);
      if (state.ItemProcessor) visit(state.ItemProcessor);
    }
  };
  visit(machine);
  return tasks;
}

/**
 * Replaces each Wait state with a Task state of the same name and transitions
 * whose local handler sleeps on the cloud's clock, so waits follow the clock
 * (tests advance it instead of sleeping). Returns the waits by state name.
 */
export function rewriteWaits(machine: AslMachine): Map<string, AslState> {
  const waits = new Map<string, AslState>();
  const visit = (m: AslMachine) => {
    for (const [name, state] of Object.entries(m.States ?? {})) {
      if (state.Type === 'Wait') {
        waits.set(name, { ...state });
        const { Seconds, SecondsPath, Timestamp, TimestampPath, Type, ...rest } = state;
        void Seconds;
        void SecondsPath;
        void Timestamp;
        void TimestampPath;
        void Type;
        m.States[name] = {
          ...rest,
          Type: 'Task',
          Resource: LOCAL_WAIT_RESOURCE,
          TimeoutSeconds: INTERPRETER_TASK_TIMEOUT_SECONDS,
        };
      }
      for (const branch of state.Branches ?? []) visit(branch);
      if (state.Iterator) visit(state.Iterator);
      if (state.ItemProcessor) visit(state.ItemProcessor);
    }
  };
  visit(machine);
  return waits;
}

/**
 * Timeout given to the interpreter for every Task state. It measures task
 * timeouts in real time (60 s when none is set, where AWS's default is
 * 99999999 s); the cloud measures them on its clock instead, so the
 * interpreter's own is set out of reach (below Node's 2^31-1 ms timer limit).
 */
export const INTERPRETER_TASK_TIMEOUT_SECONDS = 2_000_000;

/** How the cloud runs a Task state: its retriers and timeout, taken from the definition. */
export interface TaskPolicy {
  readonly retry: readonly Retrier[];
  readonly timeoutSeconds?: number;
  readonly timeoutSecondsPath?: string;
}

/**
 * Takes `Retry`, `TimeoutSeconds` and `TimeoutSecondsPath` out of every Task
 * state, for the cloud to apply on its clock (the interpreter waits retry
 * intervals and timeouts in real time). `Catch` stays with the interpreter.
 * Returns the policies by state name.
 */
export function rewriteTasks(machine: AslMachine): Map<string, TaskPolicy> {
  const policies = new Map<string, TaskPolicy>();
  const visit = (m: AslMachine) => {
    for (const [name, state] of Object.entries(m.States ?? {})) {
      if (state.Type === 'Task' && state.Resource !== LOCAL_WAIT_RESOURCE) {
        const {
          Retry,
          TimeoutSeconds,
          TimeoutSecondsPath,
          HeartbeatSeconds,
          HeartbeatSecondsPath,
          ...rest
        } = state;
        void HeartbeatSeconds;
        void HeartbeatSecondsPath;
        policies.set(name, {
          retry: Array.isArray(Retry) ? (Retry as Retrier[]) : [],
          ...(typeof TimeoutSeconds === 'number' ? { timeoutSeconds: TimeoutSeconds } : {}),
          ...(typeof TimeoutSecondsPath === 'string'
            ? { timeoutSecondsPath: TimeoutSecondsPath }
            : {}),
        });
        m.States[name] = { ...rest, TimeoutSeconds: INTERPRETER_TASK_TIMEOUT_SECONDS };
      }
      for (const branch of state.Branches ?? []) visit(branch);
      if (state.Iterator) visit(state.Iterator);
      if (state.ItemProcessor) visit(state.ItemProcessor);
    }
  };
  visit(machine);
  return policies;
}

/** Takes the execution's `TimeoutSeconds` out of a definition (the cloud measures it on its clock). */
export function takeExecutionTimeout(machine: AslMachine): number | undefined {
  const seconds = machine.TimeoutSeconds;
  delete machine.TimeoutSeconds;
  return typeof seconds === 'number' ? seconds : undefined;
}

/**
 * Names of the states still holding a `Retry` field once Task states are
 * rewritten (Parallel and Map): the interpreter retries them at once, since
 * its waits would be real time.
 */
export function retryingStates(machine: AslMachine): string[] {
  const names: string[] = [];
  const visit = (m: AslMachine) => {
    for (const [name, state] of Object.entries(m.States ?? {})) {
      if (Array.isArray(state.Retry) && state.Retry.length > 0) names.push(name);
      for (const branch of state.Branches ?? []) visit(branch);
      if (state.Iterator) visit(state.Iterator);
      if (state.ItemProcessor) visit(state.ItemProcessor);
    }
  };
  visit(machine);
  return names;
}

/** How long a (rewritten) Wait state waits for `input`, in milliseconds. */
export function waitMs(wait: AslState, input: unknown, now: number): number {
  if (wait.Seconds !== undefined) return Number(wait.Seconds) * 1000;
  if (wait.SecondsPath) return Number(readPath(wait.SecondsPath, input)) * 1000;
  const timestamp =
    wait.Timestamp ??
    (wait.TimestampPath ? String(readPath(wait.TimestampPath, input)) : undefined);
  return timestamp ? Math.max(0, Date.parse(timestamp) - now) : 0;
}

/** Every state of a definition by name, nested ones included. */
export function collectStates(machine: AslMachine): Map<string, AslState> {
  const states = new Map<string, AslState>();
  const visit = (m: AslMachine) => {
    for (const [name, state] of Object.entries(m.States ?? {})) {
      states.set(name, state);
      for (const branch of state.Branches ?? []) visit(branch);
      if (state.Iterator) visit(state.Iterator);
      if (state.ItemProcessor) visit(state.ItemProcessor);
    }
  };
  visit(machine);
  return states;
}
