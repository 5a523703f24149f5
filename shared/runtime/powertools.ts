import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/** The Powertools utilities of one function, created once at module scope. */
export interface Powertools {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: Tracer;
}

/**
 * Creates the logger (JSON, with the service name), metrics (CloudWatch EMF in
 * the `POWERTOOLS_METRICS_NAMESPACE` namespace) and tracer (X-Ray, switched off
 * with `POWERTOOLS_TRACE_ENABLED=false`, as the local cloud does) of a
 * function. The service name comes from `POWERTOOLS_SERVICE_NAME` when set.
 */
export function createPowertools(defaultServiceName: string): Powertools {
  const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? defaultServiceName;
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({
      serviceName,
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'eventline',
    }),
    tracer: new Tracer({ serviceName }),
  };
}

/**
 * Reads a required environment variable.
 * @throws Error naming the variable when it is missing, so a misconfigured
 *   function fails at cold start rather than on its first request.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`environment variable ${name} is not set`);
  }
  return value;
}
