import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { consumeEventBatch } from '../../shared/consumer';
import { fromEnvelope, Projector, ReadModelTable } from '../../shared/read-models';
import { createEventStore } from '../../shared/runtime/event-store';
import { createPowertools, requireEnv } from '../../shared/runtime/powertools';

const tools = createPowertools('projector');
const projector = new Projector({
  table: new ReadModelTable({
    client: tools.tracer.captureAWSv3Client(new DynamoDBClient({})),
    tableName: requireEnv('READ_MODEL_TABLE_NAME'),
  }),
  store: createEventStore(tools.tracer),
});

/**
 * The projector: applies every delivered event to the read models, ordered
 * per stream and idempotent (see `Projector`). Replays are welcome: they
 * change nothing already applied.
 */
export const handler = async (event: SQSEvent, context: Context) => {
  tools.logger.addContext(context);
  try {
    return await consumeEventBatch(event, context, {
      logger: tools.logger,
      handle: async (envelope, { logger }) => {
        const outcomes = await projector.project(fromEnvelope(envelope));
        const changed = outcomes.filter((o) => o.result === 'applied' || o.result === 'gap-filled');
        for (const o of outcomes) {
          if (o.result === 'gap-filled') tools.metrics.addMetric('GapsFilled', MetricUnit.Count, 1);
          if (o.result === 'duplicate') tools.metrics.addMetric('Duplicates', MetricUnit.Count, 1);
        }
        logger.info('projected', {
          outcomes: outcomes
            .filter((o) => o.result !== 'ignored')
            .map((o) => `${o.projection}@${o.version}:${o.result}`),
          changed: changed.length,
        });
      },
    });
  } finally {
    if (tools.metrics.hasStoredMetrics()) tools.metrics.publishStoredMetrics();
  }
};
