import { DomainRuleError } from '../../errors';
import type { DomainEvent } from '../../events/catalog';
import type { Money } from '../../events/money';
import type { Decider } from '../decider';
import { assertNever } from '../exhaustive';

/** Commands a payment (one stream per payment) accepts. */
export type PaymentCommand =
  | {
      readonly type: 'AuthorizePayment';
      readonly paymentId: string;
      readonly orderId: string;
      readonly amount: Money;
    }
  | {
      readonly type: 'DeclinePayment';
      readonly paymentId: string;
      readonly orderId: string;
      readonly amount: Money;
      readonly reason: string;
    }
  | { readonly type: 'RefundPayment'; readonly paymentId: string; readonly amount: Money };

export type PaymentEvent = DomainEvent<'PaymentAuthorized' | 'PaymentDeclined' | 'PaymentRefunded'>;

export interface PaymentState {
  readonly status: 'none' | 'authorized' | 'declined' | 'refunded';
  readonly orderId?: string;
  readonly authorized?: Money;
  readonly refunded?: Money;
}

/**
 * The payment decider.
 *
 * Rules: a payment is decided once — authorized or declined — for a positive
 * amount. Only an authorized payment can be refunded, at most once, for at
 * most the authorized amount, in the same currency.
 */
export const paymentDecider: Decider<PaymentCommand, PaymentEvent, PaymentState> = {
  snapshotKey: 'payment@1',

  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    switch (command.type) {
      case 'AuthorizePayment':
      case 'DeclinePayment': {
        if (state.status !== 'none') {
          throw new DomainRuleError(
            'payment.already_decided',
            `payment ${command.paymentId} is already ${state.status}`,
          );
        }
        if (command.amount.amount <= 0) {
          throw new DomainRuleError('payment.bad_amount', 'a payment amount must be positive');
        }
        const base = {
          paymentId: command.paymentId,
          orderId: command.orderId,
          amount: command.amount,
        };
        return command.type === 'AuthorizePayment'
          ? [{ type: 'PaymentAuthorized', data: base }]
          : [{ type: 'PaymentDeclined', data: { ...base, reason: command.reason } }];
      }
      case 'RefundPayment':
        return [refund(command, state)];
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PaymentAuthorized':
        return { status: 'authorized', orderId: event.data.orderId, authorized: event.data.amount };
      case 'PaymentDeclined':
        return { status: 'declined', orderId: event.data.orderId };
      case 'PaymentRefunded':
        return { ...state, status: 'refunded', refunded: event.data.amount };
      default:
        return assertNever(event);
    }
  },
};

function refund(
  command: Extract<PaymentCommand, { type: 'RefundPayment' }>,
  state: PaymentState,
): PaymentEvent {
  if (state.status === 'refunded') {
    throw new DomainRuleError(
      'payment.already_refunded',
      `payment ${command.paymentId} is already refunded`,
    );
  }
  if (state.status !== 'authorized' || !state.authorized || !state.orderId) {
    throw new DomainRuleError(
      'payment.not_authorized',
      `payment ${command.paymentId} is ${state.status === 'none' ? 'unknown' : state.status}; only an authorized payment can be refunded`,
    );
  }
  if (command.amount.currency !== state.authorized.currency) {
    throw new DomainRuleError(
      'payment.currency_mismatch',
      `refund is in ${command.amount.currency}, the payment in ${state.authorized.currency}`,
    );
  }
  if (command.amount.amount <= 0 || command.amount.amount > state.authorized.amount) {
    throw new DomainRuleError(
      'payment.bad_refund_amount',
      `refund must be between 1 and the authorized ${state.authorized.amount}, got ${command.amount.amount}`,
    );
  }
  return {
    type: 'PaymentRefunded',
    data: { paymentId: command.paymentId, orderId: state.orderId, amount: command.amount },
  };
}
