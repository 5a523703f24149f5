import { inject } from 'vitest';
import type { LocalCloudOptions } from '../../local/cloud';
import { startLocalCloud } from '../../local/cloud';
import type { Clock } from '../../local/core/clock';
import { ManualClock } from '../../local/core/clock';
import { memoryLogger } from '../../local/core/console-logger';

/**
 * The local cloud on a manual clock, sharing the run's DynamoDB Local, with
 * SDK client settings for it — for service tests. `options` turns on the
 * cloud's fidelity hooks (duplicate and reordered SQS delivery, shuffled
 * replays).
 */
export async function startServiceEndpoint(
  clock: Clock = new ManualClock(),
  options: Pick<LocalCloudOptions, 'sqs' | 'replays'> = {},
) {
  const logger = memoryLogger();
  const cloud = await startLocalCloud({
    ...options,
    clock,
    logger,
    dynamodb: { endpoint: inject('dynamoDbEndpoint') },
  });
  const clientConfig = {
    endpoint: cloud.url,
    region: cloud.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  return {
    url: cloud.url,
    clock,
    logger,
    sqs: cloud.sqs,
    lambda: cloud.lambda,
    clientConfig,
    stop: () => cloud.stop(),
  };
}
