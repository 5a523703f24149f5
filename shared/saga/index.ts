export { EVENTLINE_NAMESPACE, executionNameFor, paymentIdFor, uuidV5 } from './deterministic-ids';
export {
  asStepError,
  OrderNotConfirmable,
  OrderNotFound,
  PaymentDeclined,
  SagaBusinessError,
  StockRejected,
  TransientStoreError,
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
