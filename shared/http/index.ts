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
export type { Problem } from './problem';
export { problemResponse, toProblem } from './problem';
export { parseBody, parseQuery, pathParameter, requireJsonContentType } from './request';
