import { decodePathSegment } from './http';
import type { RestAnswer } from './server';

/**
 * Where a REST-JSON operation lives (`@http` in AWS's model): its method and
 * path, and the input field its one path label fills (`/v2/email/identities/{EmailIdentity}`).
 */
export interface RestBinding {
  readonly method: string;
  /** The whole path; its first capture group is the label's value, percent-encoded. */
  readonly path: RegExp;
  readonly operation: string;
  /** The input field the path label fills. @default - the path has no label */
  readonly label?: string;
}

/** The operation a request names, with the input field its path label fills. */
export interface BoundRequest {
  readonly operation: string;
  readonly labels: Record<string, string>;
}

/**
 * Finds the operation a REST request is for.
 * @returns undefined when no binding matches, or when the label is not
 *   valid percent-encoding (the endpoint then answers for the path)
 */
export function bindRestRequest(
  bindings: readonly RestBinding[],
  method: string,
  path: string,
): BoundRequest | undefined {
  for (const binding of bindings) {
    if (binding.method !== method) continue;
    const match = binding.path.exec(path);
    if (!match) continue;
    if (binding.label === undefined) return { operation: binding.operation, labels: {} };
    const value = decodePathSegment(match[1] ?? '');
    if (value === undefined) return undefined;
    return { operation: binding.operation, labels: { [binding.label]: value } };
  }
  return undefined;
}

/** A REST-JSON answer: the output as the JSON body. */
export function restJsonAnswer(status: number, output: unknown): RestAnswer {
  return { status, body: JSON.stringify(output ?? {}) };
}

/**
 * A REST-JSON error answer, as Lambda and SES v2 send them: the code in
 * `x-amzn-ErrorType`, the message (and any service-specific fields) in the body.
 */
export function restJsonError(
  error: { readonly code: string; readonly statusCode: number; readonly message: string },
  fields: Record<string, unknown> = {},
): RestAnswer {
  return {
    status: error.statusCode,
    headers: { 'x-amzn-errortype': error.code },
    body: JSON.stringify({ ...fields, message: error.message }),
  };
}
