import { createHash } from 'node:crypto';

/** Namespace of eventline's name-based UUIDs (a random UUID, fixed once). */
export const EVENTLINE_NAMESPACE = '6f1c7a52-3d1e-4b8e-9a57-0c2d9e4b7f13';

/**
 * A name-based UUID, version 5 (RFC 9562 §5.5): SHA-1 of the namespace's 16
 * bytes followed by the name's UTF-8 bytes, the first 16 bytes kept, with the
 * version (5) and variant (10) bits set. The same name always gives the same
 * id, which is what makes a retried saga step re-append the same event ids.
 */
export function uuidV5(name: string, namespace: string = EVENTLINE_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16)
    throw new Error(`namespace must be a UUID, got ${JSON.stringify(namespace)}`);
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The payment id of an order: one payment per order, derived so every step finds it. */
export function paymentIdFor(orderId: string): string {
  return uuidV5(`payment/${orderId}`);
}

/** The saga execution name of an order (AWS allows 1–80 characters of `[A-Za-z0-9_-]`). */
export function executionNameFor(orderId: string): string {
  return `order-${orderId}`;
}
