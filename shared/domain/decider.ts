/**
 * A decider: the whole behaviour of one aggregate as three pure functions.
 * No SDK, no clock, no randomness: time and ids arrive on the command.
 */
export interface Decider<TCommand, TEvent, TState> {
  /** Turns a command into the events it causes, or throws `DomainRuleError`. */
  decide(command: TCommand, state: TState): TEvent[];
  /** Applies one event to the state. Never throws for an event `decide` can produce. */
  evolve(state: TState, event: TEvent): TState;
  /** The state of an aggregate with no events. */
  initialState(): TState;
  /**
   * Identifies this fold for snapshots (e.g. `order@1`). Raise it whenever
   * `evolve` or the state's shape changes, so old snapshots are ignored.
   */
  readonly snapshotKey: string;
}
