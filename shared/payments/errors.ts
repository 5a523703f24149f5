import { EventlineError } from '../errors';

/**
 * The payment provider could not answer now (timeout, 5xx, rate limit). The
 * call may be retried with the same idempotency key. Its `name` is the error
 * name the saga's Retry matches.
 */
export class TransientPaymentError extends EventlineError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TransientPaymentError';
  }
}
