import { describe, expect, it } from 'vitest';
import {
  InMemoryAttemptCounter,
  SandboxPaymentGateway,
  TransientPaymentError,
} from '../../../shared/payments';

const request = (customerId: string, idempotencyKey = 'authorize-o1') => ({
  idempotencyKey,
  orderId: 'o1',
  customerId,
  amount: { amount: 1200, currency: 'EUR' },
});

describe('Class: SandboxPaymentGateway', () => {
  describe('Method: authorize', () => {
    it('authorizes an ordinary customer, with the same authorization for the same key', async () => {
      const gateway = new SandboxPaymentGateway(new InMemoryAttemptCounter());
      const first = await gateway.authorize(request('cust-1'));
      const again = await gateway.authorize(request('cust-1'));
      expect(first).toEqual({ outcome: 'authorized', authorizationId: expect.any(String) });
      expect(again).toEqual(first);
    });

    it('declines a customer whose id begins with sandbox-decline', async () => {
      const gateway = new SandboxPaymentGateway(new InMemoryAttemptCounter());
      expect(await gateway.authorize(request('sandbox-decline-ada'))).toEqual({
        outcome: 'declined',
        reason: 'sandbox: card declined',
      });
    });

    it('fails a sandbox-flaky customer transiently twice per order, then authorizes', async () => {
      const gateway = new SandboxPaymentGateway(new InMemoryAttemptCounter());
      await expect(gateway.authorize(request('sandbox-flaky-bob'))).rejects.toBeInstanceOf(
        TransientPaymentError,
      );
      await expect(gateway.authorize(request('sandbox-flaky-bob'))).rejects.toThrow(
        /attempt 2 of 2/,
      );
      expect((await gateway.authorize(request('sandbox-flaky-bob'))).outcome).toBe('authorized');
      // Another order starts its own count.
      await expect(
        gateway.authorize(request('sandbox-flaky-bob', 'authorize-o2')),
      ).rejects.toBeInstanceOf(TransientPaymentError);
    });
  });
});
