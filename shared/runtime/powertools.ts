import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';

/** What functions use of the Powertools tracer: X-Ray subsegments for AWS SDK calls. */
export type SdkTracer = Pick<Tracer, 'captureAWSv3Client'>;

/** The Powertools utilities of one function, created once at module scope. */
export interface Powertools {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: SdkTracer;
}

/**
 * True unless `POWERTOOLS_TRACE_ENABLED` is `false` (Powertools' own switch,
 * read the same way: case-insensitive, on by default).
 */
export function isSdkTracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.POWERTOOLS_TRACE_ENABLED?.trim().toLowerCase() !== 'false';
}

// The tracer module loads the X-Ray SDK (aws-xray-sdk-core), about 15 ms of
// every cold start; it is imported only when tracing is on. esbuild keeps a
// dynamically imported module in the bundle but runs it only when imported.
const tracerModule = isSdkTracingEnabled()
  ? await import('@aws-lambda-powertools/tracer')
  : undefined;

/** Stands in for the tracer when tracing is off: SDK clients stay as they are. */
const untracedSdk: SdkTracer = { captureAWSv3Client: (client) => client };

/**
 * Creates the logger (JSON, with the service name), metrics (CloudWatch EMF in
 * the `POWERTOOLS_METRICS_NAMESPACE` namespace) and tracer of a function. The
 * service name comes from `POWERTOOLS_SERVICE_NAME` when set.
 *
 * The tracer is Powertools' (X-Ray subsegments for the SDK calls of clients
 * passed to `captureAWSv3Client`) unless `POWERTOOLS_TRACE_ENABLED=false`, as
 * `EventlineFunction` sets by default and the local cloud always does; then
 * `captureAWSv3Client` returns the client unchanged and the X-Ray SDK is
 * never loaded.
 */
export function createPowertools(defaultServiceName: string): Powertools {
  const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? defaultServiceName;
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({
      serviceName,
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'eventline',
    }),
    tracer: tracerModule ? new tracerModule.Tracer({ serviceName }) : untracedSdk,
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
