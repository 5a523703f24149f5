export { CORRELATION_HEADER, MAX_BODY_BYTES, PROBLEM_TYPE_BASE, RequestPart } from './constants';
export { findDuplicateKey } from './duplicate-keys';
export { UnsupportedMediaTypeError } from './errors';
export {
  CurrencyCode,
  decimalInteger,
  EmailAddress,
  freeText,
  MoneyInput,
  OrderIdParameter,
  OrderLineInput,
  SkuParameter,
} from './fields';
export type { HttpRequest, HttpResponse } from './http-handler';
export { commandContext, httpHandler } from './http-handler';
export type {
  CommandPayload,
  IdempotentCommands,
  IdempotentCommandsOptions,
} from './idempotency';
export {
  IDEMPOTENCY_EXPIRY_SECONDS,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  idempotencyKeyOf,
  idempotentCommands,
} from './idempotency';
export type { Problem } from './problem';
export { problemResponse, toProblem } from './problem';
export {
  CursorParameter,
  CustomerIdParameter,
  DayParameter,
  LimitParameter,
} from './query-parameters';
export { parseBody, parseQuery, pathParameter, requireJsonContentType } from './request';
