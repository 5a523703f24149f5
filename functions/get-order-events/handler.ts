import { z } from 'zod';
import { StreamIds } from '../../shared/domain/stream-ids';
import { StreamNotFoundError, ValidationError } from '../../shared/errors';
import { toValidationIssues } from '../../shared/events/validate';
import { httpHandler, pathParameter } from '../../shared/http/http-handler';
import { createEventStore } from '../../shared/runtime/event-store';
import { createPowertools } from '../../shared/runtime/powertools';

const tools = createPowertools('get-order-events');
const store = createEventStore(tools.tracer);

/** Query of `GET /orders/{orderId}/events`. */
const Query = z.object({
  fromVersion: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** `GET /orders/{orderId}/events?fromVersion=&limit=`: one page of the order's events. */
export const handler = httpHandler(tools, async ({ event }) => {
  const orderId = pathParameter(event, 'orderId');
  const query = Query.safeParse(event.queryStringParameters ?? {});
  if (!query.success) throw new ValidationError('query', toValidationIssues(query.error));
  const streamId = StreamIds.order(orderId);
  const page = await store.read(streamId, {
    fromVersion: query.data.fromVersion,
    maxCount: query.data.limit,
  });
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
      next: next ? `/orders/${orderId}/events?fromVersion=${next}&limit=${query.data.limit}` : null,
    },
  };
});
