import { uuidV5 } from '../saga/deterministic-ids';
import { TransientPaymentError } from './errors';
import type {
  AttemptCounter,
  AuthorizationRequest,
  AuthorizationResult,
  PaymentGateway,
  RefundRequest,
} from './types';

/** Customer ids starting with this are declined. */
export const SANDBOX_DECLINE_PREFIX = 'sandbox-decline';
/** Customer ids starting with this fail transiently on the first attempts of each order. */
export const SANDBOX_FLAKY_PREFIX = 'sandbox-flaky';
/** Transient failures of a flaky customer's authorization, per order, before it succeeds. */
export const SANDBOX_FLAKY_FAILURES = 2;

/**
 * A deterministic payment provider for development and tests, so anyone can
 * try every path of the saga:
 * - a `customerId` beginning with `sandbox-decline` is declined;
 * - one beginning with `sandbox-flaky` fails transiently (TransientPaymentError)
 *   on its first two authorization attempts for an order, then is authorized
 *   (attempts are counted durably per idempotency key, so this holds across
 *   Lambda environments and retries);
 * - anything else is authorized.
 * Authorization and refund ids are derived from the idempotency key, so the
 * same key always gets the same answer — the sandbox never charges twice.
 */
export class SandboxPaymentGateway implements PaymentGateway {
  readonly #attempts: AttemptCounter;

  constructor(attempts: AttemptCounter) {
    this.#attempts = attempts;
  }

  async authorize(request: AuthorizationRequest): Promise<AuthorizationResult> {
    if (request.customerId.startsWith(SANDBOX_DECLINE_PREFIX)) {
      return { outcome: 'declined', reason: 'sandbox: card declined' };
    }
    if (request.customerId.startsWith(SANDBOX_FLAKY_PREFIX)) {
      const attempt = await this.#attempts.increment(`authorize/${request.idempotencyKey}`);
      if (attempt <= SANDBOX_FLAKY_FAILURES) {
        throw new TransientPaymentError(
          `sandbox: provider unavailable (attempt ${attempt} of ${SANDBOX_FLAKY_FAILURES} planned failures)`,
        );
      }
    }
    return {
      outcome: 'authorized',
      authorizationId: uuidV5(`authorization/${request.idempotencyKey}`),
    };
  }

  async refund(request: RefundRequest): Promise<{ readonly refundId: string }> {
    return { refundId: uuidV5(`refund/${request.idempotencyKey}`) };
  }
}

/** An attempt counter in memory (one process; for tests). */
export class InMemoryAttemptCounter implements AttemptCounter {
  readonly #counts = new Map<string, number>();

  async increment(key: string): Promise<number> {
    const next = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, next);
    return next;
  }
}
