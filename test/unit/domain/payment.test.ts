import { describe, it } from 'vitest';
import type { PaymentEvent } from '../../../shared/domain';
import { paymentDecider } from '../../../shared/domain';
import { spec } from '../../helpers/decider-spec';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const authorized: PaymentEvent = {
  type: 'PaymentAuthorized',
  data: { paymentId: 'p-1', orderId: 'o-1', amount: eur(500) },
};
const declined: PaymentEvent = {
  type: 'PaymentDeclined',
  data: { paymentId: 'p-1', orderId: 'o-1', amount: eur(500), reason: 'card' },
};
const refunded = (amount: number): PaymentEvent => ({
  type: 'PaymentRefunded',
  data: { paymentId: 'p-1', orderId: 'o-1', amount: eur(amount) },
});
const payment = spec(paymentDecider);

describe('Decider: payment', () => {
  describe('Command: AuthorizePayment / DeclinePayment', () => {
    it('authorizes a payment', () => {
      payment
        .given([])
        .when({ type: 'AuthorizePayment', paymentId: 'p-1', orderId: 'o-1', amount: eur(500) })
        .thenEmits([authorized]);
    });

    it('declines a payment', () => {
      payment
        .given([])
        .when({
          type: 'DeclinePayment',
          paymentId: 'p-1',
          orderId: 'o-1',
          amount: eur(500),
          reason: 'card',
        })
        .thenEmits([declined]);
    });

    it('refuses to decide a payment twice', () => {
      payment
        .given([authorized])
        .when({
          type: 'DeclinePayment',
          paymentId: 'p-1',
          orderId: 'o-1',
          amount: eur(500),
          reason: 'x',
        })
        .thenThrows('payment.already_decided');
    });

    it('refuses a zero amount', () => {
      payment
        .given([])
        .when({ type: 'AuthorizePayment', paymentId: 'p-1', orderId: 'o-1', amount: eur(0) })
        .thenThrows('payment.bad_amount');
    });
  });

  describe('Command: RefundPayment', () => {
    it('refunds up to the authorized amount', () => {
      payment
        .given([authorized])
        .when({ type: 'RefundPayment', paymentId: 'p-1', amount: eur(500) })
        .thenEmits([refunded(500)]);
      payment
        .given([authorized])
        .when({ type: 'RefundPayment', paymentId: 'p-1', amount: eur(200) })
        .thenEmits([refunded(200)]);
    });

    it('refuses more than the authorized amount', () => {
      payment
        .given([authorized])
        .when({ type: 'RefundPayment', paymentId: 'p-1', amount: eur(501) })
        .thenThrows('payment.bad_refund_amount');
    });

    it('refuses a second refund', () => {
      payment
        .given([authorized, refunded(100)])
        .when({ type: 'RefundPayment', paymentId: 'p-1', amount: eur(100) })
        .thenThrows('payment.already_refunded');
    });

    it.each<[string, PaymentEvent[]]>([
      ['an unknown payment', []],
      ['a declined payment', [declined]],
    ])('refuses to refund %s', (_label, given) => {
      payment
        .given(given)
        .when({ type: 'RefundPayment', paymentId: 'p-1', amount: eur(1) })
        .thenThrows('payment.not_authorized');
    });

    it('refuses a refund in another currency', () => {
      payment
        .given([authorized])
        .when({ type: 'RefundPayment', paymentId: 'p-1', amount: { amount: 1, currency: 'USD' } })
        .thenThrows('payment.currency_mismatch');
    });
  });
});
