import type { Money } from '../events/money';
import type { OrderLine } from '../events/orders';
import type { ProjectedEvent } from './projected-event';
import { later } from './time';

/** Where an order's stock stands, over all its lines. */
export type ReservationStatus = 'none' | 'partial' | 'reserved' | 'rejected' | 'released';
/** Where an order's payment stands. */
export type PaymentStatus = 'none' | 'authorized' | 'declined' | 'refunded';

/** The `OrderSummary` read model: one order, as the customer and support see it. */
export interface OrderSummary {
  readonly orderId: string;
  readonly status: 'unknown' | 'placed' | 'confirmed' | 'cancelled';
  readonly customerId?: string;
  readonly customerEmail?: string;
  readonly lines: readonly OrderLine[];
  readonly total?: Money;
  readonly cancelReason?: string;
  readonly reservation: {
    readonly status: ReservationStatus;
    /** Per SKU: what the inventory did for this order. */
    readonly lines: Readonly<
      Record<
        string,
        { readonly status: 'reserved' | 'rejected' | 'released'; readonly quantity: number }
      >
    >;
  };
  readonly payment: {
    readonly status: PaymentStatus;
    readonly paymentId?: string;
    readonly amount?: Money;
    readonly refunded?: Money;
    readonly declineReason?: string;
  };
  readonly placedAt?: string;
  /** Time of the newest event applied (event time, so a rebuild writes the same value). */
  readonly updatedAt: string;
  /** The last version applied of every stream that contributed. */
  readonly streams: Readonly<Record<string, number>>;
}

/**
 * How an event's stream is followed by the summary of its order:
 * - `strict`: the stream is the order's own (`order-…`) or its payment's
 *   (`payment-…`, one payment per order), so every version matters; an event
 *   applies only as the next version, and a gap is filled from the store;
 * - `latest`: an inventory stream (`inventory-<sku>`) interleaves every
 *   order's reservations, so versions of other orders are not gaps; the
 *   summary keeps the newest version it applied and skips anything older
 *   (each reservation event fully states that line's status).
 */
export type StreamMode = 'strict' | 'latest';

/** The order an event is about and how its stream is followed, or undefined when the summary ignores it. */
export function summaryContribution(
  event: ProjectedEvent,
): { readonly orderId: string; readonly mode: StreamMode } | undefined {
  switch (event.type) {
    case 'OrderPlaced':
    case 'OrderConfirmed':
    case 'OrderCancelled':
    case 'PaymentAuthorized':
    case 'PaymentDeclined':
    case 'PaymentRefunded':
      return { orderId: event.data.orderId, mode: 'strict' };
    case 'StockReserved':
    case 'StockReservationRejected':
    case 'StockReleased':
      return { orderId: event.data.orderId, mode: 'latest' };
    case 'StockAdded':
      return undefined;
  }
}

/** An order the summary has seen nothing of yet. */
export function emptySummary(orderId: string): OrderSummary {
  return {
    orderId,
    status: 'unknown',
    lines: [],
    reservation: { status: 'none', lines: {} },
    payment: { status: 'none' },
    updatedAt: '',
    streams: {},
  };
}

/** Applies one event to an order's summary (and records its stream version). */
export function applyToSummary(summary: OrderSummary, event: ProjectedEvent): OrderSummary {
  const next = evolve(summary, event);
  return {
    ...next,
    updatedAt: later(event.occurredAt, summary.updatedAt),
    streams: { ...summary.streams, [event.streamId]: event.version },
  };
}

function evolve(s: OrderSummary, event: ProjectedEvent): OrderSummary {
  switch (event.type) {
    case 'OrderPlaced': {
      const { customerEmail } = event.data as { customerEmail?: string };
      return withReservation({
        ...s,
        // A payment or stock event may have come first; keep what it said.
        status: s.status === 'unknown' ? 'placed' : s.status,
        customerId: event.data.customerId,
        ...(customerEmail ? { customerEmail } : {}),
        lines: event.data.lines,
        total: event.data.total,
        placedAt: event.occurredAt,
      });
    }
    case 'OrderConfirmed':
      return s.status === 'cancelled' ? s : { ...s, status: 'confirmed' };
    case 'OrderCancelled':
      return { ...s, status: 'cancelled', cancelReason: event.data.reason };
    case 'PaymentAuthorized':
      return {
        ...s,
        payment: {
          ...s.payment,
          status: s.payment.status === 'refunded' ? 'refunded' : 'authorized',
          paymentId: event.data.paymentId,
          amount: event.data.amount,
        },
      };
    case 'PaymentDeclined':
      return {
        ...s,
        payment: {
          status: 'declined',
          paymentId: event.data.paymentId,
          amount: event.data.amount,
          declineReason: event.data.reason,
        },
      };
    case 'PaymentRefunded':
      return {
        ...s,
        payment: {
          ...s.payment,
          status: 'refunded',
          paymentId: event.data.paymentId,
          refunded: event.data.amount,
        },
      };
    case 'StockReserved':
      return reservationLine(s, event.data.sku, 'reserved', event.data.quantity);
    case 'StockReservationRejected':
      return reservationLine(s, event.data.sku, 'rejected', event.data.requested);
    case 'StockReleased':
      return reservationLine(s, event.data.sku, 'released', event.data.quantity);
    case 'StockAdded':
      return s;
  }
}

function reservationLine(
  s: OrderSummary,
  sku: string,
  status: 'reserved' | 'rejected' | 'released',
  quantity: number,
): OrderSummary {
  return withReservation({
    ...s,
    reservation: {
      ...s.reservation,
      lines: { ...s.reservation.lines, [sku]: { status, quantity } },
    },
  });
}

/** Recomputes the overall reservation status from the lines. */
function withReservation(s: OrderSummary): OrderSummary {
  const lines = Object.values(s.reservation.lines);
  const skus = new Set(s.lines.map((l) => l.sku));
  let status: ReservationStatus = 'none';
  if (lines.some((l) => l.status === 'rejected')) status = 'rejected';
  else if (lines.length > 0 && lines.every((l) => l.status === 'released')) status = 'released';
  else if (
    skus.size > 0 &&
    [...skus].every((sku) => s.reservation.lines[sku]?.status === 'reserved')
  )
    status = 'reserved';
  else if (lines.some((l) => l.status === 'reserved')) status = 'partial';
  return { ...s, reservation: { ...s.reservation, status } };
}
