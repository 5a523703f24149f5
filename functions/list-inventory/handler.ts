import { CursorParameter, httpHandler, LimitParameter, parseQuery } from '../../shared/http';
import { createDynamoDbClient } from '../../shared/runtime/dynamodb';
import { createPowertools } from '../../shared/runtime/powertools';
import { createReadModelQueries } from '../../shared/runtime/read-models';
import * as z from '../../shared/zod';

const tools = createPowertools('list-inventory');
const dynamodb = createDynamoDbClient(tools.tracer);
const queries = createReadModelQueries(dynamodb);

const Query = z.object({
  limit: z._default(LimitParameter, 50),
  cursor: z.optional(CursorParameter),
});

/**
 * `GET /inventory?limit=&cursor=`: every SKU's stock level (added, reserved,
 * available), by SKU, from the `StockLevel` read model.
 */
export const handler = httpHandler(tools, async ({ event }) => {
  const query = parseQuery(event, Query);
  const page = await queries.stockLevels({
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  return { status: 200, body: page };
});
