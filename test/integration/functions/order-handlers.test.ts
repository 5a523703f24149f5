import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createEventTable, dynamoDbClient } from '../../helpers/dynamodb';
import { httpEvent } from '../../helpers/http-events';

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>;
const handlers: Record<string, Handler> = {};

beforeAll(async () => {
  // Handlers read their configuration at module scope, as in Lambda.
  process.env.EVENT_TABLE_NAME = await createEventTable(dynamoDbClient(), 'handlers');
  process.env.AWS_ENDPOINT_URL = inject('dynamoDbEndpoint');
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  process.env.POWERTOOLS_TRACE_ENABLED = 'false';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  for (const name of [
    'place-order',
    'cancel-order',
    'get-order',
    'get-order-events',
    'add-stock',
    'get-inventory',
  ]) {
    handlers[name] = (
      (await import(`../../../functions/${name}/handler.ts`)) as { handler: Handler }
    ).handler;
  }
});

async function call(name: string, event: APIGatewayProxyEventV2) {
  const result = (await (handlers[name] as Handler)(event)) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    body: JSON.parse(String(result.body)),
  };
}

const line = { sku: 'SKU-1', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } };
const place = (body: unknown, headers?: Record<string, string>) =>
  call('place-order', httpEvent('POST /orders', { body, ...(headers ? { headers } : {}) }));

describe('Functions: orders', () => {
  it('places, reads, cancels and lists an order', async () => {
    // Act
    const placed = await place(
      { customerId: 'c-1', lines: [line] },
      { 'x-correlation-id': 'corr-42' },
    );
    const orderId = placed.body.orderId as string;
    const fetched = await call(
      'get-order',
      httpEvent('GET /orders/{orderId}', { pathParameters: { orderId } }),
    );
    const cancelled = await call(
      'cancel-order',
      httpEvent('POST /orders/{orderId}/cancel', {
        pathParameters: { orderId },
        body: { reason: 'changed my mind' },
      }),
    );
    const events = await call(
      'get-order-events',
      httpEvent('GET /orders/{orderId}/events', {
        pathParameters: { orderId },
        query: { limit: '1' },
      }),
    );

    // Assess
    expect(placed.status).toBe(201);
    expect(placed.body.version).toBe(1);
    expect(placed.headers.location).toBe(`/orders/${orderId}`);
    expect(placed.headers['x-correlation-id']).toBe('corr-42');
    expect(fetched).toMatchObject({
      status: 200,
      body: {
        status: 'placed',
        customerId: 'c-1',
        total: { amount: 2500, currency: 'EUR' },
        version: 1,
      },
    });
    expect(cancelled).toMatchObject({
      status: 200,
      body: { orderId, status: 'cancelled', version: 2 },
    });
    expect(events.status).toBe(200);
    expect(events.body.events.map((e: { type: string }) => e.type)).toEqual(['OrderPlaced']);
    expect(events.body.events[0].metadata.correlationId).toBe('corr-42');
    expect(events.body.nextVersion).toBe(2);
    expect(events.body.next).toBe(`/orders/${orderId}/events?fromVersion=2&limit=1`);
  });

  it('answers 400 naming each bad field', async () => {
    const result = await place({ customerId: '', lines: [{ ...line, quantity: 0 }] });
    expect(result.status).toBe(400);
    expect(result.headers['content-type']).toBe('application/problem+json');
    expect(result.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/customerId',
      '/lines/0/quantity',
    ]);
  });

  it('answers 400 when the body is not JSON', async () => {
    const result = await call('place-order', httpEvent('POST /orders', { rawBody: '{oops' }));
    expect(result).toMatchObject({
      status: 400,
      body: { detail: 'Invalid request body: (root): must be a JSON document' },
    });
  });

  it('answers 404 for an unknown order, on read and on cancel', async () => {
    const orderId = crypto.randomUUID();
    const read = await call(
      'get-order',
      httpEvent('GET /orders/{orderId}', { pathParameters: { orderId } }),
    );
    const cancel = await call(
      'cancel-order',
      httpEvent('POST /orders/{orderId}/cancel', {
        pathParameters: { orderId },
        body: { reason: 'x' },
      }),
    );
    const events = await call(
      'get-order-events',
      httpEvent('GET /orders/{orderId}/events', { pathParameters: { orderId } }),
    );
    expect([read.status, cancel.status, events.status]).toEqual([404, 404, 404]);
  });

  it('answers 422 when a rule refuses the command', async () => {
    const { body } = await place({ customerId: 'c-2', lines: [line] });
    const cancel = () =>
      call(
        'cancel-order',
        httpEvent('POST /orders/{orderId}/cancel', {
          pathParameters: { orderId: body.orderId },
          body: { reason: 'x' },
        }),
      );
    await cancel();
    const again = await cancel();
    expect(again).toMatchObject({ status: 422, body: { code: 'order.already_cancelled' } });
  });
});

describe('Functions: inventory', () => {
  it('adds stock and reads the level', async () => {
    const sku = `SKU-${crypto.randomUUID().slice(0, 8)}`;
    const add = (quantity: number) =>
      call(
        'add-stock',
        httpEvent('POST /inventory/{sku}/stock', { pathParameters: { sku }, body: { quantity } }),
      );
    expect(await add(5)).toMatchObject({ status: 200, body: { sku, available: 5, version: 1 } });
    expect(await add(3)).toMatchObject({ status: 200, body: { available: 8, version: 2 } });
    const level = await call(
      'get-inventory',
      httpEvent('GET /inventory/{sku}', { pathParameters: { sku } }),
    );
    expect(level).toMatchObject({
      status: 200,
      body: { sku, added: 8, reserved: 0, available: 8, version: 2 },
    });
  });

  it('answers 400 for a bad quantity or SKU, and 404 for an unknown SKU', async () => {
    const bad = await call(
      'add-stock',
      httpEvent('POST /inventory/{sku}/stock', {
        pathParameters: { sku: 'A' },
        body: { quantity: -1 },
      }),
    );
    const badSku = await call(
      'add-stock',
      httpEvent('POST /inventory/{sku}/stock', {
        pathParameters: { sku: 'a b' },
        body: { quantity: 1 },
      }),
    );
    const unknown = await call(
      'get-inventory',
      httpEvent('GET /inventory/{sku}', { pathParameters: { sku: 'NOPE-1' } }),
    );
    expect([bad.status, badSku.status, unknown.status]).toEqual([400, 400, 404]);
    expect(bad.body.errors[0].pointer).toBe('/quantity');
  });
});
