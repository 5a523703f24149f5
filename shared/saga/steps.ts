import type { CommandContext } from '../command/handle-command';
import { handleCommand } from '../command/handle-command';
import { loadAggregate } from '../command/load-aggregate';
import { inventoryDecider } from '../domain/inventory/inventory';
import { orderDecider } from '../domain/order/order';
import { paymentDecider } from '../domain/payment/payment';
import { StreamIds } from '../domain/stream-ids';
import type { EventStore } from '../event-store/types';
import type { PaymentGateway } from '../payments/types';
import { paymentIdFor, uuidV5 } from './deterministic-ids';
import { OrderNotConfirmable, OrderNotFound, PaymentDeclined, StockRejected } from './errors';

/** What every step needs. */
export interface SagaDeps {
  readonly store: EventStore;
  readonly gateway: PaymentGateway;
  /** The current time, ISO 8601. */
  readonly now: () => string;
}

/** Who is acting: the execution (or the event) and the state, for ids and causation. */
export interface StepOrigin {
  /** The saga execution's name (or, for a choreographed compensation, the causing event's id). */
  readonly execution: string;
  readonly correlationId: string;
}

/** One line to reserve: a SKU and the order's whole quantity of it. */
export interface ReservationLine {
  readonly sku: string;
  readonly quantity: number;
}

/**
 * The command context of one state of one execution: event ids are UUID v5
 * of (execution, state, index), so a retried step re-appends the same ids and
 * the store turns it into a no-op; the causation id names the state.
 */
export function stepContext(origin: StepOrigin, state: string): CommandContext {
  const causationId = `${origin.execution}/${state}`;
  return {
    correlationId: origin.correlationId,
    causationId,
    newEventId: () => {
      throw new Error('saga steps use deterministic event ids');
    },
    eventIdFor: (index) => uuidV5(`${causationId}/${index}`),
    now: () => new Date().toISOString(),
  };
}

async function loadOrder(deps: SagaDeps, orderId: string) {
  const { state, version } = await loadAggregate(
    deps.store,
    orderDecider,
    StreamIds.order(orderId),
  );
  if (version === 0) throw new OrderNotFound(orderId);
  return state;
}

/** `LoadOrder`: the order's lines, one per SKU (quantities of repeated SKUs added). */
export async function orderLines(deps: SagaDeps, orderId: string): Promise<ReservationLine[]> {
  const order = await loadOrder(deps, orderId);
  const bySku = new Map<string, number>();
  for (const line of order.lines) bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.quantity);
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
}

/**
 * `ReserveStock` (one line): reserves the line's stock for the order. A
 * reservation the inventory already holds for the order is a no-op.
 * @throws StockRejected when the SKU is short (the rejection is recorded first).
 */
export async function reserveLine(
  deps: SagaDeps,
  origin: StepOrigin,
  orderId: string,
  line: ReservationLine,
): Promise<{ readonly reserved: number }> {
  const result = await handleCommand({
    store: deps.store,
    decider: inventoryDecider,
    streamId: StreamIds.inventory(line.sku),
    command: { type: 'ReserveStock', sku: line.sku, orderId, quantity: line.quantity },
    context: { ...stepContext(origin, `ReserveStock/${line.sku}`), now: deps.now },
  });
  const reserved = result.state.reservations[orderId];
  if (reserved === undefined) {
    throw new StockRejected(line.sku, line.quantity, result.state.available);
  }
  return { reserved };
}

/**
 * `ChargePayment`: authorizes the order's total through the gateway (with an
 * idempotency key derived from the order id) and records the answer on the
 * payment's stream. A payment already decided answers as it was decided.
 * @throws PaymentDeclined when declined (the decline is recorded first).
 * @throws TransientPaymentError when the provider cannot answer now.
 */
export async function chargePayment(
  deps: SagaDeps,
  origin: StepOrigin,
  orderId: string,
): Promise<{ readonly paymentId: string }> {
  const paymentId = paymentIdFor(orderId);
  const streamId = StreamIds.payment(paymentId);
  const existing = await loadAggregate(deps.store, paymentDecider, streamId);
  if (existing.state.status === 'declined') throw new PaymentDeclined('declined earlier');
  if (existing.state.status !== 'none') return { paymentId };
  const order = await loadOrder(deps, orderId);
  if (!order.total || !order.customerId) throw new OrderNotFound(orderId);
  const answer = await deps.gateway.authorize({
    idempotencyKey: `authorize-${orderId}`,
    orderId,
    customerId: order.customerId,
    amount: order.total,
  });
  await handleCommand({
    store: deps.store,
    decider: paymentDecider,
    streamId,
    command:
      answer.outcome === 'authorized'
        ? { type: 'AuthorizePayment', paymentId, orderId, amount: order.total }
        : {
            type: 'DeclinePayment',
            paymentId,
            orderId,
            amount: order.total,
            reason: answer.reason,
          },
    context: { ...stepContext(origin, 'ChargePayment'), now: deps.now },
  });
  if (answer.outcome === 'declined') throw new PaymentDeclined(answer.reason);
  return { paymentId };
}

/**
 * `ConfirmOrder`, the point of no return: re-checks the order, so an order
 * cancelled meanwhile is not confirmed. Already confirmed is success.
 * @throws OrderNotConfirmable when the order is not placed (e.g. cancelled).
 */
export async function confirmOrder(
  deps: SagaDeps,
  origin: StepOrigin,
  orderId: string,
): Promise<{ readonly status: 'confirmed' }> {
  const order = await loadOrder(deps, orderId);
  if (order.status === 'confirmed') return { status: 'confirmed' };
  if (order.status !== 'placed') throw new OrderNotConfirmable(orderId, order.status);
  try {
    await handleCommand({
      store: deps.store,
      decider: orderDecider,
      streamId: StreamIds.order(orderId),
      command: { type: 'ConfirmOrder', orderId },
      context: { ...stepContext(origin, 'ConfirmOrder'), now: deps.now },
    });
  } catch (error) {
    // Cancelled between the check and the append.
    const now = await loadOrder(deps, orderId);
    if (now.status === 'confirmed') return { status: 'confirmed' };
    if (now.status !== 'placed') throw new OrderNotConfirmable(orderId, now.status);
    throw error;
  }
  return { status: 'confirmed' };
}

/**
 * `RefundPayment` (compensation): refunds an authorized payment of the
 * order in full through the gateway and records it. Nothing authorized, or
 * already refunded, is nothing to undo: success.
 */
export async function refundPayment(
  deps: SagaDeps,
  origin: StepOrigin,
  orderId: string,
): Promise<{ readonly refunded: number }> {
  const paymentId = paymentIdFor(orderId);
  const streamId = StreamIds.payment(paymentId);
  const { state } = await loadAggregate(deps.store, paymentDecider, streamId);
  if (state.status !== 'authorized' || !state.authorized) return { refunded: 0 };
  await deps.gateway.refund({
    idempotencyKey: `refund-${orderId}`,
    orderId,
    amount: state.authorized,
  });
  const result = await handleCommand({
    store: deps.store,
    decider: paymentDecider,
    streamId,
    command: { type: 'RefundPayment', paymentId, amount: state.authorized },
    context: { ...stepContext(origin, 'RefundPayment'), now: deps.now },
  }).catch(async (error) => {
    // A concurrent refund (the other compensation path) got there first.
    const again = await loadAggregate(deps.store, paymentDecider, streamId);
    if (again.state.status === 'refunded') return undefined;
    throw error;
  });
  return { refunded: result ? state.authorized.amount : 0 };
}

/**
 * `ReleaseStock` (compensation): releases every line's reservation for the
 * order. A line with nothing reserved is nothing to undo (the decider emits
 * no event).
 */
export async function releaseStock(
  deps: SagaDeps,
  origin: StepOrigin,
  orderId: string,
): Promise<{ readonly released: string[] }> {
  const released: string[] = [];
  for (const line of await orderLines(deps, orderId)) {
    const result = await handleCommand({
      store: deps.store,
      decider: inventoryDecider,
      streamId: StreamIds.inventory(line.sku),
      command: { type: 'ReleaseStock', sku: line.sku, orderId },
      context: { ...stepContext(origin, `ReleaseStock/${line.sku}`), now: deps.now },
    });
    if (result.events.length > 0) released.push(line.sku);
  }
  return { released };
}

/**
 * `RejectOrder` (compensation, last): cancels the order with a reason naming
 * the failed step and its error. An order already cancelled is success.
 */
export async function rejectOrder(
  deps: SagaDeps,
  origin: StepOrigin,
  orderId: string,
  failure: { readonly step: string; readonly error: string; readonly cause?: string },
): Promise<{ readonly status: 'cancelled' }> {
  const order = await loadOrder(deps, orderId);
  if (order.status === 'cancelled') return { status: 'cancelled' };
  const message = failure.cause ? causeMessage(failure.cause) : '';
  const detail = message ? `: ${message}` : '';
  const reason = `saga: ${failure.step} failed with ${failure.error}${detail}`.slice(0, 500);
  try {
    await handleCommand({
      store: deps.store,
      decider: orderDecider,
      streamId: StreamIds.order(orderId),
      command: { type: 'CancelOrder', orderId, reason },
      context: { ...stepContext(origin, 'RejectOrder'), now: deps.now },
    });
  } catch (error) {
    if ((await loadOrder(deps, orderId)).status === 'cancelled') return { status: 'cancelled' };
    throw error;
  }
  return { status: 'cancelled' };
}

/**
 * The message of a Step Functions error cause. A Lambda's cause is the JSON
 * of its error (`errorType`, `errorMessage`, `trace`): keep the message, never
 * the stack trace, which would end up in a customer-facing reason.
 */
export function causeMessage(cause: string): string {
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // Not JSON: a cause written by Step Functions itself.
  }
  return cause;
}
