import { randomUUID } from 'node:crypto';
import { CreateTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dynamoDbClient } from '../../helpers/dynamodb';
import { httpEvent } from '../../helpers/http-events';
import { loadHandlers } from './load-handlers';

let call: Awaited<ReturnType<typeof loadHandlers>>;
const idempotencyTable = `idempotency-${randomUUID()}`;

beforeAll(async () => {
  // The table Powertools' DynamoDB persistence documents: partition key `id` (S),
  // TTL on `expiration`; nothing else is needed without a sort key.
  await dynamoDbClient().send(
    new CreateTableCommand({
      TableName: idempotencyTable,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  call = await loadHandlers(
    ['place-order', 'cancel-order', 'get-order-events', 'add-stock', 'get-inventory'],
    { IDEMPOTENCY_TABLE_NAME: idempotencyTable },
  );
});

afterEach(() => {
  vi.useRealTimers();
});

const line = { sku: 'SKU-1', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } };
const placeWith = (key: string | undefined, body: unknown = { customerId: 'c-1', lines: [line] }) =>
  call(
    'place-order',
    httpEvent('POST /orders', {
      body,
      ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }),
    }),
  );
const eventsOf = (orderId: string) =>
  call(
    'get-order-events',
    httpEvent('GET /orders/{orderId}/events', { pathParameters: { orderId } }),
  );

describe('Functions: Idempotency-Key', () => {
  it('answers a retried POST /orders with the first response: same order id, one order', async () => {
    // Prepare
    const key = randomUUID();

    // Act
    const first = await placeWith(key);
    const retry = await placeWith(key);

    // Assess
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const events = await eventsOf(first.body.orderId);
    expect(events.body.events.map((e: { type: string }) => e.type)).toEqual(['OrderPlaced']);
  });

  it('keeps today’s behaviour without a key: a retry places a second order', async () => {
    const first = await placeWith(undefined);
    const retry = await placeWith(undefined);

    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body.orderId).not.toBe(first.body.orderId);
  });

  it('refuses the same key with a different body (422), and places nothing', async () => {
    // Prepare
    const key = randomUUID();
    const first = await placeWith(key);

    // Act
    const other = await placeWith(key, { customerId: 'c-2', lines: [line] });

    // Assess
    expect(other).toMatchObject({
      status: 422,
      body: {
        code: 'idempotency.key_reused',
        detail:
          'this Idempotency-Key was already used with a different request; use a new key for a new request',
      },
    });
    expect((await placeWith(key)).body.orderId).toBe(first.body.orderId);
  });

  it('forgets a key after 24 hours: the same key then places a new order', async () => {
    // Prepare
    const key = randomUUID();
    const first = await placeWith(key);
    vi.useFakeTimers({ toFake: ['Date'] });

    // Act: one second short of 24 h, then one second past it.
    vi.setSystemTime(Date.now() + 24 * 3600 * 1000 - 1000);
    const before = await placeWith(key);
    vi.setSystemTime(Date.now() + 2000);
    const after = await placeWith(key);

    // Assess
    expect(before.body.orderId).toBe(first.body.orderId);
    expect(after.status).toBe(201);
    expect(after.body.orderId).not.toBe(first.body.orderId);
  });

  it('runs concurrent requests with one key once: the others are told it is in progress or get its answer', async () => {
    // Prepare
    const key = randomUUID();

    // Act
    const results = await Promise.all(Array.from({ length: 4 }, () => placeWith(key)));

    // Assess
    const placed = results.filter((r) => r.status === 201);
    const busy = results.filter((r) => r.status === 409);
    expect(placed.length + busy.length).toBe(results.length);
    expect(new Set(placed.map((r) => r.body.orderId)).size).toBe(1);
    for (const r of busy) expect(r.body.type).toBe('https://eventline.dev/problems/in-progress');
  });

  it('answers a retried cancel with the first 200, not 422 already cancelled', async () => {
    // Prepare
    const { body } = await placeWith(undefined);
    const cancel = (key?: string) =>
      call(
        'cancel-order',
        httpEvent('POST /orders/{orderId}/cancel', {
          pathParameters: { orderId: body.orderId },
          body: { reason: 'changed my mind' },
          ...(key ? { headers: { 'idempotency-key': key } } : {}),
        }),
      );
    const key = randomUUID();

    // Act
    const first = await cancel(key);
    const retry = await cancel(key);
    const unkeyed = await cancel();

    // Assess
    expect(first).toMatchObject({ status: 200, body: { status: 'cancelled', version: 2 } });
    expect(retry.body).toEqual(first.body);
    expect(unkeyed).toMatchObject({ status: 422, body: { code: 'order.already_cancelled' } });
  });

  it('scopes a key to the resource: one key cancels two orders once each', async () => {
    // Prepare
    const key = randomUUID();
    const orders = [
      (await placeWith(undefined)).body.orderId,
      (await placeWith(undefined)).body.orderId,
    ];

    // Act
    const results = await Promise.all(
      orders.map((orderId) =>
        call(
          'cancel-order',
          httpEvent('POST /orders/{orderId}/cancel', {
            pathParameters: { orderId },
            body: { reason: 'x' },
            headers: { 'idempotency-key': key },
          }),
        ),
      ),
    );

    // Assess
    expect(results.map((r) => [r.status, r.body.orderId])).toEqual(orders.map((o) => [200, o]));
  });

  it('adds stock once for a retried POST /inventory/{sku}/stock', async () => {
    // Prepare
    const sku = `SKU-${randomUUID().slice(0, 8)}`;
    const add = () =>
      call(
        'add-stock',
        httpEvent('POST /inventory/{sku}/stock', {
          pathParameters: { sku },
          body: { quantity: 5 },
          headers: { 'idempotency-key': '"stock-delivery-17"' },
        }),
      );

    // Act
    const first = await add();
    const retry = await add();
    const level = await call(
      'get-inventory',
      httpEvent('GET /inventory/{sku}', { pathParameters: { sku } }),
    );

    // Assess
    expect(first).toMatchObject({ status: 200, body: { available: 5, version: 1 } });
    expect(retry.body).toEqual(first.body);
    expect(level.body).toMatchObject({ added: 5, version: 1 });
  });

  it('stores each function’s records under its own prefix, which IAM limits it to', async () => {
    // Act
    await placeWith(randomUUID());
    const items = await dynamoDbClient().send(new ScanCommand({ TableName: idempotencyTable }));

    // Assess
    for (const item of items.Items ?? []) {
      expect(item.id?.S).toMatch(/^(place-order|cancel-order|add-stock)#/);
    }
    const record = items.Items?.find((i) => i.id?.S?.startsWith('place-order#'));
    // A SHA-256 digest in base64: 43 characters and one `=`.
    expect(record?.id?.S).toMatch(/^place-order#[A-Za-z0-9+/]{43}=$/);
    expect(Number(record?.expiration?.N)).toBeGreaterThan(Date.now() / 1000 + 24 * 3600 - 60);
  });

  it.each([
    ['empty', ''],
    ['with a space', 'a b'],
    ['over 255 characters', 'k'.repeat(256)],
    ['not ASCII', 'clé'],
  ])('refuses a key that is %s, naming the header', async (_label, key) => {
    const result = await placeWith(key);

    expect(result).toMatchObject({
      status: 400,
      body: { errors: [{ parameter: 'Idempotency-Key' }] },
    });
  });
});
