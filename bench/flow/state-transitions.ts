import type { HistoryEvent } from '@aws-sdk/client-sfn';

/**
 * State transitions of one Standard workflow execution, counted from its
 * history as AWS bills them. The pricing page: "Step Functions counts a state
 * transition each time a step of your workflow is executed. You are charged
 * for the total number of state transitions across all your state machines,
 * including retries", and "each retry will be charged as an additional state
 * transition". So: one per state entered (every `…StateEntered` event — a
 * Map state, each state inside each iteration, Pass, Succeed and Fail
 * states alike), plus one per retry of a Task (each `TaskScheduled` after the
 * first of a state entry).
 */
export function stateTransitions(events: readonly HistoryEvent[]): {
  entered: number;
  retries: number;
  total: number;
} {
  let entered = 0;
  let taskEntered = 0;
  let scheduled = 0;
  for (const event of events) {
    const type = event.type ?? '';
    if (type.endsWith('StateEntered')) entered += 1;
    if (type === 'TaskStateEntered') taskEntered += 1;
    if (type === 'TaskScheduled' || type === 'LambdaFunctionScheduled') scheduled += 1;
  }
  const retries = Math.max(0, scheduled - taskEntered);
  return { entered, retries, total: entered + retries };
}

/**
 * Retries of a task whose function was throttled (`Lambda.TooManyRequestsException`).
 * AWS throttles a function without reserved concurrency only past the
 * account's concurrency (1,000 by default), far above the bench's load; the
 * local cloud did at 10 before it queued invocations beyond its execution
 * environments. Left out of the priced figure either way.
 */
export const LOCAL_THROTTLE = 'Lambda.TooManyRequestsException';

/** Transitions of the executions of one kind of order. */
export interface TransitionSummary {
  executions: number;
  /** Fewest: the path without retries. */
  min: number;
  median: number;
  mean: number;
  max: number;
  /** Executions the local cloud never throttled, and their median. */
  unthrottled: { executions: number; median: number };
  /** Task failures, by error (each followed by a retry, or by the Catch when the retries ran out). */
  failedTasks: Record<string, number>;
  statuses: Record<string, number>;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? 0;
};

/**
 * Summarizes executions' transitions per kind (`kindOf` maps an execution's
 * name to its kind). `total` counts every transition; `withoutLocalThrottles`
 * leaves out the retries of tasks the local cloud throttled (see
 * {@link LOCAL_THROTTLE}).
 */
export function summarizeTransitions(
  executions: readonly { name: string; status: string; events: readonly HistoryEvent[] }[],
  kindOf: (executionName: string) => string,
): { total: number; withoutLocalThrottles: number; byKind: Record<string, TransitionSummary> } {
  const counts = new Map<string, { all: number[]; unthrottled: number[] }>();
  const byKind: Record<string, TransitionSummary> = {};
  let total = 0;
  let throttles = 0;
  for (const execution of executions) {
    const kind = kindOf(execution.name);
    const count = stateTransitions(execution.events).total;
    total += count;
    const summary = byKind[kind] ?? {
      executions: 0,
      min: 0,
      median: 0,
      mean: 0,
      max: 0,
      unthrottled: { executions: 0, median: 0 },
      failedTasks: {},
      statuses: {},
    };
    byKind[kind] = summary;
    summary.statuses[execution.status] = (summary.statuses[execution.status] ?? 0) + 1;
    let throttled = 0;
    for (const event of execution.events) {
      if (event.type !== 'TaskFailed' && event.type !== 'LambdaFunctionFailed') continue;
      const error =
        event.taskFailedEventDetails?.error ?? event.lambdaFunctionFailedEventDetails?.error ?? '?';
      summary.failedTasks[error] = (summary.failedTasks[error] ?? 0) + 1;
      if (error === LOCAL_THROTTLE) throttled += 1;
    }
    throttles += throttled;
    const list = counts.get(kind) ?? { all: [], unthrottled: [] };
    list.all.push(count);
    if (throttled === 0) list.unthrottled.push(count);
    counts.set(kind, list);
  }
  for (const [kind, { all, unthrottled }] of counts) {
    const summary = byKind[kind] as TransitionSummary;
    summary.executions = all.length;
    summary.min = Math.min(...all);
    summary.max = Math.max(...all);
    summary.median = median(all);
    summary.mean = Math.round((all.reduce((a, b) => a + b, 0) / all.length) * 100) / 100;
    summary.unthrottled = { executions: unthrottled.length, median: median(unthrottled) };
  }
  return { total, withoutLocalThrottles: total - throttles, byKind };
}
