import type { Decider } from '../../shared/domain/decider';
import { assertNever } from '../../shared/domain/exhaustive';
import { DomainRuleError } from '../../shared/errors';
import type { DomainEvent } from '../../shared/events/catalog';

/**
 * Commands of a test counter. `Increment` adds `by` under a `tag` (the tag
 * shows which command an event came from); `Touch` decides nothing.
 */
export type CounterCommand =
  | { readonly type: 'Increment'; readonly by: number; readonly tag: string }
  | { readonly type: 'Touch' };

/** The counter's increments are catalog `StockAdded` events (`sku` = tag), so catalog validation applies. */
export type CounterEvent = DomainEvent<'StockAdded'>;

export interface CounterState {
  readonly total: number;
  /** Tags of the increments applied, in order: shows each command applied once. */
  readonly tags: readonly string[];
}

/** A decider for store and command-handler tests, independent of the real domain. */
export const counterDecider: Decider<CounterCommand, CounterEvent, CounterState> = {
  snapshotKey: 'counter@1',
  initialState: () => ({ total: 0, tags: [] }),
  decide(command) {
    switch (command.type) {
      case 'Touch':
        return [];
      case 'Increment':
        if (command.by <= 0) {
          throw new DomainRuleError(
            'counter.not_positive',
            `increment must be positive, got ${command.by}`,
          );
        }
        // `by` is not checked for being an integer here: the catalog schema does that.
        return [{ type: 'StockAdded', data: { sku: command.tag, quantity: command.by } }];
      default:
        return assertNever(command);
    }
  },
  evolve(state, event) {
    return { total: state.total + event.data.quantity, tags: [...state.tags, event.data.sku] };
  },
};
