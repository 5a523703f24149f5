import type { Decider } from '../../shared/domain/decider';
import { DomainRuleError } from '../../shared/errors';
import type { DomainEvent } from '../../shared/events/catalog';

/** A test decider: a counter whose increments are `StockAdded` catalog events. */
export type CounterCommand = {
  readonly type: 'Increment';
  readonly by: number;
  readonly tag: string;
};
export type CounterEvent = DomainEvent<'StockAdded'>;
export interface CounterState {
  readonly total: number;
  /** Tags of the increments applied, in order: shows each command applied once. */
  readonly tags: readonly string[];
}

export const counterDecider: Decider<CounterCommand, CounterEvent, CounterState> = {
  snapshotKey: 'counter@1',
  initialState: () => ({ total: 0, tags: [] }),
  decide(command) {
    if (command.by <= 0)
      throw new DomainRuleError('counter.not_positive', 'increment must be positive');
    return [{ type: 'StockAdded', data: { sku: command.tag, quantity: command.by } }];
  },
  evolve(state, event) {
    return { total: state.total + event.data.quantity, tags: [...state.tags, event.data.sku] };
  },
};
