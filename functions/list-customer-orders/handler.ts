import {
  CursorParameter,
  CustomerIdParameter,
  httpHandler,
  LimitParameter,
  parseQuery,
  pathParameter,
} from '../../shared/http';
import { createDynamoDbClient } from '../../shared/runtime/dynamodb';
import { createPowertools } from '../../shared/runtime/powertools';
import { createReadModelQueries } from '../../shared/runtime/read-models';
import * as z from '../../shared/zod';

const tools = createPowertools('list-customer-orders');
const dynamodb = createDynamoDbClient(tools.tracer);
const queries = createReadModelQueries(dynamodb);

const Query = z.object({
  limit: z._default(LimitParameter, 20),
  cursor: z.optional(CursorParameter),
});

/**
 * `GET /customers/{customerId}/orders?limit=&cursor=`: the customer's orders,
 * newest first, from the `CustomerOrders` read model (eventually consistent;
 * `freshness` says how fresh).
 */
export const handler = httpHandler(tools, async ({ event }) => {
  const customerId = pathParameter(event, 'customerId', CustomerIdParameter);
  const query = parseQuery(event, Query);
  const page = await queries.customerOrders(customerId, {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  return { status: 200, body: { customerId, ...page } };
});
