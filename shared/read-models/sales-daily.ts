import type { OrderState } from '../domain/order/order';
import type { ProjectedEvent } from './projected-event';

/** The `SalesDaily` read model: one UTC day in one currency. */
export interface SalesDay {
  /** `YYYY-MM-DD`, UTC, of the events counted. */
  readonly day: string;
  readonly currency: string;
  readonly placed: number;
  readonly confirmed: number;
  readonly cancelled: number;
  /** Σ totals of the orders confirmed that day (minor units). */
  readonly confirmedRevenue: number;
  /** Σ totals of confirmed orders cancelled that day (minor units): revenue given back. */
  readonly cancelledRevenue: number;
  readonly updatedAt: string;
}

/** What one event adds to one day's counters (the day's fields but its time). */
export type SalesDelta = Omit<SalesDay, 'updatedAt'>;

/** True for the events `SalesDaily` counts. */
export function countsInSales(event: ProjectedEvent): boolean {
  return (
    event.type === 'OrderPlaced' ||
    event.type === 'OrderConfirmed' ||
    event.type === 'OrderCancelled'
  );
}

/**
 * What an order event adds to its day, given the order's state just before
 * it (folded from the store: `OrderConfirmed` and `OrderCancelled` do not
 * carry the total). Undefined when it counts nothing (an order with no total).
 */
export function salesDelta(event: ProjectedEvent, before: OrderState): SalesDelta | undefined {
  const day = event.occurredAt.slice(0, 10);
  const zero = { placed: 0, confirmed: 0, cancelled: 0, confirmedRevenue: 0, cancelledRevenue: 0 };
  switch (event.type) {
    case 'OrderPlaced':
      return { day, currency: event.data.total.currency, ...zero, placed: 1 };
    case 'OrderConfirmed':
      if (!before.total) return undefined;
      return {
        day,
        currency: before.total.currency,
        ...zero,
        confirmed: 1,
        confirmedRevenue: before.total.amount,
      };
    case 'OrderCancelled':
      if (!before.total) return undefined;
      return {
        day,
        currency: before.total.currency,
        ...zero,
        cancelled: 1,
        cancelledRevenue: before.status === 'confirmed' ? before.total.amount : 0,
      };
    default:
      return undefined;
  }
}
