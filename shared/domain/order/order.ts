import { DomainRuleError } from '../../errors';
import type { DomainEvent } from '../../events/catalog';
import type { Money } from '../../events/money';
import type { OrderLine } from '../../events/orders';
import type { Decider } from '../decider';
import { assertNever } from '../exhaustive';

/** Commands an order accepts. Ids and time come from the caller, never from the domain. */
export type OrderCommand =
  | {
      readonly type: 'PlaceOrder';
      readonly orderId: string;
      readonly customerId: string;
      /** Where the customer is told about the order; optional. */
      readonly customerEmail?: string;
      readonly lines: readonly OrderLine[];
    }
  | { readonly type: 'ConfirmOrder'; readonly orderId: string }
  | { readonly type: 'CancelOrder'; readonly orderId: string; readonly reason: string };

export type OrderEvent = DomainEvent<'OrderPlaced' | 'OrderConfirmed' | 'OrderCancelled'>;

export type OrderStatus = 'none' | 'placed' | 'confirmed' | 'cancelled';

export interface OrderState {
  readonly status: OrderStatus;
  readonly orderId?: string;
  readonly customerId?: string;
  readonly customerEmail?: string;
  readonly lines: readonly OrderLine[];
  readonly total?: Money;
  readonly cancelReason?: string;
}

/**
 * The order decider.
 *
 * Rules: an order is placed once, with at least one line, positive integer
 * quantities and one currency; its total is Σ quantity × unit price. Only a
 * placed order can be confirmed. Cancelling: eventline has no shipping yet,
 * so a placed or a confirmed order can be cancelled (confirmed means stock
 * reserved and payment authorized — both are released by the saga's
 * compensation). Cancelling an already cancelled order is refused
 * (`order.already_cancelled`) rather than ignored, so a client learns that its
 * cancel did not happen now; retries of the same request are made safe by the
 * event store's idempotent appends, not by the domain.
 */
export const orderDecider: Decider<OrderCommand, OrderEvent, OrderState> = {
  // @2: the state carries customerEmail.
  snapshotKey: 'order@2',

  initialState: () => ({ status: 'none', lines: [] }),

  decide(command, state) {
    switch (command.type) {
      case 'PlaceOrder':
        return [place(command, state)];
      case 'ConfirmOrder':
        if (state.status !== 'placed') {
          throw new DomainRuleError(
            'order.not_placed',
            `order ${command.orderId} is ${state.status === 'none' ? 'unknown' : state.status}; only a placed order can be confirmed`,
          );
        }
        return [{ type: 'OrderConfirmed', data: { orderId: command.orderId } }];
      case 'CancelOrder':
        if (state.status === 'none') {
          throw new DomainRuleError('order.not_found', `order ${command.orderId} not found`);
        }
        if (state.status === 'cancelled') {
          throw new DomainRuleError(
            'order.already_cancelled',
            `order ${command.orderId} is already cancelled`,
          );
        }
        return [
          { type: 'OrderCancelled', data: { orderId: command.orderId, reason: command.reason } },
        ];
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'OrderPlaced':
        return {
          status: 'placed',
          orderId: event.data.orderId,
          customerId: event.data.customerId,
          ...(event.data.customerEmail === undefined
            ? {}
            : { customerEmail: event.data.customerEmail }),
          lines: event.data.lines,
          total: event.data.total,
        };
      case 'OrderConfirmed':
        return { ...state, status: 'confirmed' };
      case 'OrderCancelled':
        return { ...state, status: 'cancelled', cancelReason: event.data.reason };
      default:
        return assertNever(event);
    }
  },
};

function place(
  command: Extract<OrderCommand, { type: 'PlaceOrder' }>,
  state: OrderState,
): OrderEvent {
  if (state.status !== 'none') {
    throw new DomainRuleError('order.already_placed', `order ${command.orderId} already exists`);
  }
  if (command.lines.length === 0) {
    throw new DomainRuleError('order.no_lines', 'an order needs at least one line');
  }
  command.lines.forEach((line, i) => {
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
      throw new DomainRuleError(
        'order.bad_quantity',
        `line ${i} (${line.sku}): quantity must be a positive integer, got ${line.quantity}`,
      );
    }
  });
  const currency = command.lines[0]?.unitPrice.currency as string;
  const other = command.lines.find((line) => line.unitPrice.currency !== currency);
  if (other) {
    throw new DomainRuleError(
      'order.mixed_currencies',
      `all lines must be in ${currency}; ${other.sku} is in ${other.unitPrice.currency}`,
    );
  }
  const amount = command.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice.amount, 0);
  // Above 2^53 − 1 a float sum is no longer exact: the total would be wrong.
  if (!Number.isSafeInteger(amount)) {
    throw new DomainRuleError(
      'order.total_out_of_range',
      `the order total is over ${Number.MAX_SAFE_INTEGER} minor units`,
    );
  }
  return {
    type: 'OrderPlaced',
    data: {
      orderId: command.orderId,
      customerId: command.customerId,
      ...(command.customerEmail === undefined ? {} : { customerEmail: command.customerEmail }),
      lines: command.lines.map((l) => ({ ...l, unitPrice: { ...l.unitPrice } })),
      total: { amount, currency },
    },
  };
}
