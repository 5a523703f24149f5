import { CoreErrors } from './errors';

/**
 * A request as an operation receives it: the field names of the SDK's
 * `XCommandInput` (so the compiler refuses a misspelt field), each value
 * unchecked — it came over the wire, and the handler validates it.
 */
export type Request<I> = { readonly [K in keyof I]?: unknown };

/**
 * A value as AWS's JSON protocols carry it: timestamps as epoch seconds,
 * blobs as base64 text; everything else as the SDK's model types it.
 */
export type OnTheWire<T> = T extends Date
  ? number
  : T extends Uint8Array
    ? string
    : T extends readonly (infer E)[]
      ? OnTheWire<E>[]
      : T extends object
        ? { [K in keyof T]: OnTheWire<T[K]> }
        : T;

/**
 * What an operation answers: the SDK's `XCommandOutput` without the
 * `$metadata` the client adds, as it travels. Handlers end in
 * `return { ... } satisfies Answer<PutRuleCommandOutput>`, so the compiler
 * checks every field name and type against AWS's model.
 */
export type Answer<O> = OnTheWire<Omit<O, '$metadata'>>;

/** One operation: the request's JSON object to the answer's. */
export type OperationHandler = (input: Record<string, unknown>) => unknown;

/** A service's operations by AWS name (`CreateQueue`, `PutEvents`, ...). */
export type OperationTable = Readonly<Record<string, OperationHandler>>;

/** Something that declares its operations in an {@link OperationTable}. */
export interface OperationProvider {
  /** How the service is named in errors (its `X-Amz-Target` prefix or its name). */
  readonly targetPrefix: string;
  readonly operations: OperationTable;
}

/**
 * Declares a service's operations — the one way every local service does it.
 * Each handler takes a {@link Request} and returns an {@link Answer} of its
 * SDK command; the table is frozen, so what a service answers is fixed at
 * construction.
 */
export function defineOperations<T extends OperationTable>(operations: T): T {
  return Object.freeze(operations);
}

/** An operation written over a service's parts (its state, registry, ...): `(parts, request) => answer`. */
export type OperationOn<P> = (parts: P, input: Record<string, unknown>) => unknown;

/**
 * Declares operations written as functions over the service's parts, as
 * EventBridge's are (`putRule(state, input)`): each is bound to `parts`.
 */
export function defineOperationsOn<P>(
  parts: P,
  operations: Readonly<Record<string, OperationOn<P>>>,
): OperationTable {
  return defineOperations(
    Object.fromEntries(
      Object.entries(operations).map(([name, operation]) => [
        name,
        (input: Record<string, unknown>) => operation(parts, input),
      ]),
    ),
  );
}

/** Whether `operation` is one of the service's own (not an inherited property). */
export function hasOperation(service: OperationProvider, operation: string): boolean {
  return Object.hasOwn(service.operations, operation);
}

/**
 * Runs one operation of a service, as the endpoint and in-process callers
 * (Step Functions' integrations) do.
 * @throws AwsServiceError `UnknownOperationException` for a name the service does not declare
 */
export async function runOperation(
  service: OperationProvider,
  operation: string,
  input: Record<string, unknown>,
): Promise<unknown> {
  if (!hasOperation(service, operation))
    throw CoreErrors.unknownOperation(`${service.targetPrefix}.${operation}`);
  return (service.operations[operation] as OperationHandler)(input);
}
