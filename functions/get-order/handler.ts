import { loadAggregate } from '../../shared/command';
import { orderDecider } from '../../shared/domain';
import { StreamIds } from '../../shared/domain/stream-ids';
import { StreamNotFoundError } from '../../shared/errors';
import { httpHandler, OrderIdParameter, pathParameter } from '../../shared/http';
import { createDynamoDbClient } from '../../shared/runtime/dynamodb';
import { createEventStore } from '../../shared/runtime/event-store';
import { createPowertools } from '../../shared/runtime/powertools';
import { loadOrderOutcome } from '../../shared/saga/order-outcome';

const tools = createPowertools('get-order');
const dynamodb = createDynamoDbClient(tools.tracer);
const store = createEventStore(dynamodb);

/**
 * `GET /orders/{orderId}`: the order's state, folded from its events, its
 * version, and where its saga left it — the stock held for it and its
 * payment, each read from its own stream (strongly consistent).
 */
export const handler = httpHandler(tools, async ({ event }) => {
  const orderId = pathParameter(event, 'orderId', OrderIdParameter);
  const streamId = StreamIds.order(orderId);
  const { state, version } = await loadAggregate(store, orderDecider, streamId);
  if (version === 0) throw new StreamNotFoundError(streamId);
  const outcome = await loadOrderOutcome(store, orderId, state);
  return { status: 200, body: { ...state, version, ...outcome } };
});
