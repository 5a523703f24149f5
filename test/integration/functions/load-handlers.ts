import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { inject } from 'vitest';
import { createEventTable, dynamoDbClient } from '../../helpers/dynamodb';

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>;

/** A handler's answer, its body parsed. */
export interface CallResult {
  readonly status: number;
  readonly headers: Record<string, string | number | boolean>;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON
  readonly body: any;
}

/**
 * Points the handlers at a fresh event table on DynamoDB Local (handlers read
 * their configuration at module scope, as in Lambda), imports them, and
 * returns a caller.
 */
export async function loadHandlers(
  names: readonly string[],
  environment: Record<string, string> = {},
): Promise<(name: string, event: APIGatewayProxyEventV2) => Promise<CallResult>> {
  process.env.EVENT_TABLE_NAME = await createEventTable(dynamoDbClient(), 'handlers');
  process.env.AWS_ENDPOINT_URL = inject('dynamoDbEndpoint');
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  process.env.POWERTOOLS_TRACE_ENABLED = 'false';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  Object.assign(process.env, environment);
  const handlers: Record<string, Handler> = {};
  for (const name of names) {
    handlers[name] = (
      (await import(`../../../functions/${name}/handler.ts`)) as { handler: Handler }
    ).handler;
  }
  return async (name, event) => {
    const handler = handlers[name];
    if (!handler) throw new Error(`handler ${name} not loaded`);
    const result = (await handler(event)) as APIGatewayProxyStructuredResultV2;
    return {
      status: result.statusCode ?? 200,
      headers: result.headers ?? {},
      body: JSON.parse(String(result.body)),
    };
  };
}
