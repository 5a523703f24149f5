import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors';
import { idempotencyKeyOf } from '../../../shared/http/idempotency';
import { httpEvent } from '../../helpers/http-events';

const withKey = (key: string) => httpEvent('POST /orders', { headers: { 'idempotency-key': key } });

describe('Function: idempotencyKeyOf', () => {
  it('reads the draft’s quoted form and the bare form as the same key', () => {
    // The draft's example value, as a Structured Field string and bare.
    const key = '8e03978e-40d5-43e8-bc93-6894a57f9324';

    expect(idempotencyKeyOf(withKey(`"${key}"`))).toBe(key);
    expect(idempotencyKeyOf(withKey(key))).toBe(key);
  });

  it('answers undefined for a request without the header', () => {
    expect(idempotencyKeyOf(httpEvent('POST /orders'))).toBeUndefined();
  });

  it('accepts 255 characters and refuses 256, naming the header', () => {
    expect(idempotencyKeyOf(withKey('k'.repeat(255)))).toHaveLength(255);
    expect(() => idempotencyKeyOf(withKey('k'.repeat(256)))).toThrow(ValidationError);
    expect(() => idempotencyKeyOf(withKey('k'.repeat(256)))).toThrow(
      /^Invalid request headers: Idempotency-Key: must be 1 to 255 visible ASCII characters/,
    );
  });

  it.each(['', '""', 'a b', 'tab\there', 'é', 'nul\u0000'])('refuses %j', (key) => {
    expect(() => idempotencyKeyOf(withKey(key))).toThrow(ValidationError);
  });
});
