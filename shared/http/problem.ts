import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { describeStream } from '../domain/stream-ids';
import {
  DomainRuleError,
  EventlineError,
  LimitExceededError,
  PayloadTooLargeError,
  StreamNotFoundError,
  ValidationError,
  VersionConflictError,
} from '../errors';
import { IdempotencyConflictError } from '../event-store/errors';
import { PROBLEM_TYPE_BASE, RequestPart } from './constants';
import {
  IdempotencyKeyInProgressError,
  IdempotencyKeyReusedError,
  UnsupportedMediaTypeError,
} from './errors';

/** An RFC 9457 problem details document. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

const TYPE_BASE = PROBLEM_TYPE_BASE;

/** One bad field: a JSON pointer into the body, or the name of a path or query parameter. */
export type ProblemFieldError =
  | { readonly pointer: string; readonly detail: string }
  | { readonly parameter: string; readonly detail: string };

function fieldErrors(error: ValidationError): ProblemFieldError[] {
  const parameters = error.subject !== RequestPart.body;
  return error.issues.map((i) =>
    parameters
      ? { parameter: i.path, detail: i.message }
      : { pointer: i.path ? `/${i.path.replaceAll('.', '/')}` : '', detail: i.message },
  );
}

const REQUEST_PARTS: ReadonlySet<string> = new Set(Object.values(RequestPart));

/** True for an error about the request itself, whose message is in the API's words. */
function aboutRequest(error: { readonly subject: string }): boolean {
  return REQUEST_PARTS.has(error.subject);
}

/**
 * Maps an error to its problem: 400 invalid input (every bad field listed),
 * 404 unknown resource, 409 version conflict (after the handler's retries),
 * 409 also for a request whose Idempotency-Key is still in progress,
 * 413 too large, 415 not JSON, 422 refused by a domain rule or an
 * Idempotency-Key reused with another body, 500 for
 * anything else — whose detail never leaks internals. Details speak the
 * API's words (`order 42 not found`), never stream ids or event types: a
 * validation error about an event (not the request) means the edge let
 * through what the event contract refuses, a bug answered 500.
 */
export function toProblem(error: unknown, instance?: string): Problem {
  const base = instance ? { instance } : {};
  if (error instanceof ValidationError && aboutRequest(error)) {
    return {
      type: `${TYPE_BASE}validation`,
      title: 'The request is not valid',
      status: 400,
      detail: error.message,
      errors: fieldErrors(error),
      ...base,
    };
  }
  // A rule that refuses a command on something that does not exist reads as "not found".
  if (
    error instanceof StreamNotFoundError ||
    (error instanceof DomainRuleError && error.code.endsWith('.not_found'))
  ) {
    return {
      type: `${TYPE_BASE}not-found`,
      title: 'Not found',
      status: 404,
      detail:
        error instanceof StreamNotFoundError
          ? `${describeStream(error.streamId)} not found`
          : error.message,
      ...base,
    };
  }
  if (error instanceof VersionConflictError || error instanceof IdempotencyConflictError) {
    return {
      type: `${TYPE_BASE}conflict`,
      title: 'The resource changed concurrently',
      status: 409,
      detail: `${describeStream(error.streamId)} was changed by concurrent requests; try again`,
      ...base,
    };
  }
  if (error instanceof PayloadTooLargeError || error instanceof LimitExceededError) {
    return {
      type: `${TYPE_BASE}too-large`,
      title: 'The request is too large',
      status: 413,
      detail: aboutRequest(error)
        ? error.message
        : 'the events this request would record are over the event store’s size limits',
      ...base,
    };
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return {
      type: `${TYPE_BASE}rule/idempotency.key_reused`,
      title: 'The request was refused by a business rule',
      status: 422,
      detail: error.message,
      code: 'idempotency.key_reused',
      ...base,
    };
  }
  if (error instanceof IdempotencyKeyInProgressError) {
    return {
      type: `${TYPE_BASE}in-progress`,
      title: 'A request with this key is in progress',
      status: 409,
      detail: error.message,
      ...base,
    };
  }
  if (error instanceof UnsupportedMediaTypeError) {
    return {
      type: `${TYPE_BASE}unsupported-media-type`,
      title: 'The request body is not JSON',
      status: 415,
      detail: error.message,
      ...base,
    };
  }
  if (error instanceof DomainRuleError) {
    return {
      type: `${TYPE_BASE}rule/${error.code}`,
      title: 'The request was refused by a business rule',
      status: 422,
      detail: error.message,
      code: error.code,
      ...base,
    };
  }
  return {
    type: `${TYPE_BASE}internal`,
    title: 'Internal error',
    status: 500,
    detail: error instanceof EventlineError ? error.name : 'The request could not be completed.',
    ...base,
  };
}

/** The HTTP API response for a problem. */
export function problemResponse(
  problem: Problem,
  headers: Record<string, string> = {},
): APIGatewayProxyResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify(problem),
  };
}
