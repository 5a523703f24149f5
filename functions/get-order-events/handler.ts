import { StreamIds } from '../../shared/domain/stream-ids';
import { StreamNotFoundError } from '../../shared/errors';
import {
  decimalInteger,
  httpHandler,
  OrderIdParameter,
  parseQuery,
  pathParameter,
} from '../../shared/http';
import { createDynamoDbClient } from '../../shared/runtime/dynamodb';
import { createEventStore } from '../../shared/runtime/event-store';
import { createPowertools } from '../../shared/runtime/powertools';
import * as z from '../../shared/zod';

const tools = createPowertools('get-order-events');
const dynamodb = createDynamoDbClient(tools.tracer);
const store = createEventStore(dynamodb);

/** Query of `GET /orders/{orderId}/events`. */
const Query = z.object({
  fromVersion: z._default(decimalInteger(1, Number.MAX_SAFE_INTEGER), 1),
  limit: z._default(decimalInteger(1, 100), 20),
});

/**
 * `GET /orders/{orderId}/events?fromVersion=&limit=`: one page of the order's
 * events in version order, with the cursor of the next page (`null` on the last).
 */
export const handler = httpHandler(tools, async ({ event }) => {
  const orderId = pathParameter(event, 'orderId', OrderIdParameter);
  const query = parseQuery(event, Query);
  const streamId = StreamIds.order(orderId);
  const page = await store.read(streamId, {
    fromVersion: query.fromVersion,
    maxCount: query.limit,
  });
  // An empty page is either past the end of a stream or no stream at all.
  if (page.events.length === 0 && (await store.lastVersion(streamId)) === 0) {
    throw new StreamNotFoundError(streamId);
  }
  const next = page.nextVersion;
  return {
    status: 200,
    body: {
      events: page.events.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        version: e.version,
        schemaVersion: e.schemaVersion,
        data: e.data,
        metadata: e.metadata,
      })),
      nextVersion: next ?? null,
      next:
        next === undefined
          ? null
          : `/orders/${orderId}/events?fromVersion=${next}&limit=${query.limit}`,
    },
  };
});
