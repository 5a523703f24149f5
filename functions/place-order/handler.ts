import { randomUUID } from 'node:crypto';
import { handleCommand } from '../../shared/command';
import { orderDecider } from '../../shared/domain';
import { StreamIds } from '../../shared/domain/stream-ids';
import { commandContext, httpHandler, parseBody } from '../../shared/http';
import { createEventStore } from '../../shared/runtime/event-store';
import { createPowertools } from '../../shared/runtime/powertools';
import { PlaceOrderBody } from './body';

const tools = createPowertools('place-order');
const store = createEventStore(tools.tracer);

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
    command: {
      type: 'PlaceOrder',
      orderId,
      customerId: body.customerId,
      ...(body.customerEmail === undefined ? {} : { customerEmail: body.customerEmail }),
      lines: body.lines,
    },
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
