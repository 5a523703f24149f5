export type { Decider } from './decider';
export type { InventoryCommand, InventoryEvent, InventoryState } from './inventory/inventory';
export { inventoryDecider } from './inventory/inventory';
export type { OrderCommand, OrderEvent, OrderState, OrderStatus } from './order/order';
export { orderDecider } from './order/order';
export type { PaymentCommand, PaymentEvent, PaymentState } from './payment/payment';
export { paymentDecider } from './payment/payment';
