import { randomUUID } from 'node:crypto';
import { handleCommand } from '../../shared/command';
import { orderDecider } from '../../shared/domain';
import { StreamIds } from '../../shared/domain/stream-ids';
import type { HttpResponse } from '../../shared/http';
import { commandContext, httpHandler, parseBody } from '../../shared/http';
import { idempotentCommands } from '../../shared/http/idempotency';
import { createDynamoDbClient } from '../../shared/runtime/dynamodb';
import { createEventStore } from '../../shared/runtime/event-store';
import { createPowertools } from '../../shared/runtime/powertools';
import { PlaceOrderBody } from './body';

const tools = createPowertools('place-order');
const dynamodb = createDynamoDbClient(tools.tracer);
const store = createEventStore(dynamodb);
const idempotent = idempotentCommands({
  keyPrefix: 'place-order',
  client: dynamodb,
});

/**
 * `POST /orders`: places an order under a new id; 201 with the id, the
 * stream version and a `location` header. With an `Idempotency-Key`, a
 * retry answers the first response (same order id) instead of placing
 * another order.
 */
export const handler = httpHandler(tools, async (request) => {
  const body = parseBody(request.event, PlaceOrderBody);
  return idempotent(request, { resource: '', body }, () => place(body, request.correlationId));
});

async function place(body: PlaceOrderBody, correlationId: string): Promise<HttpResponse> {
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
}
