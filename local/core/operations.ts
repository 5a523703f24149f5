import { AwsServiceError } from './errors';

/**
 * Runs an operation on a service written as `op<Operation>(input)` methods,
 * answering `UnknownOperationException` for any other name.
 */
export function dispatchOperation(
  service: object,
  operation: string,
  input: Record<string, unknown>,
): Promise<unknown> {
  const method = (service as Record<string, unknown>)[`op${operation}`];
  if (typeof method !== 'function') {
    throw new AwsServiceError('UnknownOperationException', `Unknown operation ${operation}`);
  }
  return Promise.resolve((method as (i: Record<string, unknown>) => unknown).call(service, input));
}
