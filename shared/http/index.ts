export { CORRELATION_HEADER, MAX_BODY_BYTES, PROBLEM_TYPE_BASE, RequestPart } from './constants';
export type { HttpRequest, HttpResponse } from './http-handler';
export { commandContext, httpHandler } from './http-handler';
export type { Problem } from './problem';
export { problemResponse, toProblem } from './problem';
export {
  CursorParameter,
  CustomerIdParameter,
  DayParameter,
  LimitParameter,
} from './query-parameters';
export { OrderIdParameter, parseBody, parseQuery, pathParameter, SkuParameter } from './request';
