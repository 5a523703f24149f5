import type { Context, SQSEvent } from 'aws-lambda';
import { toDomainEvent } from '../../shared/command/load-aggregate';
import { consumeEventBatch } from '../../shared/consumer';
import type { OrderEvent } from '../../shared/domain/order/order';
import { orderDecider } from '../../shared/domain/order/order';
import { createPowertools } from '../../shared/runtime/powertools';
import { createSagaDeps } from '../../shared/runtime/saga';
import { refundPayment, releaseStock } from '../../shared/saga';

const tools = createPowertools('order-cancellation');
const deps = createSagaDeps(tools.tracer);

/**
 * Undoes a confirmed order that was cancelled (choreography): refunds its
 * payment and releases every line's stock. An order cancelled before it was
 * confirmed is the saga's to compensate, so nothing happens here. Each
 * command's event ids derive from the `OrderCancelled` event id, and both
 * undo steps treat "nothing to undo" as success, so a duplicate delivery
 * (or a race with the saga's own compensation) changes nothing.
 */
export const handler = async (event: SQSEvent, context: Context) => {
  tools.logger.addContext(context);
  return consumeEventBatch(event, context, {
    logger: tools.logger,
    handle: async (envelope, { logger }) => {
      if (envelope.type !== 'OrderCancelled') return;
      const before = await deps.store.read(envelope.metadata.streamId, {
        fromVersion: 1,
        maxCount: Math.max(1, envelope.metadata.version - 1),
      });
      const state = before.events
        .filter((e) => e.version < envelope.metadata.version)
        .reduce(
          (s, e) => orderDecider.evolve(s, toDomainEvent<OrderEvent>(e)),
          orderDecider.initialState(),
        );
      if (state.status !== 'confirmed') {
        logger.info('cancelled before confirmation: the saga compensates', {
          status: state.status,
        });
        return;
      }
      const origin = {
        execution: `cancel-${envelope.metadata.eventId}`,
        correlationId: envelope.metadata.correlationId,
      };
      const refund = await refundPayment(deps, origin, envelope.data.orderId);
      const release = await releaseStock(deps, origin, envelope.data.orderId);
      logger.info('confirmed order undone', { ...refund, ...release });
    },
  });
};
