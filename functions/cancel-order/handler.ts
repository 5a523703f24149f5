import * as z from 'zod';
import { handleCommand } from '../../shared/command';
import { orderDecider } from '../../shared/domain';
import { StreamIds } from '../../shared/domain/stream-ids';
import {
  commandContext,
  httpHandler,
  OrderIdParameter,
  parseBody,
  pathParameter,
} from '../../shared/http';
import { createEventStore } from '../../shared/runtime/event-store';
import { createPowertools } from '../../shared/runtime/powertools';

const tools = createPowertools('cancel-order');
const store = createEventStore(tools.tracer);

/** Body of `POST /orders/{orderId}/cancel`. */
const CancelOrderBody = z.object({ reason: z.string().min(1).max(500) });

/**
 * `POST /orders/{orderId}/cancel`: cancels an order; 200 with its status and
 * new stream version (404 when there is no such order, 422 when it cannot be
 * cancelled any more).
 */
export const handler = httpHandler(tools, async ({ event, correlationId }) => {
  const orderId = pathParameter(event, 'orderId', OrderIdParameter);
  const body = parseBody(event, CancelOrderBody);
  const result = await handleCommand({
    store,
    decider: orderDecider,
    streamId: StreamIds.order(orderId),
    command: { type: 'CancelOrder', orderId, reason: body.reason },
    context: commandContext(correlationId),
  });
  return {
    status: 200,
    body: {
      orderId,
      status: result.state.status,
      version: result.version,
      eventIds: result.events.map((e) => e.eventId),
    },
  };
});
