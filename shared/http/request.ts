import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { PayloadTooLargeError, ValidationError } from '../errors';
import { toValidationIssues } from '../events/validate';
import { MAX_BODY_BYTES, RequestPart } from './constants';

/** An order id, as `POST /orders` makes them. */
export const OrderIdParameter = z.uuid('must be a UUID');

/** A SKU: what `OrderLineSchema` accepts, restricted to URL-safe characters. */
export const SkuParameter = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1 to 64 letters, digits, dots, underscores or dashes');

/**
 * Parses the JSON body with a zod schema.
 * @throws PayloadTooLargeError when the body is over {@link MAX_BODY_BYTES}.
 * @throws ValidationError naming each bad field, or the body itself when it is not JSON.
 */
export function parseBody<S extends z.ZodType>(
  event: APIGatewayProxyEventV2,
  schema: S,
): z.infer<S> {
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
  const result = schema.safeParse(raw);
  if (!result.success)
    throw new ValidationError(RequestPart.body, toValidationIssues(result.error));
  return result.data;
}

/**
 * A path parameter, checked with a schema (route parameters reach the
 * store as stream ids, so they are validated like any other input).
 * @throws ValidationError naming the parameter.
 */
export function pathParameter<S extends z.ZodType<string>>(
  event: APIGatewayProxyEventV2,
  name: string,
  schema: S,
): z.infer<S> {
  const result = schema.safeParse(event.pathParameters?.[name]);
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
export function parseQuery<S extends z.ZodType>(
  event: APIGatewayProxyEventV2,
  schema: S,
): z.infer<S> {
  const result = schema.safeParse(event.queryStringParameters ?? {});
  if (!result.success) {
    throw new ValidationError(RequestPart.query, toValidationIssues(result.error));
  }
  return result.data;
}
