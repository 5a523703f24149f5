import { readPath } from './json-path';

/**
 * One event of an execution's history, in the shape `GetExecutionHistory`
 * answers (`id`, `previousEventId`, `timestamp`, `type` and the details
 * object of that type, e.g. `taskFailedEventDetails`).
 */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  /** Seconds since the epoch (the JSON protocol's timestamp form). */
  readonly timestamp: number;
  readonly type: string;
  readonly [details: string]: unknown;
}

/** An event before the history numbers and dates it. */
export type HistoryEventBody = { readonly type: string } & Record<string, unknown>;

/** An entry of the interpreter's event log (its types are not exported). */
export interface InterpreterLog {
  readonly type: string;
  readonly state?: { name: string; type: string; input?: unknown; output?: unknown };
  readonly parentState?: { name: string; type: string; input?: unknown };
  readonly index?: number;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly Error?: string;
  readonly Cause?: unknown;
}

/** A state definition (the history reads a Map's `InputPath` and `ItemsPath`). */
type StateShape = Readonly<Record<string, unknown>>;

const json = (value: unknown) => JSON.stringify(value ?? null);
const text = (value: unknown) => (typeof value === 'string' ? value : json(value));

/**
 * Turns the interpreter's event log into Step Functions history events:
 * `<Type>StateEntered/Exited` (rewritten Waits as `Wait…`), `MapStateStarted`
 * (with the item count) / `MapIterationStarted|Succeeded|Failed` /
 * `MapStateSucceeded|Failed`, `ParallelStateStarted|Succeeded|Failed`, and
 * the execution's `Started/Succeeded/Failed`. Task events (`TaskScheduled`,
 * `LambdaFunctionFailed`, ...) come from the cloud's task runner instead, and
 * the interpreter's retry/catch markers have no AWS counterpart.
 */
export class HistoryMapper {
  readonly #waits: ReadonlySet<string>;
  readonly #states: ReadonlyMap<string, StateShape>;
  readonly #roleArn: string;
  /** Map and Parallel states (by name and iteration) that failed: their exit is not a success. */
  readonly #failed = new Set<string>();

  constructor(props: {
    waits: ReadonlySet<string>;
    states: ReadonlyMap<string, StateShape>;
    roleArn: string;
  }) {
    this.#waits = props.waits;
    this.#states = props.states;
    this.#roleArn = props.roleArn;
  }

  map(log: InterpreterLog): HistoryEventBody[] {
    const state = log.state;
    const type =
      state && state.type === 'Task' && this.#waits.has(state.name) ? 'Wait' : state?.type;
    const key = `${state?.name}#${log.index ?? ''}`;
    switch (log.type) {
      case 'ExecutionStarted':
        return [
          {
            type: 'ExecutionStarted',
            executionStartedEventDetails: {
              input: json(log.input),
              inputDetails: { truncated: false },
              roleArn: this.#roleArn,
            },
          },
        ];
      case 'ExecutionSucceeded':
        return [
          {
            type: 'ExecutionSucceeded',
            executionSucceededEventDetails: {
              output: json(log.output),
              outputDetails: { truncated: false },
            },
          },
        ];
      case 'ExecutionFailed':
        return [
          {
            type: 'ExecutionFailed',
            executionFailedEventDetails: { error: log.Error, cause: text(log.Cause) },
          },
        ];
      case 'StateEntered': {
        this.#failed.delete(key);
        const entered: HistoryEventBody = {
          type: `${type}StateEntered`,
          stateEnteredEventDetails: { name: state?.name, input: json(state?.input) },
        };
        if (type === 'Map') {
          const length = this.#mapLength(state?.name ?? '', state?.input);
          return [
            entered,
            {
              type: 'MapStateStarted',
              mapStateStartedEventDetails: length === undefined ? {} : { length },
            },
          ];
        }
        if (type === 'Parallel') return [entered, { type: 'ParallelStateStarted' }];
        return [entered];
      }
      case 'StateExited': {
        const exited: HistoryEventBody = {
          type: `${type}StateExited`,
          stateExitedEventDetails: { name: state?.name, output: json(state?.output) },
        };
        if ((type === 'Map' || type === 'Parallel') && !this.#failed.has(key))
          return [{ type: `${type}StateSucceeded` }, exited];
        return [exited];
      }
      case 'StateFailed':
        if (type === 'Map' || type === 'Parallel') {
          this.#failed.add(key);
          return [{ type: `${type}StateFailed` }];
        }
        return [];
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const detailsKey = `${log.type[0]?.toLowerCase()}${log.type.slice(1)}EventDetails`;
        return [
          { type: log.type, [detailsKey]: { name: log.parentState?.name, index: log.index } },
        ];
      }
      default:
        // StateRetried, StateCaught, ParallelBranch*: no AWS history event of their own.
        return [];
    }
  }

  #mapLength(name: string, input: unknown): number | undefined {
    const shape = this.#states.get(name) ?? {};
    const effective =
      shape.InputPath === null
        ? {}
        : typeof shape.InputPath === 'string'
          ? readPath(shape.InputPath, input)
          : input;
    const items =
      typeof shape.ItemsPath === 'string' ? readPath(shape.ItemsPath, effective) : effective;
    return Array.isArray(items) ? items.length : undefined;
  }
}
