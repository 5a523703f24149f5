export { EVENTLINE_NAMESPACE, executionNameFor, paymentIdFor, uuidV5 } from './deterministic-ids';
export {
  OrderNotConfirmable,
  OrderNotFound,
  PaymentDeclined,
  SagaBusinessError,
  StockRejected,
} from './errors';
export type { OrderOutcome } from './order-outcome';
export { loadOrderOutcome } from './order-outcome';
export type { ReservationLine, SagaDeps, StepOrigin } from './steps';
export {
  chargePayment,
  confirmOrder,
  orderLines,
  refundPayment,
  rejectOrder,
  releaseStock,
  reserveLine,
  stepContext,
} from './steps';
