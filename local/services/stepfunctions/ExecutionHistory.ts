import type { Clock } from '../../core/clock';
import type { CloudLogger } from '../../core/service';
import type { HistoryEvent, HistoryEventBody } from './history-events';
import type { Execution, ExecutionEvent, ExecutionEventListener } from './types';

/** What a listener learns beside the history event. */
export type EventNote = Pick<ExecutionEvent, 'retryInMs' | 'stateName'>;

/**
 * The histories of the executions: each event numbered and stamped on the
 * cloud's clock as AWS does (`id`, `previousEventId`, `timestamp`), then
 * reported to the listeners (`StepFunctionsService.onExecutionEvent`).
 */
export class ExecutionHistory {
  readonly #clock: Clock;
  readonly #logger: CloudLogger;
  readonly #listeners = new Set<ExecutionEventListener>();

  constructor(clock: Clock, logger: CloudLogger) {
    this.#clock = clock;
    this.#logger = logger;
  }

  /** @returns a function that removes the listener */
  onEvent(listener: ExecutionEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Appends one event to an execution's history and reports it; a failing listener is logged. */
  record(execution: Execution, body: HistoryEventBody, note: EventNote = {}): void {
    const id = execution.history.length + 1;
    const event = {
      ...body,
      id,
      previousEventId: id - 1,
      timestamp: this.#clock.now() / 1000,
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
        this.#logger.error('execution event listener failed', { error: String(error) });
      }
    }
  }
}
