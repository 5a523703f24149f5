import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { OutboxPublisher, UnpublishableEventError } from '../../shared/publisher';
import { publishMetrics } from '../../shared/runtime/metrics';
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
 * first unpublished record. A record that can never be published, at the
 * head of the batch, fails the invocation so that bisect-on-error isolates it
 * (see `OutboxPublisher`).
 *
 * Metrics: `EventsPublished`, `EventsNotPublished` (handed back to the
 * stream by a batch item failure), `UnpublishableEvents`.
 */
export async function handler(
  event: DynamoDBStreamEvent,
  context?: Context,
): Promise<DynamoDBBatchResponse> {
  if (context) logger.addContext(context);
  try {
    const result = await publisher.publish(event.Records);
    metrics.addMetric('EventsPublished', MetricUnit.Count, result.published);
    metrics.addMetric('EventsNotPublished', MetricUnit.Count, result.unpublished);
    if (result.unpublishable > 0) {
      metrics.addMetric('UnpublishableEvents', MetricUnit.Count, result.unpublishable);
    }
    logger.info('stream batch handled', {
      records: event.Records.length,
      published: result.published,
      skipped: result.skipped,
      unpublished: result.unpublished,
      calls: result.calls,
      resumeAt: result.batchItemFailures[0]?.itemIdentifier,
    });
    return { batchItemFailures: result.batchItemFailures };
  } catch (error) {
    if (error instanceof UnpublishableEventError) {
      metrics.addMetric('UnpublishableEvents', MetricUnit.Count, 1);
    }
    throw error;
  } finally {
    publishMetrics(metrics);
  }
}
