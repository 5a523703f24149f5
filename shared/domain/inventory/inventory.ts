import { DomainRuleError } from '../../errors';
import type { DomainEvent } from '../../events/catalog';
import type { Decider } from '../decider';
import { assertNever } from '../exhaustive';

/** Commands an inventory item (one stream per SKU) accepts. */
export type InventoryCommand =
  | { readonly type: 'AddStock'; readonly sku: string; readonly quantity: number }
  | {
      readonly type: 'ReserveStock';
      readonly sku: string;
      readonly orderId: string;
      readonly quantity: number;
    }
  | { readonly type: 'ReleaseStock'; readonly sku: string; readonly orderId: string };

export type InventoryEvent = DomainEvent<
  'StockAdded' | 'StockReserved' | 'StockReservationRejected' | 'StockReleased'
>;

export interface InventoryState {
  readonly sku?: string;
  /** Everything ever added. */
  readonly added: number;
  /** Reserved quantity per order id. */
  readonly reservations: Readonly<Record<string, number>>;
  /** added − Σ reservations: what can still be reserved. */
  readonly available: number;
}

/**
 * The inventory-item decider.
 *
 * Rules: stock is added in positive integer quantities. A reservation takes
 * stock only if enough is available; otherwise the outcome is a
 * `StockReservationRejected` event (a fact the saga reacts to), not an error.
 * Reserving again for the same order changes nothing (no event). Releasing an
 * order's reservation returns exactly what it reserved; releasing when the
 * order holds nothing is a no-op, so release is idempotent and available stock
 * never exceeds what was added.
 */
export const inventoryDecider: Decider<InventoryCommand, InventoryEvent, InventoryState> = {
  snapshotKey: 'inventory@1',

  initialState: () => ({ added: 0, reservations: {}, available: 0 }),

  decide(command, state) {
    switch (command.type) {
      case 'AddStock':
        positive('inventory.bad_quantity', command.quantity);
        return [{ type: 'StockAdded', data: { sku: command.sku, quantity: command.quantity } }];
      case 'ReserveStock': {
        positive('inventory.bad_quantity', command.quantity);
        if (state.reservations[command.orderId] !== undefined) return [];
        if (command.quantity > state.available) {
          return [
            {
              type: 'StockReservationRejected',
              data: {
                sku: command.sku,
                orderId: command.orderId,
                requested: command.quantity,
                available: state.available,
              },
            },
          ];
        }
        return [
          {
            type: 'StockReserved',
            data: { sku: command.sku, orderId: command.orderId, quantity: command.quantity },
          },
        ];
      }
      case 'ReleaseStock': {
        const reserved = state.reservations[command.orderId];
        if (reserved === undefined) return [];
        return [
          {
            type: 'StockReleased',
            data: { sku: command.sku, orderId: command.orderId, quantity: reserved },
          },
        ];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'StockAdded':
        return {
          ...state,
          sku: event.data.sku,
          added: state.added + event.data.quantity,
          available: state.available + event.data.quantity,
        };
      case 'StockReserved':
        return {
          ...state,
          reservations: { ...state.reservations, [event.data.orderId]: event.data.quantity },
          available: state.available - event.data.quantity,
        };
      case 'StockReservationRejected':
        return state;
      case 'StockReleased': {
        const { [event.data.orderId]: released = 0, ...rest } = state.reservations;
        return { ...state, reservations: rest, available: state.available + released };
      }
      default:
        return assertNever(event);
    }
  },
};

function positive(code: string, quantity: number): void {
  if (!Number.isInteger(quantity) || quantity <= 0) {
    throw new DomainRuleError(code, `quantity must be a positive integer, got ${quantity}`);
  }
}
