/** Subjects of the validation errors raised for each part of a request. */
export const RequestPart = {
  body: 'request body',
  path: 'path parameters',
  query: 'query parameters',
  headers: 'request headers',
} as const;

/**
 * Largest request body accepted, in bytes (UTF-8). The largest valid command
 * (an order of 100 lines with 64-character SKUs) is about 15 KB; the limit
 * leaves room for formatting while keeping every event far below DynamoDB's
 * 400 KB item limit, so oversize input is refused before any write.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/** Request and response header carrying the correlation id. */
export const CORRELATION_HEADER = 'x-correlation-id';

/** Base of the problem `type` URIs. */
export const PROBLEM_TYPE_BASE = 'https://eventline.dev/problems/';
