import type { TypedEnvelope } from '../events/entry';
import type { OrderPlaced } from '../events/orders';

/** An email to send: recipient, subject and plain-text body. */
export interface Email {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** The events a customer is told about by email. */
export const NOTIFIED_EVENTS = ['OrderConfirmed', 'OrderCancelled'] as const;

/**
 * The email telling a customer what happened to their order, or undefined
 * when the event is not one customers are told about or the order has no
 * customer email.
 */
export function orderEmail(event: TypedEnvelope, order: OrderPlaced): Email | undefined {
  const to = (order as { customerEmail?: string }).customerEmail;
  if (!to) return undefined;
  const total = `${(order.total.amount / 100).toFixed(2)} ${order.total.currency}`;
  const lines = order.lines.map((l) => `  ${l.quantity} × ${l.sku}`).join('\n');
  switch (event.type) {
    case 'OrderConfirmed':
      return {
        to,
        subject: `Your order ${order.orderId} is confirmed`,
        text: `Good news: your order ${order.orderId} is confirmed.\n\n${lines}\n\nTotal: ${total}\n`,
      };
    case 'OrderCancelled':
      return {
        to,
        subject: `Your order ${order.orderId} is cancelled`,
        text: `Your order ${order.orderId} was cancelled: ${event.data.reason}.\n\n${lines}\n\nAny payment for it is refunded. Total: ${total}\n`,
      };
    default:
      return undefined;
  }
}
