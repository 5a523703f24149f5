/** Stream ids of the aggregates: `<aggregate>-<id>`. */
export const StreamIds = {
  order: (orderId: string) => `order-${orderId}`,
  inventory: (sku: string) => `inventory-${sku}`,
  payment: (paymentId: string) => `payment-${paymentId}`,
} as const;
