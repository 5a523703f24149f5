import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { httpEvent } from '../../helpers/http-events';

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
let getOrder: Handler;
const missingTable = `missing-${crypto.randomUUID()}`;

beforeAll(async () => {
  // A table that does not exist: every store call fails inside the SDK.
  process.env.EVENT_TABLE_NAME = missingTable;
  process.env.AWS_ENDPOINT_URL = inject('dynamoDbEndpoint');
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  process.env.POWERTOOLS_TRACE_ENABLED = 'false';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  getOrder = ((await import('../../../functions/get-order/handler')) as { handler: Handler })
    .handler;
});

describe('Functions: store failure', () => {
  it('answers 500 as problem+json without leaking the table, the SDK error or a stack', async () => {
    // Act
    const result = await getOrder(
      httpEvent('GET /orders/{orderId}', {
        pathParameters: { orderId: crypto.randomUUID() },
        headers: { 'x-correlation-id': 'corr-500' },
      }),
    );

    // Assess
    expect(result.statusCode).toBe(500);
    expect(result.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'x-correlation-id': 'corr-500',
    });
    expect(JSON.parse(String(result.body))).toMatchObject({
      type: 'https://eventline.dev/problems/internal',
      status: 500,
      detail: 'The request could not be completed.',
    });
    expect(String(result.body)).not.toMatch(new RegExp(`${missingTable}|ResourceNotFound|at `));
  });
});
