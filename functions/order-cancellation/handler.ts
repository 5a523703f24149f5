import type { Context, SQSEvent } from 'aws-lambda';
import { consumeEventBatch } from '../../shared/consumer';
import { createDynamoDbClient } from '../../shared/runtime/dynamodb';
import { createPowertools } from '../../shared/runtime/powertools';
import { createSagaDeps } from '../../shared/runtime/saga';
import { refundPayment, releaseStock } from '../../shared/saga';

const tools = createPowertools('order-cancellation');
const dynamodb = createDynamoDbClient(tools.tracer);
const deps = createSagaDeps(dynamodb);

/**
 * Undoes a cancelled order (choreography): refunds its payment and releases
 * every line's stock — for a confirmed order cancelled by its customer, and
 * as a second sweep behind the saga's own compensation (a reservation of a
 * Map sibling can land after the saga released, since a running Lambda is
 * not stopped with its Map). Each command's event ids derive from the
 * `OrderCancelled` event id, and both undo steps treat "nothing to undo" as
 * success, so a duplicate delivery, or the saga compensating at the same
 * time, changes nothing.
 */
export const handler = async (event: SQSEvent, context: Context) => {
  tools.logger.addContext(context);
  return consumeEventBatch(event, context, {
    logger: tools.logger,
    handle: async (envelope, { logger }) => {
      if (envelope.type !== 'OrderCancelled') return;
      const origin = {
        execution: `cancel-${envelope.metadata.eventId}`,
        correlationId: envelope.metadata.correlationId,
      };
      const refund = await refundPayment(deps, origin, envelope.data.orderId);
      const release = await releaseStock(deps, origin, envelope.data.orderId);
      logger.info('cancelled order undone', { ...refund, ...release });
    },
  });
};
