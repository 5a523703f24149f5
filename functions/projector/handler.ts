import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSEvent } from 'aws-lambda';
import { consumeEventBatch } from '../../shared/consumer';
import {
  fromEnvelope,
  Projector,
  ReadModelTable,
  readProjectionStates,
} from '../../shared/read-models';
import { createDynamoDbClient } from '../../shared/runtime/dynamodb';
import { createEventStore } from '../../shared/runtime/event-store';
import { publishMetrics } from '../../shared/runtime/metrics';
import { createPowertools, requireEnv } from '../../shared/runtime/powertools';

const tools = createPowertools('projector');
const dynamodb = createDynamoDbClient(tools.tracer);
const table = new ReadModelTable({
  client: dynamodb,
  tableName: requireEnv('READ_MODEL_TABLE_NAME'),
});
const projector = new Projector({ table, store: createEventStore(dynamodb) });

/**
 * The projector: applies every delivered event to the read models, ordered
 * per stream and idempotent (see `Projector`). Replays are welcome: they
 * change nothing already applied.
 */
export const handler = async (event: SQSEvent, context: Context) => {
  tools.logger.addContext(context);
  try {
    // Which versions to write, read once per batch (strongly consistent): every
    // event of the batch was committed before it, so a rebuild marked after this
    // read finds them in the store.
    const states = await readProjectionStates(table);
    return await consumeEventBatch(event, context, {
      logger: tools.logger,
      handle: async (envelope, { logger }) => {
        const outcomes = await projector.project(fromEnvelope(envelope), states);
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
    publishMetrics(tools.metrics);
  }
};
