import type { AwsEndpoint } from '../../core/server';
import { httpProxy } from '../../core/server';
import type { DynamoDbLocal } from '../../dynamodb/start-dynamodb-local';
import { startDynamoDbLocal } from '../../dynamodb/start-dynamodb-local';

/**
 * `X-Amz-Target` prefixes of DynamoDB and of DynamoDB Streams. DynamoDB
 * Local serves both (ListStreams, DescribeStream, GetShardIterator,
 * GetRecords), so both are forwarded to it.
 */
export const DYNAMODB_TARGET_PREFIXES = ['DynamoDB_20120810', 'DynamoDBStreams_20120810'] as const;

/** Which DynamoDB Local the cloud uses: one already running, or one it starts and stops. */
export type DynamoDbOption = { readonly endpoint: string } | 'start';

/** The DynamoDB Local behind the endpoint. */
export interface DynamoDbBackend {
  /** `http://127.0.0.1:<port>` of DynamoDB Local. */
  readonly endpoint: string;
  /** Whether the cloud started it (and so stops it). */
  readonly owned: boolean;
  /** Stops it if the cloud started it; safe to call twice. */
  stop(): Promise<void>;
}

/** Starts DynamoDB Local on a free port, or attaches to a running one. */
export async function openDynamoDbBackend(
  option: DynamoDbOption = 'start',
): Promise<DynamoDbBackend> {
  if (option !== 'start') {
    return { endpoint: option.endpoint.replace(/\/+$/, ''), owned: false, stop: async () => {} };
  }
  const local: DynamoDbLocal = await startDynamoDbLocal();
  return { endpoint: local.endpoint, owned: true, stop: () => local.stop() };
}

/** Forwards DynamoDB and DynamoDB Streams requests to the backend, answering with its responses verbatim. */
export function proxyDynamoDb(endpoint: AwsEndpoint, backend: DynamoDbBackend): void {
  const proxy = httpProxy(backend.endpoint);
  for (const prefix of DYNAMODB_TARGET_PREFIXES) endpoint.addProxy(prefix, proxy);
}
