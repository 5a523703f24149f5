import { z } from 'zod';
import { handleCommand } from '../../shared/command';
import { inventoryDecider } from '../../shared/domain';
import { StreamIds } from '../../shared/domain/stream-ids';
import { ValidationError } from '../../shared/errors';
import {
  commandContext,
  httpHandler,
  parseBody,
  pathParameter,
} from '../../shared/http/http-handler';
import { createEventStore } from '../../shared/runtime/event-store';
import { createPowertools } from '../../shared/runtime/powertools';

const tools = createPowertools('add-stock');
const store = createEventStore(tools.tracer);

/** Body of `POST /inventory/{sku}/stock`. */
const AddStockBody = z.object({ quantity: z.int().positive().max(1_000_000) });
const Sku = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (1 to 64)');

/** `POST /inventory/{sku}/stock`: adds stock; 200 with the level and stream version. */
export const handler = httpHandler(tools, async ({ event, correlationId }) => {
  const parsedSku = Sku.safeParse(pathParameter(event, 'sku'));
  if (!parsedSku.success) {
    throw new ValidationError('path', [
      { path: 'sku', message: parsedSku.error.issues[0]?.message ?? 'invalid' },
    ]);
  }
  const sku = parsedSku.data;
  const body = parseBody(event, AddStockBody);
  const result = await handleCommand({
    store,
    decider: inventoryDecider,
    streamId: StreamIds.inventory(sku),
    command: { type: 'AddStock', sku, quantity: body.quantity },
    context: commandContext(correlationId),
  });
  return { status: 200, body: { sku, available: result.state.available, version: result.version } };
});
