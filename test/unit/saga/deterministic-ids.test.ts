import { describe, expect, it } from 'vitest';
import { executionNameFor, paymentIdFor, uuidV5 } from '../../../shared/saga';

describe('Function: uuidV5', () => {
  it('matches the RFC 9562 name-based UUID of a known vector (DNS namespace, www.example.com)', () => {
    // The value Python's uuid.uuid5(uuid.NAMESPACE_DNS, 'www.example.com') gives.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives the same id for the same name and a different one for another name', () => {
    expect(uuidV5('order-1/ConfirmOrder/0')).toBe(uuidV5('order-1/ConfirmOrder/0'));
    expect(uuidV5('order-1/ConfirmOrder/0')).not.toBe(uuidV5('order-1/ConfirmOrder/1'));
    expect(uuidV5('x')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('fails on a namespace that is not a UUID, naming it', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow('namespace must be a UUID, got "not-a-uuid"');
  });
});

describe('Function: executionNameFor', () => {
  it('names an order’s execution within AWS’s 80 characters of [A-Za-z0-9_-]', () => {
    const name = executionNameFor('c8c37441-3d74-499d-ae13-9530bbc9855c');
    expect(name).toBe('order-c8c37441-3d74-499d-ae13-9530bbc9855c');
    expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });

  it('derives one payment id per order', () => {
    expect(paymentIdFor('a')).toBe(paymentIdFor('a'));
    expect(paymentIdFor('a')).not.toBe(paymentIdFor('b'));
  });
});
