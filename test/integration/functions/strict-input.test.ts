import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpEvent } from '../../helpers/http-events';
import type { CallResult } from './load-handlers';
import { loadHandlers } from './load-handlers';

let call: Awaited<ReturnType<typeof loadHandlers>>;

beforeAll(async () => {
  call = await loadHandlers([
    'place-order',
    'cancel-order',
    'get-order',
    'get-order-events',
    'add-stock',
    'get-inventory',
  ]);
});

const MAX = '9007199254740991';
const line = { sku: 'SKU-1', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } };
const order = (changes: Record<string, unknown>) => ({
  customerId: 'c-1',
  lines: [line],
  ...changes,
});
const place = (body: unknown) => call('place-order', httpEvent('POST /orders', { body }));
const placeRaw = (rawBody: string) => call('place-order', httpEvent('POST /orders', { rawBody }));

/** The one field error of a 400 problem. */
function onlyError(result: CallResult) {
  expect(result.status, JSON.stringify(result.body)).toBe(400);
  expect(result.headers['content-type']).toBe('application/problem+json');
  expect(result.body.errors).toHaveLength(1);
  return result.body.errors[0] as { pointer?: string; parameter?: string; detail: string };
}

describe('Functions: strict input (POST /orders)', () => {
  it.each<[string, () => Promise<CallResult>, string, string]>([
    [
      'a SKU with an emoji, a newline, an escape sequence and NUL',
      () => place(order({ lines: [{ ...line, sku: '💥\n\u001b[31mX\u0000' }] })),
      '/lines/0/sku',
      'must be 1 to 64 letters, digits, dots, underscores or dashes',
    ],
    [
      'a SKU that is a path',
      () => place(order({ lines: [line, { ...line, sku: '../../etc/passwd' }] })),
      '/lines/1/sku',
      'must be 1 to 64 letters, digits, dots, underscores or dashes',
    ],
    [
      'a currency outside ISO 4217',
      () => place(order({ lines: [{ ...line, unitPrice: { amount: 1, currency: 'ZZZ' } }] })),
      '/lines/0/unitPrice/currency',
      'must be an ISO 4217 currency code such as EUR, got "ZZZ"',
    ],
    [
      'lines in two currencies',
      () =>
        place(
          order({ lines: [line, line, { ...line, unitPrice: { amount: 5, currency: 'USD' } }] }),
        ),
      '/lines/2/unitPrice/currency',
      'must be EUR like line 0, got USD: an order is in one currency',
    ],
    [
      'a line whose quantity × amount passes 2^53 − 1',
      // 3 × 3002399751580331 = 9007199254740993 = 2^53 + 1
      () =>
        place(
          order({
            lines: [
              line,
              line,
              line,
              { ...line, quantity: 3, unitPrice: { amount: 3002399751580331, currency: 'EUR' } },
            ],
          }),
        ),
      '/lines/3/quantity',
      `quantity × unitPrice.amount is 9007199254740993, over the limit of ${MAX} minor units`,
    ],
    [
      'lines whose sum passes 2^53 − 1',
      // 2^52 + 2^52 = 2^53 = 9007199254740992
      () =>
        place(
          order({
            lines: [
              { ...line, quantity: 1, unitPrice: { amount: 4503599627370496, currency: 'EUR' } },
              { ...line, quantity: 1, unitPrice: { amount: 4503599627370496, currency: 'EUR' } },
            ],
          }),
        ),
      '/lines/1/quantity',
      `brings the order total to 9007199254740992, over the limit of ${MAX} minor units`,
    ],
    [
      'a customer id with a control character',
      () => place(order({ customerId: 'c-1\u001b[2J' })),
      '/customerId',
      'must not contain control characters, got "c-1\\u001b[2J"',
    ],
    [
      'a customer id with a lone surrogate',
      () =>
        placeRaw(
          '{"customerId":"c-\\ud800","lines":[{"sku":"A","quantity":1,"unitPrice":{"amount":1,"currency":"EUR"}}]}',
        ),
      '/customerId',
      'must not contain lone UTF-16 surrogates',
    ],
    [
      'a repeated key',
      () => placeRaw(`{"customerId":"c-1","lines":${JSON.stringify([line])},"customerId":"c-2"}`),
      '/customerId',
      'repeats a key of the same object',
    ],
    [
      'a customer email that is not an address',
      () => place(order({ customerEmail: 'not-an-email' })),
      '/customerEmail',
      'must be an email address',
    ],
    [
      'a customer email over 254 characters',
      () => place(order({ customerEmail: `${'a'.repeat(64)}@${'b'.repeat(186)}.com` })),
      '/customerEmail',
      'must be at most 254 characters',
    ],
  ])('refuses %s, naming the field of the request', async (_label, send, pointer, detail) => {
    // Act
    const result = await send();

    // Assess
    expect(onlyError(result)).toEqual({ pointer, detail });
  });

  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/json; charset=iso-8859-1',
  ])('refuses Content-Type %s with 415 on every POST', async (contentType) => {
    // Prepare
    const headers = { 'content-type': contentType };
    const orderId = randomUUID();

    // Act
    const results = await Promise.all([
      call('place-order', httpEvent('POST /orders', { body: order({}), headers })),
      call(
        'cancel-order',
        httpEvent('POST /orders/{orderId}/cancel', {
          pathParameters: { orderId },
          body: { reason: 'x' },
          headers,
        }),
      ),
      call(
        'add-stock',
        httpEvent('POST /inventory/{sku}/stock', {
          pathParameters: { sku: 'A' },
          body: { quantity: 1 },
          headers,
        }),
      ),
    ]);

    // Assess
    for (const result of results) {
      expect(result).toMatchObject({
        status: 415,
        body: { type: 'https://eventline.dev/problems/unsupported-media-type', status: 415 },
      });
      expect(result.body.detail).toContain(JSON.stringify(contentType));
    }
  });

  it('carries customerEmail on OrderPlaced and shows it on GET /orders/{id}', async () => {
    // Act
    const placed = await place(order({ customerEmail: 'zoe@example.com' }));
    const orderId = placed.body.orderId as string;
    const read = await call(
      'get-order',
      httpEvent('GET /orders/{orderId}', { pathParameters: { orderId } }),
    );
    const events = await call(
      'get-order-events',
      httpEvent('GET /orders/{orderId}/events', { pathParameters: { orderId } }),
    );

    // Assess
    expect(placed.status).toBe(201);
    expect(read.body).toMatchObject({ customerId: 'c-1', customerEmail: 'zoe@example.com' });
    expect(events.body.events[0]).toMatchObject({
      type: 'OrderPlaced',
      schemaVersion: 2,
      data: { customerEmail: 'zoe@example.com' },
    });
  });
});

describe('Functions: strict input (other routes)', () => {
  it('refuses a cancel reason with a control character', async () => {
    const result = await call(
      'cancel-order',
      httpEvent('POST /orders/{orderId}/cancel', {
        pathParameters: { orderId: randomUUID() },
        body: { reason: 'no\u0000' },
      }),
    );

    expect(onlyError(result)).toEqual({
      pointer: '/reason',
      detail: 'must not contain control characters, got "no\\u0000"',
    });
  });

  it.each(['0x10', '1e1', ' 5', '+5', '05', ''])(
    'refuses limit=%j on GET /orders/{id}/events',
    async (limit) => {
      const result = await call(
        'get-order-events',
        httpEvent('GET /orders/{orderId}/events', {
          pathParameters: { orderId: randomUUID() },
          query: { limit },
        }),
      );

      expect(onlyError(result)).toEqual({
        parameter: 'limit',
        detail: 'must be a decimal integer (digits only)',
      });
    },
  );

  it('finds and cancels an order named by its id in upper case: ids are lower-cased at the edge', async () => {
    // Prepare
    const { body } = await place(order({}));
    const upper = (body.orderId as string).toUpperCase();

    // Act
    const read = await call(
      'get-order',
      httpEvent('GET /orders/{orderId}', { pathParameters: { orderId: upper } }),
    );
    const cancelled = await call(
      'cancel-order',
      httpEvent('POST /orders/{orderId}/cancel', {
        pathParameters: { orderId: upper },
        body: { reason: 'x' },
      }),
    );

    // Assess
    expect(read).toMatchObject({ status: 200, body: { orderId: body.orderId, status: 'placed' } });
    expect(cancelled).toMatchObject({
      status: 200,
      body: { orderId: body.orderId, status: 'cancelled' },
    });
  });

  it('says "not found" in the words of the API, naming no stream', async () => {
    // Prepare
    const orderId = randomUUID();

    // Act
    const results = await Promise.all([
      call('get-order', httpEvent('GET /orders/{orderId}', { pathParameters: { orderId } })),
      call(
        'get-order-events',
        httpEvent('GET /orders/{orderId}/events', { pathParameters: { orderId } }),
      ),
      call(
        'cancel-order',
        httpEvent('POST /orders/{orderId}/cancel', {
          pathParameters: { orderId },
          body: { reason: 'x' },
        }),
      ),
      call(
        'get-inventory',
        httpEvent('GET /inventory/{sku}', { pathParameters: { sku: 'NOPE-2' } }),
      ),
    ]);

    // Assess
    expect(results.map((r) => [r.status, r.body.detail])).toEqual([
      [404, `order ${orderId} not found`],
      [404, `order ${orderId} not found`],
      [404, `order ${orderId} not found`],
      [404, 'the stock of SKU NOPE-2 not found'],
    ]);
  });
});
