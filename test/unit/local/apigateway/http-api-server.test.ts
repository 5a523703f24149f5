import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../local/core/clock';
import type { HttpApiRoute } from '../../../../local/services/apigateway/HttpApiServer';
import { HttpApiServer } from '../../../../local/services/apigateway/HttpApiServer';
import type { InvocationResult } from '../../../../local/services/lambda/runtime/LambdaFunctionRuntime';
import { FunctionThrottledError } from '../../../../local/services/lambda/runtime/LambdaFunctionRuntime';

const servers: HttpApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Event = {
  routeKey: string;
  rawPath: string;
  pathParameters?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
  requestContext: { http: { method: string } };
};

function route(
  routeKey: string,
  reply: (e: Event) => unknown,
  functionError = false,
): HttpApiRoute {
  return {
    routeKey,
    async invoke(event): Promise<InvocationResult> {
      return {
        payload: JSON.stringify(reply(event as Event)),
        requestId: 'r',
        ...(functionError ? { functionError: 'Unhandled' as const } : {}),
      };
    },
  };
}

async function serve(routes: HttpApiRoute[]): Promise<string> {
  const server = new HttpApiServer({ apiId: 'api1', routes });
  servers.push(server);
  return server.listen();
}

describe('Class: HttpApiServer', () => {
  it('passes a payload format 2.0 event with path and query parameters', async () => {
    // Prepare
    let seen: Event | undefined;
    const url = await serve([
      route('POST /orders/{orderId}/cancel', (e) => {
        seen = e;
        return { statusCode: 200, headers: { 'x-v': '1' }, body: '{"ok":true}' };
      }),
    ]);

    // Act
    const res = await fetch(`${url}/orders/o-1/cancel?reason=late&reason=again`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'c-1' },
      body: '{"reason":"late"}',
    });

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('x-v')).toBe('1');
    expect(await res.json()).toEqual({ ok: true });
    expect(seen).toMatchObject({
      routeKey: 'POST /orders/{orderId}/cancel',
      rawPath: '/orders/o-1/cancel',
      pathParameters: { orderId: 'o-1' },
      queryStringParameters: { reason: 'late,again' },
      body: '{"reason":"late"}',
      requestContext: { http: { method: 'POST' } },
    });
    expect(seen?.headers['x-correlation-id']).toBe('c-1');
  });

  it('prefers a literal segment over a path variable', async () => {
    const url = await serve([
      route('GET /orders/{orderId}', () => ({ statusCode: 200, body: 'var' })),
      route('GET /orders/recent', () => ({ statusCode: 200, body: 'literal' })),
    ]);
    expect(await (await fetch(`${url}/orders/recent`)).text()).toBe('literal');
    expect(await (await fetch(`${url}/orders/o-9`)).text()).toBe('var');
  });

  it('answers 404 for an unknown route and a method that does not match', async () => {
    const url = await serve([route('GET /orders/{orderId}', () => ({ statusCode: 200 }))]);
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    expect((await fetch(`${url}/orders/1`, { method: 'DELETE' })).status).toBe(404);
  });

  it('returns a result without statusCode as a 200 JSON body', async () => {
    const url = await serve([
      route('GET /inventory/{sku}', (e) => ({ sku: e.pathParameters?.sku })),
    ]);
    const res = await fetch(`${url}/inventory/SKU-1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ sku: 'SKU-1' });
  });

  it('answers 500 when the function fails', async () => {
    const url = await serve([route('GET /boom', () => ({ errorMessage: 'x' }), true)]);
    const res = await fetch(`${url}/boom`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: 'Internal Server Error' });
  });

  it('answers 500 Internal Server Error when the function is throttled, as API Gateway does', async () => {
    // Prepare
    const server = new HttpApiServer({
      apiId: 'api1',
      routes: [
        {
          routeKey: 'POST /orders',
          invoke: async () => {
            throw new FunctionThrottledError(
              'place-order',
              1,
              'ReservedFunctionConcurrentInvocationLimitExceeded',
            );
          },
        },
      ],
      onRequest: (line) => lines.push(line),
    });
    const lines: { status: number; error?: string }[] = [];
    servers.push(server);
    const url = await server.listen();

    // Act
    const res = await fetch(`${url}/orders`, { method: 'POST', body: '{}' });

    // Assess
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: 'Internal Server Error' });
    expect(lines).toEqual([
      expect.objectContaining({ status: 500, error: expect.stringMatching(/^throttled: /) }),
    ]);
  });

  it('sends the request id in apigw-requestid and in the event, and the time of the cloud clock', async () => {
    // Prepare
    const clock = new ManualClock(Date.UTC(2026, 4, 17, 9, 30, 0));
    let seen:
      | { requestContext: { requestId: string; time: string; timeEpoch: number } }
      | undefined;
    const server = new HttpApiServer({
      apiId: 'api1',
      clock,
      routes: [
        route('GET /ping', (e) => {
          seen = e as unknown as typeof seen;
          return { statusCode: 204 };
        }),
      ],
    });
    servers.push(server);
    const url = await server.listen();

    // Act
    const res = await fetch(`${url}/ping`);
    const notFound = await fetch(`${url}/nothing-here`);

    // Assess: 10 random bytes in base64, the form of API Gateway's ids.
    const requestId = res.headers.get('apigw-requestid');
    expect(requestId).toMatch(/^[A-Za-z0-9+/]{14}==$/);
    expect(seen?.requestContext.requestId).toBe(requestId);
    expect(seen?.requestContext.timeEpoch).toBe(Date.UTC(2026, 4, 17, 9, 30, 0));
    // The documented example of payload format 2.0: "time": "12/Mar/2020:19:03:58 +0000".
    expect(seen?.requestContext.time).toBe('17/May/2026:09:30:00 +0000');
    expect(notFound.headers.get('apigw-requestid')).toMatch(/^[A-Za-z0-9+/]{14}==$/);
  });

  it('fails at construction on a malformed route key', () => {
    expect(() => new HttpApiServer({ apiId: 'a', routes: [route('orders', () => ({}))] })).toThrow(
      /route key 'orders'/,
    );
  });
});
