export { ATTEMPT_KEY_PREFIX, DynamoDbAttemptCounter } from './DynamoDbAttemptCounter';
export { TransientPaymentError } from './errors';
export {
  InMemoryAttemptCounter,
  SANDBOX_DECLINE_PREFIX,
  SANDBOX_FLAKY_FAILURES,
  SANDBOX_FLAKY_PREFIX,
  SandboxPaymentGateway,
} from './SandboxPaymentGateway';
export type {
  AttemptCounter,
  AuthorizationRequest,
  AuthorizationResult,
  PaymentGateway,
  RefundRequest,
} from './types';
