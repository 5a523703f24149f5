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

/**
 * Whether the bundle holds the Powertools tracer: `EventlineFunction` sets it
 * with esbuild's `define` from its `traceSdkCalls` prop. Undefined where this
 * code runs unbundled (tests), which keeps the tracer.
 */
declare const EVENTLINE_BUNDLES_SDK_TRACER: boolean | undefined;

// The tracer module loads the X-Ray SDK (aws-xray-sdk-core): about 15 ms of
// a cold start to run it, and about 5 ms more just for its code sitting unused
// in the bundle (`npm run bench:coldstart`). So it is imported only when
// tracing is on, and left out of bundles that never trace: esbuild drops an
// import() in a branch that `define` makes dead. Lambda runs the top-level
// await during initialization (ES module handlers, Node.js 14 and later).
const tracerModule =
  (typeof EVENTLINE_BUNDLES_SDK_TRACER === 'undefined' || EVENTLINE_BUNDLES_SDK_TRACER) &&
  isSdkTracingEnabled()
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
