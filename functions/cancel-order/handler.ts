import { handleCommand } from '../../shared/command';
import { orderDecider } from '../../shared/domain';
import { StreamIds } from '../../shared/domain/stream-ids';
import {
  commandContext,
  freeText,
  httpHandler,
  OrderIdParameter,
  parseBody,
  pathParameter,
} from '../../shared/http';
import { idempotentCommands } from '../../shared/http/idempotency';
import { createDynamoDbClient } from '../../shared/runtime/dynamodb';
import { createEventStore } from '../../shared/runtime/event-store';
import { createPowertools } from '../../shared/runtime/powertools';
import * as z from '../../shared/zod';

const tools = createPowertools('cancel-order');
const dynamodb = createDynamoDbClient(tools.tracer);
const store = createEventStore(dynamodb);
const idempotent = idempotentCommands({
  keyPrefix: 'cancel-order',
  client: dynamodb,
});

/** Body of `POST /orders/{orderId}/cancel`. */
const CancelOrderBody = z.object({ reason: freeText(500) });

/**
 * `POST /orders/{orderId}/cancel`: cancels an order; 200 with its status and
 * new stream version (404 when there is no such order, 422 when it cannot be
 * cancelled any more). With an `Idempotency-Key`, a retry answers the first
 * response instead of 422 `order.already_cancelled`.
 */
export const handler = httpHandler(tools, async (request) => {
  const orderId = pathParameter(request.event, 'orderId', OrderIdParameter);
  const body = parseBody(request.event, CancelOrderBody);
  return idempotent(request, { resource: `order ${orderId}`, body }, async () => {
    const result = await handleCommand({
      store,
      decider: orderDecider,
      streamId: StreamIds.order(orderId),
      command: { type: 'CancelOrder', orderId, reason: body.reason },
      context: commandContext(request.correlationId),
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
});
