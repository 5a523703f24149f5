export { CORRELATION_HEADER, MAX_BODY_BYTES, PROBLEM_TYPE_BASE, RequestPart } from './constants';
export { findDuplicateKey } from './duplicate-keys';
export {
  IdempotencyKeyInProgressError,
  IdempotencyKeyReusedError,
  UnsupportedMediaTypeError,
} from './errors';
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
// Not `./idempotency`: importing it loads Powertools idempotency and its
// JMESPath engine, whose modules run code when loaded, so a bundler keeps
// them in every function that imports this index. Command routes import
// `shared/http/idempotency` themselves.
export type { Problem } from './problem';
export { problemResponse, toProblem } from './problem';
export {
  CursorParameter,
  CustomerIdParameter,
  DayParameter,
  LimitParameter,
} from './query-parameters';
export { parseBody, parseQuery, pathParameter, requireJsonContentType } from './request';
