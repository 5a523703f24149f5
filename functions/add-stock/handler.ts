import * as z from 'zod';
import { handleCommand } from '../../shared/command';
import { inventoryDecider } from '../../shared/domain';
import { StreamIds } from '../../shared/domain/stream-ids';
import {
  commandContext,
  httpHandler,
  parseBody,
  pathParameter,
  SkuParameter,
} from '../../shared/http';
import { createEventStore } from '../../shared/runtime/event-store';
import { createPowertools } from '../../shared/runtime/powertools';

const tools = createPowertools('add-stock');
const store = createEventStore(tools.tracer);

/** Body of `POST /inventory/{sku}/stock`. */
const AddStockBody = z.object({ quantity: z.int().positive().max(1_000_000) });

/** `POST /inventory/{sku}/stock`: adds stock; 200 with the level and stream version. */
export const handler = httpHandler(tools, async ({ event, correlationId }) => {
  const sku = pathParameter(event, 'sku', SkuParameter);
  const body = parseBody(event, AddStockBody);
  const result = await handleCommand({
    store,
    decider: inventoryDecider,
    streamId: StreamIds.inventory(sku),
    command: { type: 'AddStock', sku, quantity: body.quantity },
    context: commandContext(correlationId),
  });
  return {
    status: 200,
    body: {
      sku,
      available: result.state.available,
      version: result.version,
      eventIds: result.events.map((e) => e.eventId),
    },
  };
});
