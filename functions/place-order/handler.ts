import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { handleCommand } from '../../shared/command';
import { orderDecider } from '../../shared/domain';
import { StreamIds } from '../../shared/domain/stream-ids';
import { OrderLineSchema } from '../../shared/events/orders';
import { commandContext, httpHandler, parseBody } from '../../shared/http/http-handler';
import { createEventStore } from '../../shared/runtime/event-store';
import { createPowertools } from '../../shared/runtime/powertools';

const tools = createPowertools('place-order');
const store = createEventStore(tools.tracer);

/** Body of `POST /orders`. */
const PlaceOrderBody = z.object({
  customerId: z.string().min(1).max(128),
  lines: z.array(OrderLineSchema).min(1).max(100),
});

/** `POST /orders`: places an order; 201 with its id and stream version. */
export const handler = httpHandler(tools, async ({ event, correlationId }) => {
  const body = parseBody(event, PlaceOrderBody);
  const orderId = randomUUID();
  const result = await handleCommand({
    store,
    decider: orderDecider,
    streamId: StreamIds.order(orderId),
    command: { type: 'PlaceOrder', orderId, customerId: body.customerId, lines: body.lines },
    context: commandContext(correlationId),
  });
  tools.logger.info('order placed', { orderId, total: result.state.total });
  return {
    status: 201,
    body: { orderId, version: result.version },
    headers: { location: `/orders/${orderId}` },
  };
});
