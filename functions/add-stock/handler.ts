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
import { idempotentCommands } from '../../shared/http/idempotency';
import { createDynamoDbClient } from '../../shared/runtime/dynamodb';
import { createEventStore } from '../../shared/runtime/event-store';
import { createPowertools } from '../../shared/runtime/powertools';
import * as z from '../../shared/zod';

const tools = createPowertools('add-stock');
const dynamodb = createDynamoDbClient(tools.tracer);
const store = createEventStore(dynamodb);
const idempotent = idempotentCommands({
  keyPrefix: 'add-stock',
  client: dynamodb,
});

/** Body of `POST /inventory/{sku}/stock`. */
const AddStockBody = z.object({ quantity: z.int().check(z.positive(), z.maximum(1_000_000)) });

/**
 * `POST /inventory/{sku}/stock`: adds stock; 200 with the level and stream
 * version. With an `Idempotency-Key`, a retry answers the first response and
 * adds nothing.
 */
export const handler = httpHandler(tools, async (request) => {
  const sku = pathParameter(request.event, 'sku', SkuParameter);
  const body = parseBody(request.event, AddStockBody);
  return idempotent(request, { resource: `stock ${sku}`, body }, async () => {
    const result = await handleCommand({
      store,
      decider: inventoryDecider,
      streamId: StreamIds.inventory(sku),
      command: { type: 'AddStock', sku, quantity: body.quantity },
      context: commandContext(request.correlationId),
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
});
