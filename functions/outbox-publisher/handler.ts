import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { OutboxPublisher } from '../../shared/publisher';
import { createPowertools, requireEnv } from '../../shared/runtime/powertools';

const { logger, metrics, tracer } = createPowertools('outbox-publisher');
const publisher = new OutboxPublisher({
  client: tracer.captureAWSv3Client(new EventBridgeClient({})),
  eventBusName: requireEnv('EVENT_BUS_NAME'),
  logger,
});

/**
 * The outbox publisher function: the event table's stream → EventBridge.
 * Runs with `ReportBatchItemFailures`, so a failure resumes the stream at the
 * first unpublished record.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const result = await publisher.publish(event.Records);
  metrics.addMetric('EventsPublished', MetricUnit.Count, result.published);
  if (result.batchItemFailures.length > 0) {
    metrics.addMetric('PublishFailures', MetricUnit.Count, 1);
  }
  if (result.unpublishable > 0) {
    metrics.addMetric('UnpublishableEvents', MetricUnit.Count, result.unpublishable);
  }
  metrics.publishStoredMetrics();
  logger.info('stream batch handled', {
    records: event.Records.length,
    published: result.published,
    skipped: result.skipped,
    resumeAt: result.batchItemFailures[0]?.itemIdentifier,
  });
  return { batchItemFailures: result.batchItemFailures };
}
