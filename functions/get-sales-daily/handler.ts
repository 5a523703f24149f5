import { ValidationError } from '../../shared/errors';
import { DayParameter, httpHandler, parseQuery } from '../../shared/http';
import { createDynamoDbClient } from '../../shared/runtime/dynamodb';
import { createPowertools } from '../../shared/runtime/powertools';
import { createReadModelQueries } from '../../shared/runtime/read-models';
import * as z from '../../shared/zod';

const tools = createPowertools('get-sales-daily');
const dynamodb = createDynamoDbClient(tools.tracer);
const queries = createReadModelQueries(dynamodb);

/** Longest window one request may ask for, in days. */
const MAX_DAYS = 366;
const Query = z.object({ from: DayParameter, to: DayParameter });

/**
 * `GET /reports/sales/daily?from=YYYY-MM-DD&to=YYYY-MM-DD`: per UTC day and
 * currency, orders placed, confirmed and cancelled and confirmed revenue,
 * from the `SalesDaily` read model.
 */
export const handler = httpHandler(tools, async ({ event }) => {
  const { from, to } = parseQuery(event, Query);
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (days < 1 || days > MAX_DAYS) {
    throw new ValidationError('query', [
      {
        path: 'to',
        message: `must be from 'from' to ${MAX_DAYS} days after it, got ${from}..${to}`,
      },
    ]);
  }
  const page = await queries.salesDaily(from, to);
  return { status: 200, body: { from, to, ...page } };
});
