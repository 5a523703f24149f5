import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArnDispatcher } from '../../../../local/core/ArnDispatcher';
import { ManualClock } from '../../../../local/core/clock';
import { memoryLogger } from '../../../../local/core/console-logger';
import { AwsEndpoint } from '../../../../local/core/server';
import { HttpApiServer } from '../../../../local/services/apigateway/HttpApiServer';
import { LambdaService } from '../../../../local/services/lambda';
import { rawRequest, sendRaw } from '../../../helpers/raw-http';

/**
 * Requests no client should send, against both servers of the local cloud:
 * each must be answered or dropped, and the server must go on serving.
 * An unhandled rejection in a server fails the run (vitest reports it).
 */
interface ServerUnderTest {
  readonly name: string;
  url: string;
  readonly logLines: () => string[];
  /** A request that must succeed before and after every hostile one. */
  readonly goodRequest: string;
  readonly goodStatus: number;
  /** A path with a malformed percent-encoding, and the status it should answer. */
  readonly malformedPath: string;
  readonly malformedStatus: number;
  readonly malformedBody: string;
  close(): Promise<void>;
}

const httpApiLogger = memoryLogger();
const httpApi: ServerUnderTest = {
  name: 'HTTP API (HttpApiServer)',
  url: '',
  logLines: () => httpApiLogger.lines,
  goodRequest: rawRequest('GET', '/orders/o-1', { Connection: 'close' }),
  goodStatus: 200,
  malformedPath: '/orders/%E0%A4%A',
  malformedStatus: 400,
  malformedBody: '{"message":"Bad Request"}',
  close: async () => {},
};

const endpointLogger = memoryLogger();
const endpoint: ServerUnderTest = {
  name: 'AWS endpoint (AwsEndpoint)',
  url: '',
  logLines: () => endpointLogger.lines,
  goodRequest: rawRequest(
    'POST',
    '/2015-03-31/functions/echo/invocations',
    { 'Content-Length': '2', Connection: 'close' },
    '{}',
  ),
  goodStatus: 200,
  malformedPath: '/2015-03-31/functions/%E0%A4%A/invocations',
  malformedStatus: 400,
  malformedBody: 'InvalidParameterValueException',
  close: async () => {},
};

beforeAll(async () => {
  const api = new HttpApiServer({
    apiId: 'api1',
    logger: httpApiLogger,
    routes: [
      {
        routeKey: 'GET /orders/{orderId}',
        invoke: async () => ({ payload: '{"statusCode":200,"body":"ok"}', requestId: 'r' }),
      },
      {
        routeKey: 'POST /orders',
        invoke: async () => ({ payload: '{"statusCode":201,"body":"made"}', requestId: 'r' }),
      },
    ],
  });
  httpApi.url = await api.listen();
  httpApi.close = () => api.close();

  const server = new AwsEndpoint({ logger: endpointLogger });
  const lambda = new LambdaService({
    clock: new ManualClock(),
    region: 'us-east-1',
    accountId: '000000000000',
    logger: endpointLogger,
    dispatcher: new ArnDispatcher(),
    endpointUrl: () => endpoint.url,
  });
  lambda.registerFunction('echo', async (event) => event);
  server.addRestRoute(lambda.route);
  endpoint.url = await server.listen();
  endpoint.close = () => server.close();
});

afterAll(async () => {
  await httpApi.close();
  await endpoint.close();
});

describe.each([httpApi, endpoint])('$name under hostile requests', (server) => {
  const stillServes = async () => {
    const answer = await sendRaw(server.url, server.goodRequest);
    expect(answer.status).toBe(server.goodStatus);
  };

  it('answers a malformed percent-encoding in the path with 400 and keeps serving', async () => {
    // Act
    const answer = await sendRaw(
      server.url,
      rawRequest(
        server === httpApi ? 'GET' : 'POST',
        server.malformedPath,
        server === httpApi
          ? { Connection: 'close' }
          : { 'Content-Length': '0', Connection: 'close' },
      ),
    );

    // Assess
    expect(answer.status).toBe(server.malformedStatus);
    expect(answer.text).toContain(server.malformedBody);
    await stillServes();
  });

  it('forgets a request whose client went away in the middle of the body, and logs it', async () => {
    // Prepare: 20 of 100 000 announced bytes, then the socket is destroyed.
    const partial = rawRequest(
      'POST',
      server === httpApi ? '/orders' : '/2015-03-31/functions/echo/invocations',
      { 'Content-Type': 'application/json', 'Content-Length': '100000' },
      '{"customerId":"c-1",',
    );

    // Act
    const answer = await sendRaw(server.url, partial, { destroyAfterWrite: true });
    await expect
      .poll(() => server.logLines().some((line) => /aborted/i.test(line)), { timeout: 2_000 })
      .toBe(true);

    // Assess
    expect(answer.status).toBeUndefined();
    expect(server.logLines().filter((line) => line.startsWith('error'))).toEqual([]);
    await stillServes();
  });

  it('answers 431 to headers larger than the server accepts', async () => {
    // Prepare: Node's default limit on the request head is 16 KiB.
    const request = rawRequest('GET', '/orders/o-1', { 'X-Padding': 'a'.repeat(20_000) });

    // Act
    const answer = await sendRaw(server.url, request);

    // Assess
    expect(answer.status).toBe(431);
    await stillServes();
  });

  it('answers 400 to bytes that are not HTTP', async () => {
    // Act
    const answer = await sendRaw(server.url, Buffer.from('\x16\x03\x01\x02\x00garbage\r\n\r\n'));

    // Assess
    expect(answer.status).toBe(400);
    await stillServes();
  });

  it('answers 400 to a request line without a path it can parse', async () => {
    // Act
    const answer = await sendRaw(
      server.url,
      'GET http://[::1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );

    // Assess
    expect(answer.status).toBe(400);
    await stillServes();
  });
});
