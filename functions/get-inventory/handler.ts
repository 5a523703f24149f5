import { loadAggregate } from '../../shared/command';
import { inventoryDecider } from '../../shared/domain';
import { StreamIds } from '../../shared/domain/stream-ids';
import { StreamNotFoundError } from '../../shared/errors';
import { httpHandler, pathParameter, SkuParameter } from '../../shared/http';
import { createDynamoDbClient } from '../../shared/runtime/dynamodb';
import { createEventStore } from '../../shared/runtime/event-store';
import { createPowertools } from '../../shared/runtime/powertools';

const tools = createPowertools('get-inventory');
const dynamodb = createDynamoDbClient(tools.tracer);
const store = createEventStore(dynamodb);

/** `GET /inventory/{sku}`: the SKU's stock level (added, reserved, available). */
export const handler = httpHandler(tools, async ({ event }) => {
  const sku = pathParameter(event, 'sku', SkuParameter);
  const streamId = StreamIds.inventory(sku);
  const { state, version } = await loadAggregate(store, inventoryDecider, streamId);
  if (version === 0) throw new StreamNotFoundError(streamId);
  const reserved = Object.values(state.reservations).reduce((sum, q) => sum + q, 0);
  return {
    status: 200,
    body: { sku, added: state.added, reserved, available: state.available, version },
  };
});
