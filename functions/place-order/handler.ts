import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { handleCommand } from '../../shared/command';
import { orderDecider } from '../../shared/domain';
import { StreamIds } from '../../shared/domain/stream-ids';
import { OrderLineSchema } from '../../shared/events/orders';
import { commandContext, httpHandler, parseBody } from '../../shared/http';
import { createEventStore } from '../../shared/runtime/event-store';
import { createPowertools } from '../../shared/runtime/powertools';

const tools = createPowertools('place-order');
const store = createEventStore(tools.tracer);

/** Body of `POST /orders`. */
const PlaceOrderBody = z.object({
  customerId: z.string().min(1).max(128),
  lines: z.array(OrderLineSchema).min(1).max(100),
});

/**
 * `POST /orders`: places an order under a new id; 201 with the id, the
 * stream version and a `location` header.
 */
export const handler = httpHandler(tools, async ({ event, correlationId }) => {
  const body = parseBody(event, PlaceOrderBody);
  const orderId = randomUUID();
  const context = commandContext(correlationId);
  const result = await handleCommand({
    store,
    decider: orderDecider,
    streamId: StreamIds.order(orderId),
    command: { type: 'PlaceOrder', orderId, customerId: body.customerId, lines: body.lines },
    context,
  });
  tools.logger.info('order placed', {
    orderId,
    commandId: context.causationId,
    version: result.version,
  });
  return {
    status: 201,
    body: { orderId, version: result.version, eventIds: result.events.map((e) => e.eventId) },
    headers: { location: `/orders/${orderId}` },
  };
});
