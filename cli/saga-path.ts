import type { HistoryEvent } from '@aws-sdk/client-sfn';

/** One state the execution went through. */
export interface SagaStep {
  readonly state: string;
  /** `forward`, or `compensation` once a failure was caught and the saga undoes what it did. */
  readonly phase: 'forward' | 'compensation';
  readonly entered: string;
  readonly exited?: string;
  /** Task attempts made (retries = attempts − 1). */
  readonly attempts: number;
  /** The last error of the state, when it had one. */
  readonly error?: string;
  readonly cause?: string;
}

/** The execution's outcome, from its history. */
export interface SagaPath {
  readonly steps: readonly SagaStep[];
  readonly error?: string;
  readonly cause?: string;
  readonly compensated: boolean;
}

const ERROR_TYPES = new Set([
  'TaskFailed',
  'TaskTimedOut',
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
  'ExecutionFailed',
]);

/**
 * Reads the path of an execution out of its history events (in order):
 * each state entered, its attempts (TaskScheduled per entry) and error; the
 * states entered after a failed state, other than its retries (a caught
 * failure), are the
 * compensation.
 */
export function sagaPath(events: readonly HistoryEvent[]): SagaPath {
  const steps: SagaStep[] = [];
  const open = new Map<string, { index: number; map: boolean }>();
  let current: string | undefined;
  let compensating = false;
  // The state whose last attempt failed and that has not succeeded since.
  let failing: string | undefined;
  let error: { error?: string; cause?: string } = {};
  for (const event of events) {
    const type = event.type ?? '';
    const time = event.timestamp?.toISOString() ?? '';
    if (type.endsWith('StateEntered')) {
      const name = event.stateEnteredEventDetails?.name ?? '?';
      // Entering another state after a failure means the failure was caught: the saga compensates.
      if (failing !== undefined && failing !== name) compensating = true;
      failing = undefined;
      const step: SagaStep = {
        state: name,
        phase: compensating ? 'compensation' : 'forward',
        entered: time,
        attempts: 0,
      };
      open.set(name, { index: steps.push(step) - 1, map: type === 'MapStateEntered' });
      current = name;
    } else if (type.endsWith('StateExited')) {
      const name = event.stateExitedEventDetails?.name ?? '?';
      const found = open.get(name);
      if (found) steps[found.index] = { ...(steps[found.index] as SagaStep), exited: time };
      open.delete(name);
    } else if (type === 'TaskScheduled' || type === 'LambdaFunctionScheduled') {
      bump(current, (s) => ({ ...s, attempts: s.attempts + 1 }));
    } else if (type.endsWith('Succeeded') && type !== 'MapIterationSucceeded') {
      failing = undefined;
    } else if (type === 'MapStateFailed') {
      const map = [...open.entries()].reverse().find(([, o]) => o.map)?.[0];
      bump(map, (s) => ({ ...s, error: s.error ?? 'MapStateFailed' }));
      failing = map;
    } else if (ERROR_TYPES.has(type)) {
      const details = failureDetails(event);
      if (type === 'ExecutionFailed') error = details;
      else {
        bump(current, (s) => ({ ...s, ...details }));
        failing = current;
      }
    }
  }
  return { steps, ...error, compensated: steps.some((s) => s.phase === 'compensation') };

  function bump(name: string | undefined, change: (s: SagaStep) => SagaStep): void {
    const found = name ? open.get(name) : undefined;
    if (!found) return;
    steps[found.index] = change(steps[found.index] as SagaStep);
  }
}

function failureDetails(event: HistoryEvent): { error?: string; cause?: string } {
  const d =
    event.taskFailedEventDetails ??
    event.taskTimedOutEventDetails ??
    event.lambdaFunctionFailedEventDetails ??
    event.lambdaFunctionTimedOutEventDetails ??
    event.executionFailedEventDetails;
  return {
    ...(d?.error ? { error: d.error } : { error: event.type }),
    ...(d?.cause ? { cause: d.cause.slice(0, 300) } : {}),
  };
}
