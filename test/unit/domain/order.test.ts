import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../../shared/domain';
import { orderDecider } from '../../../shared/domain';
import { spec } from '../../helpers/decider-spec';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const line = (sku: string, quantity: number, price: number) => ({
  sku,
  quantity,
  unitPrice: eur(price),
});
const placed: OrderEvent = {
  type: 'OrderPlaced',
  data: { orderId: 'o-1', customerId: 'c-1', lines: [line('A', 2, 250)], total: eur(500) },
};
const confirmed: OrderEvent = { type: 'OrderConfirmed', data: { orderId: 'o-1' } };
const cancelled: OrderEvent = { type: 'OrderCancelled', data: { orderId: 'o-1', reason: 'late' } };
const order = spec(orderDecider);

describe('Decider: order', () => {
  describe('Command: PlaceOrder', () => {
    it('places an order with its total computed from the lines', () => {
      order
        .given([])
        .when({
          type: 'PlaceOrder',
          orderId: 'o-1',
          customerId: 'c-1',
          lines: [line('A', 2, 250), line('B', 1, 99)],
        })
        .thenEmits([
          {
            type: 'OrderPlaced',
            data: {
              orderId: 'o-1',
              customerId: 'c-1',
              lines: [line('A', 2, 250), line('B', 1, 99)],
              total: eur(599),
            },
          },
        ]);
    });

    it('carries the customer email onto OrderPlaced and into the state', () => {
      // Prepare
      const command = {
        type: 'PlaceOrder' as const,
        orderId: 'o-1',
        customerId: 'c-1',
        customerEmail: 'zoe@example.com',
        lines: [line('A', 1, 10)],
      };

      // Act
      const events = orderDecider.decide(command, orderDecider.initialState());
      const state = events.reduce(orderDecider.evolve, orderDecider.initialState());

      // Assess
      expect(events).toEqual([
        {
          type: 'OrderPlaced',
          data: {
            orderId: 'o-1',
            customerId: 'c-1',
            customerEmail: 'zoe@example.com',
            lines: [line('A', 1, 10)],
            total: eur(10),
          },
        },
      ]);
      expect(state.customerEmail).toBe('zoe@example.com');
    });

    it('refuses a total beyond 2^53 − 1 minor units, where sums stop being exact', () => {
      order
        .given([])
        .when({
          type: 'PlaceOrder',
          orderId: 'o-1',
          customerId: 'c',
          // 2^52 + 2^52 = 2^53
          lines: [line('A', 1, 2 ** 52), line('B', 1, 2 ** 52)],
        })
        .thenThrows('order.total_out_of_range');
    });

    it('refuses an order without lines', () => {
      order
        .given([])
        .when({ type: 'PlaceOrder', orderId: 'o-1', customerId: 'c', lines: [] })
        .thenThrows('order.no_lines');
    });

    it.each([0, -1, 1.5])('refuses quantity %s', (quantity) => {
      order
        .given([])
        .when({
          type: 'PlaceOrder',
          orderId: 'o-1',
          customerId: 'c',
          lines: [line('A', quantity, 1)],
        })
        .thenThrows('order.bad_quantity');
    });

    it('refuses lines in different currencies', () => {
      order
        .given([])
        .when({
          type: 'PlaceOrder',
          orderId: 'o-1',
          customerId: 'c',
          lines: [
            line('A', 1, 1),
            { sku: 'B', quantity: 1, unitPrice: { amount: 1, currency: 'USD' } },
          ],
        })
        .thenThrows('order.mixed_currencies');
    });

    it('refuses to place an order twice', () => {
      order
        .given([placed])
        .when({ type: 'PlaceOrder', orderId: 'o-1', customerId: 'c-1', lines: [line('A', 1, 1)] })
        .thenThrows('order.already_placed');
    });
  });

  describe('Command: ConfirmOrder', () => {
    it('confirms a placed order', () => {
      order.given([placed]).when({ type: 'ConfirmOrder', orderId: 'o-1' }).thenEmits([confirmed]);
    });

    it.each<[string, OrderEvent[]]>([
      ['an unknown order', []],
      ['a confirmed order', [placed, confirmed]],
      ['a cancelled order', [placed, cancelled]],
    ])('refuses to confirm %s', (_label, given) => {
      order
        .given(given)
        .when({ type: 'ConfirmOrder', orderId: 'o-1' })
        .thenThrows('order.not_placed');
    });
  });

  describe('Command: CancelOrder', () => {
    it.each<[string, OrderEvent[]]>([
      ['a placed order', [placed]],
      ['a confirmed order', [placed, confirmed]],
    ])('cancels %s', (_label, given) => {
      order
        .given(given)
        .when({ type: 'CancelOrder', orderId: 'o-1', reason: 'late' })
        .thenEmits([cancelled]);
    });

    it('refuses to cancel an unknown order', () => {
      order
        .given([])
        .when({ type: 'CancelOrder', orderId: 'o-1', reason: 'x' })
        .thenThrows('order.not_found');
    });

    it('refuses to cancel a cancelled order', () => {
      order
        .given([placed, cancelled])
        .when({ type: 'CancelOrder', orderId: 'o-1', reason: 'again' })
        .thenThrows('order.already_cancelled');
    });
  });

  describe('Method: evolve', () => {
    it('folds the lifecycle into the state', () => {
      expect(order.given([placed, confirmed, cancelled]).state()).toMatchObject({
        status: 'cancelled',
        orderId: 'o-1',
        total: eur(500),
        cancelReason: 'late',
      });
    });
  });
});
