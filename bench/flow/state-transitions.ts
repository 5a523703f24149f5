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

/** Transitions of the executions of one kind of order. */
export interface TransitionSummary {
  executions: number;
  /** Fewest: the path without retries. */
  min: number;
  median: number;
  mean: number;
  max: number;
  /** Task retries, by the error retried. */
  retriedErrors: Record<string, number>;
  statuses: string[];
}

/** Summarizes executions' transitions per kind (`kindOf` maps an execution's name to its kind). */
export function summarizeTransitions(
  executions: readonly { name: string; status: string; events: readonly HistoryEvent[] }[],
  kindOf: (executionName: string) => string,
): { total: number; byKind: Record<string, TransitionSummary> } {
  const counts = new Map<string, number[]>();
  const byKind: Record<string, TransitionSummary> = {};
  let total = 0;
  for (const execution of executions) {
    const kind = kindOf(execution.name);
    const count = stateTransitions(execution.events).total;
    total += count;
    counts.set(kind, [...(counts.get(kind) ?? []), count]);
    const summary = byKind[kind] ?? {
      executions: 0,
      min: 0,
      median: 0,
      mean: 0,
      max: 0,
      retriedErrors: {},
      statuses: [],
    };
    byKind[kind] = summary;
    if (!summary.statuses.includes(execution.status)) summary.statuses.push(execution.status);
    for (const event of execution.events) {
      const error =
        event.taskFailedEventDetails?.error ?? event.lambdaFunctionFailedEventDetails?.error;
      if (event.type === 'TaskFailed' || event.type === 'LambdaFunctionFailed')
        summary.retriedErrors[error ?? '?'] = (summary.retriedErrors[error ?? '?'] ?? 0) + 1;
    }
  }
  for (const [kind, list] of counts) {
    const sorted = [...list].sort((a, b) => a - b);
    const summary = byKind[kind] as TransitionSummary;
    summary.executions = sorted.length;
    summary.min = sorted[0] ?? 0;
    summary.max = sorted.at(-1) ?? 0;
    summary.median = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
    summary.mean = Math.round((sorted.reduce((a, b) => a + b, 0) / sorted.length) * 100) / 100;
  }
  return { total, byKind };
}
