import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { CommandContext } from '../command';
import { publishMetrics } from '../runtime/metrics';
import { CORRELATION_HEADER } from './constants';
import { problemResponse, toProblem } from './problem';

/** What a route handler receives. */
export interface HttpRequest {
  readonly event: APIGatewayProxyEventV2;
  /** From the `x-correlation-id` header, or new. */
  readonly correlationId: string;
  /** The Lambda context (absent when a test calls the handler with an event only). */
  readonly context?: Context;
}

/** What a route handler returns. */
export interface HttpResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

/** Accepted correlation ids: printable, no spaces, short enough to log and store. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Wraps a route handler: takes the correlation id from the request (or makes
 * one), adds it to every log line and to the response, maps every error to an
 * RFC 9457 problem in one place, and flushes metrics.
 */
export function httpHandler(
  tools: { readonly logger: Logger; readonly metrics: Metrics },
  route: (request: HttpRequest) => Promise<HttpResponse>,
): (event: APIGatewayProxyEventV2, context?: Context) => Promise<APIGatewayProxyResultV2> {
  return async (event, context) => {
    const given = event.headers?.[CORRELATION_HEADER];
    // An id that would be unsafe to log or store is replaced, not echoed.
    const correlationId = given && CORRELATION_ID.test(given) ? given : randomUUID();
    tools.logger.appendKeys({ correlationId, route: event.routeKey });
    const headers = { [CORRELATION_HEADER]: correlationId };
    let status = 500;
    try {
      const response = await route({ event, correlationId, ...(context ? { context } : {}) });
      status = response.status;
      return {
        statusCode: response.status,
        headers: { 'content-type': 'application/json', ...headers, ...response.headers },
        body: JSON.stringify(response.body),
      };
    } catch (error) {
      const problem = toProblem(error, event.rawPath);
      status = problem.status;
      if (problem.status >= 500) tools.logger.error('request failed', error as Error);
      else tools.logger.info('request refused', { status: problem.status, detail: problem.detail });
      return problemResponse(problem, headers);
    } finally {
      // One count per response class (2xx, 4xx, 5xx), so dashboards can show error rates.
      tools.metrics.addMetric(`Responses${Math.floor(status / 100)}xx`, MetricUnit.Count, 1);
      publishMetrics(tools.metrics);
      tools.logger.removeKeys(['correlationId', 'route']);
    }
  };
}

/**
 * The context of a command handled for an HTTP request: ids and time are
 * made here, at the edge, never in the domain. The causation id is a new
 * command id, so every event of one request names the same cause.
 */
export function commandContext(correlationId: string): CommandContext {
  const commandId = randomUUID();
  return {
    correlationId,
    causationId: commandId,
    newEventId: () => randomUUID(),
    now: () => new Date().toISOString(),
  };
}
