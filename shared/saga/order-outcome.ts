import { loadAggregate } from '../command/load-aggregate';
import { inventoryDecider } from '../domain/inventory/inventory';
import type { OrderState } from '../domain/order/order';
import { paymentDecider } from '../domain/payment/payment';
import { StreamIds } from '../domain/stream-ids';
import type { EventStore } from '../event-store/types';
import type { Money } from '../events/money';
import { paymentIdFor } from './deterministic-ids';

/** Where an order's saga left its stock and payment, read from their own streams. */
export interface OrderOutcome {
  readonly reservation: {
    /** `reserved`: every SKU holds stock for the order; `partial`: some do; `none`: none do. */
    readonly status: 'reserved' | 'partial' | 'none';
    /** Quantity held for the order, per SKU (0 when none, or released). */
    readonly lines: Readonly<Record<string, number>>;
  };
  readonly payment: {
    readonly paymentId: string;
    readonly status: 'none' | 'authorized' | 'declined' | 'refunded';
    readonly authorized?: Money;
    readonly refunded?: Money;
  };
}

/**
 * Reads the outcome of an order's saga, strongly consistent: the payment's
 * stream (its id derives from the order id) and each line's inventory stream
 * (one snapshot read per SKU).
 */
export async function loadOrderOutcome(
  store: EventStore,
  orderId: string,
  order: OrderState,
): Promise<OrderOutcome> {
  const paymentId = paymentIdFor(orderId);
  const skus = [...new Set(order.lines.map((l) => l.sku))];
  const [payment, ...stock] = await Promise.all([
    loadAggregate(store, paymentDecider, StreamIds.payment(paymentId)),
    ...skus.map((sku) => loadAggregate(store, inventoryDecider, StreamIds.inventory(sku))),
  ]);
  const lines: Record<string, number> = {};
  skus.forEach((sku, i) => {
    lines[sku] = stock[i]?.state.reservations[orderId] ?? 0;
  });
  const held = Object.values(lines).filter((q) => q > 0).length;
  const p = payment?.state;
  return {
    reservation: {
      status: held === 0 ? 'none' : held === skus.length ? 'reserved' : 'partial',
      lines,
    },
    payment: {
      paymentId,
      status: p?.status ?? 'none',
      ...(p?.authorized ? { authorized: p.authorized } : {}),
      ...(p?.refunded ? { refunded: p.refunded } : {}),
    },
  };
}
