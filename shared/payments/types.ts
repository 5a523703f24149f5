import type { Money } from '../events/money';

/** What the saga asks the payment provider to authorize. */
export interface AuthorizationRequest {
  /**
   * Sent with the call as real providers require it: the same key gets the
   * same answer and never a second charge (derived from the order id).
   */
  readonly idempotencyKey: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly amount: Money;
}

/** The provider's answer to an authorization. */
export type AuthorizationResult =
  | { readonly outcome: 'authorized'; readonly authorizationId: string }
  | { readonly outcome: 'declined'; readonly reason: string };

/** What the saga (or a cancellation) asks the provider to refund. */
export interface RefundRequest {
  readonly idempotencyKey: string;
  readonly orderId: string;
  readonly amount: Money;
}

/**
 * The payment gateway port: the one interface the saga talks to. The
 * sandbox adapter is used by default (locally and in `stage=dev`); a real
 * provider implements the same two calls.
 */
export interface PaymentGateway {
  /**
   * Authorizes a payment.
   * @throws TransientPaymentError when the provider could not answer now (retry later, same key).
   */
  authorize(request: AuthorizationRequest): Promise<AuthorizationResult>;
  /**
   * Refunds an authorized payment.
   * @throws TransientPaymentError when the provider could not answer now.
   */
  refund(request: RefundRequest): Promise<{ readonly refundId: string }>;
}

/** Counts calls per key, durably: the sandbox's memory of flaky attempts. */
export interface AttemptCounter {
  /** Adds one to the key's count and returns the new count (1 on the first call). */
  increment(key: string): Promise<number>;
}
