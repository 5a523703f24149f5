/** Stream ids of the aggregates: `<aggregate>-<id>`. */
export const StreamIds = {
  order: (orderId: string) => `order-${orderId}`,
  inventory: (sku: string) => `inventory-${sku}`,
  payment: (paymentId: string) => `payment-${paymentId}`,
} as const;

/** How the API names the resource each stream prefix holds. */
const RESOURCE_NAMES: readonly (readonly [prefix: string, name: string])[] = [
  ['order-', 'order'],
  ['inventory-', 'the stock of SKU'],
  ['payment-', 'payment'],
];

/**
 * A stream id in the words of the API, for messages that reach clients:
 * `order-42` → `order 42`, `inventory-A-1` → `the stock of SKU A-1`.
 * A stream of no known aggregate reads as `resource`, so no internal name leaks.
 */
export function describeStream(streamId: string): string {
  for (const [prefix, name] of RESOURCE_NAMES) {
    if (streamId.startsWith(prefix)) return `${name} ${streamId.slice(prefix.length)}`;
  }
  return 'the resource';
}
