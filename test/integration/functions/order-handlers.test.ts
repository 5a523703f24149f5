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
    const last = await call(
      'get-order-events',
      httpEvent('GET /orders/{orderId}/events', {
        pathParameters: { orderId },
        query: { fromVersion: '2', limit: '1' },
      }),
    );
    expect(last.body.events.map((e: { type: string }) => e.type)).toEqual(['OrderCancelled']);
    expect(last.body.events[0].metadata.correlationId).not.toBe('corr-42');
    expect(last.body.next).toBeNull();
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

  it('answers 400 naming the parameter when the order id or a query parameter is invalid', async () => {
    const read = await call(
      'get-order',
      httpEvent('GET /orders/{orderId}', { pathParameters: { orderId: 'not-a-uuid' } }),
    );
    const page = await call(
      'get-order-events',
      httpEvent('GET /orders/{orderId}/events', {
        pathParameters: { orderId: crypto.randomUUID() },
        query: { limit: '0', fromVersion: 'x' },
      }),
    );
    expect(read).toMatchObject({
      status: 400,
      body: { errors: [{ parameter: 'orderId', detail: 'must be a UUID' }] },
    });
    expect(page.status).toBe(400);
    expect(page.body.errors.map((e: { parameter: string }) => e.parameter).sort()).toEqual([
      'fromVersion',
      'limit',
    ]);
  });

  it('answers 413 naming the size when the body is over 64 KiB', async () => {
    const customerId = `c-${crypto.randomUUID()}`;
    const rawBody = JSON.stringify({ customerId, lines: [line], padding: 'x'.repeat(70_000) });
    const result = await call('place-order', httpEvent('POST /orders', { rawBody }));
    expect(result).toMatchObject({
      status: 413,
      body: {
        type: 'https://eventline.dev/problems/too-large',
        detail: `request body is ${Buffer.byteLength(rawBody)} bytes, over the limit of 65536 bytes`,
      },
    });
    expect(result.headers['content-type']).toBe('application/problem+json');
  });

  it('makes a correlation id when none or an unsafe one is given, and stores it on the events', async () => {
    const none = await place({ customerId: 'c-3', lines: [line] });
    const unsafe = await place(
      { customerId: 'c-3', lines: [line] },
      { 'x-correlation-id': 'a b\nforged log line' },
    );
    for (const placed of [none, unsafe]) {
      const correlationId = placed.headers['x-correlation-id'];
      expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
      const events = await call(
        'get-order-events',
        httpEvent('GET /orders/{orderId}/events', {
          pathParameters: { orderId: placed.body.orderId },
        }),
      );
      expect(events.body.events[0].metadata.correlationId).toBe(correlationId);
      expect(events.body.events[0].eventId).toBe(placed.body.eventIds[0]);
    }
    expect(none.headers['x-correlation-id']).not.toBe(unsafe.headers['x-correlation-id']);
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
    expect(badSku.body.errors[0].parameter).toBe('sku');
  });

  it('keeps every acknowledged add under concurrency: one event each, versions contiguous, conflicts answered 409', async () => {
    // Prepare
    const sku = `SKU-${crypto.randomUUID().slice(0, 8)}`;
    const add = () =>
      call(
        'add-stock',
        httpEvent('POST /inventory/{sku}/stock', {
          pathParameters: { sku },
          body: { quantity: 1 },
        }),
      );

    // Act: writers race for the same stream; losers retry with jitter.
    const results = await Promise.all(Array.from({ length: 12 }, add));

    // Assess
    const ok = results.filter((r) => r.status === 200);
    const conflicts = results.filter((r) => r.status === 409);
    expect(ok.length + conflicts.length).toBe(results.length);
    for (const c of conflicts) expect(c.body.type).toBe('https://eventline.dev/problems/conflict');
    expect(ok.map((r) => r.body.version).sort((a: number, b: number) => a - b)).toEqual(
      Array.from({ length: ok.length }, (_, i) => i + 1),
    );
    const level = await call(
      'get-inventory',
      httpEvent('GET /inventory/{sku}', { pathParameters: { sku } }),
    );
    expect(level.body).toMatchObject({ available: ok.length, version: ok.length });
  });
});
