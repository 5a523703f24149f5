import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PayloadTooLargeError, ValidationError } from '../errors';
import { toValidationIssues } from '../events/validate';
import * as z from '../zod';
import { MAX_BODY_BYTES, RequestPart } from './constants';
import { findDuplicateKey } from './duplicate-keys';
import { UnsupportedMediaTypeError } from './errors';

/** `application/json`, with at most a UTF-8 charset parameter (RFC 8259 §8.1: JSON is UTF-8). */
const JSON_MEDIA_TYPE = /^application\/json\s*(;\s*charset\s*=\s*("?)utf-8\2\s*)?$/i;

/**
 * Checks that the request says its body is JSON.
 * @throws UnsupportedMediaTypeError for any other media type, or none.
 */
export function requireJsonContentType(event: APIGatewayProxyEventV2): void {
  // HTTP APIs (payload 2.0) give header names in lower case.
  const contentType = event.headers?.['content-type'];
  if (contentType === undefined || !JSON_MEDIA_TYPE.test(contentType.trim())) {
    throw new UnsupportedMediaTypeError(contentType);
  }
}

/**
 * Parses the JSON body with a zod schema, after checking its media type and
 * size, and that no object repeats a key.
 * @throws UnsupportedMediaTypeError when the body is not declared `application/json`.
 * @throws PayloadTooLargeError when the body is over {@link MAX_BODY_BYTES}.
 * @throws ValidationError naming each bad field, the repeated key, or the body itself when it is not JSON.
 */
export function parseBody<S extends z.core.$ZodType>(
  event: APIGatewayProxyEventV2,
  schema: S,
): z.infer<S> {
  requireJsonContentType(event);
  const text = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_BODY_BYTES) throw new PayloadTooLargeError(RequestPart.body, size, MAX_BODY_BYTES);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ValidationError(RequestPart.body, [{ path: '', message: 'must be a JSON document' }]);
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate) {
    throw new ValidationError(RequestPart.body, [
      { path: duplicate.path.join('.'), message: 'repeats a key of the same object' },
    ]);
  }
  const result = z.safeParse(schema, raw);
  if (!result.success)
    throw new ValidationError(RequestPart.body, toValidationIssues(result.error));
  return result.data;
}

/**
 * A path parameter, checked with a schema (route parameters reach the
 * store as stream ids, so they are validated like any other input).
 * @throws ValidationError naming the parameter.
 */
export function pathParameter<S extends z.core.$ZodType<string>>(
  event: APIGatewayProxyEventV2,
  name: string,
  schema: S,
): z.infer<S> {
  const result = z.safeParse(schema, event.pathParameters?.[name]);
  if (!result.success) {
    throw new ValidationError(
      RequestPart.path,
      result.error.issues.map((issue) => ({ path: name, message: issue.message })),
    );
  }
  return result.data;
}

/**
 * Parses the query string parameters with a zod object schema.
 * @throws ValidationError naming each bad parameter.
 */
export function parseQuery<S extends z.core.$ZodType>(
  event: APIGatewayProxyEventV2,
  schema: S,
): z.infer<S> {
  const result = z.safeParse(schema, event.queryStringParameters ?? {});
  if (!result.success) {
    throw new ValidationError(RequestPart.query, toValidationIssues(result.error));
  }
  return result.data;
}
