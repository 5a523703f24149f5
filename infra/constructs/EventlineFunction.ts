import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag-suppressions';

/** The project root (where package-lock.json is). */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Powertools log levels, lowest first. */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const FUNCTION_DIR = /^[a-z][a-z0-9-]*$/;

export interface EventlineFunctionProps {
  /**
   * Folder under `functions/` holding `handler.ts` (which exports `handler`),
   * e.g. `place-order`. Also the Powertools service name.
   */
  readonly functionDir: string;
  /**
   * How long an invocation may run.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * Memory in MB (CPU grows with it).
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * How long function logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the log group when the stack is deleted.
   * @default RemovalPolicy.DESTROY
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Lowest level written by the Powertools logger (`POWERTOOLS_LOG_LEVEL`,
   * which Powertools reads before its `LOG_LEVEL` alias).
   * @default 'INFO'
   */
  readonly logLevel?: LogLevel;
  /**
   * Extra environment variables.
   * @default - only the house variables
   */
  readonly environment?: Record<string, string>;
  /**
   * Why a grant this function receives needs `Resource: "*"` besides X-Ray's
   * (for example a CDK event source), added to the role's cdk-nag
   * acknowledgment so that a reviewer reads every reason in one place.
   * @default - only active tracing uses `Resource: "*"`
   */
  readonly otherWildcardResources?: string;
  /**
   * Reserved concurrency.
   * @default - unreserved
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Whether the function records its AWS SDK calls as X-Ray subsegments
   * (the Powertools tracer, switched by `POWERTOOLS_TRACE_ENABLED`). Lambda's
   * own segments of each invocation and of the cold start are recorded either
   * way (active tracing). The X-Ray SDK adds about 20 ms to each cold start
   * (`npm run bench:coldstart`), so when this is false it is left out of the
   * bundle. When true, `POWERTOOLS_TRACE_ENABLED=false` in the function's
   * configuration still turns it off without a new bundle.
   * @default false
   */
  readonly traceSdkCalls?: boolean;
}

/**
 * How every eventline function is bundled: one ESM file for Node.js 24,
 * minified, with a source map beside it. The AWS SDK is bundled too, so the
 * version we test is the version that runs, not whichever one the Lambda
 * runtime happens to include.
 *
 * Source maps are read on the first stack trace, not at cold start:
 * `shared/runtime/install-source-maps.ts` is injected into every bundle
 * instead of `NODE_OPTIONS=--enable-source-maps`, with which Node reads and
 * parses the map while it loads the bundle (see `installLazySourceMaps`). Maps
 * carry no `sourcesContent`: stack traces need only positions and names.
 * @param traceSdkCalls whether the bundle holds the Powertools tracer (see
 *   `EventlineFunctionProps.traceSdkCalls`).
 */
export function eventlineBundling(traceSdkCalls = false): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: 'node24',
    minify: true,
    sourceMap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    // Some dependencies still call require(); an ESM bundle must define it.
    banner:
      "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
    inject: [join(PROJECT_ROOT, 'shared', 'runtime', 'install-source-maps.ts')],
    // Leaves the Powertools tracer and the X-Ray SDK out of bundles that never trace.
    define: { EVENTLINE_BUNDLES_SDK_TRACER: String(traceSdkCalls) },
    forceDockerBundling: false,
    externalModules: [],
  };
}

/**
 * A Lambda function with eventline's house defaults: the newest Node.js
 * runtime the CDK offers (24), ARM64, X-Ray tracing, its own log group with a
 * retention, Powertools settings, and an ESM bundle with source maps built by
 * the local esbuild (a dev dependency, so synth never needs Docker), see
 * `eventlineBundling`.
 *
 * Its role may write to its own log group and nothing else until grants add
 * to it: no `AWSLambdaBasicExecutionRole`, whose `logs:CreateLogGroup` and
 * `logs:PutLogEvents` apply to every log group of the account.
 */
export class EventlineFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: EventlineFunctionProps) {
    if (!FUNCTION_DIR.test(props.functionDir)) {
      throw new Error(
        `functionDir must be a kebab-case folder name under functions/, got ${JSON.stringify(props.functionDir)}`,
      );
    }
    // Created beside the function because `this` does not exist before super().
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${props.functionDir} function`,
    });
    logGroup.grants.write(role);
    super(scope, id, {
      entry: join(PROJECT_ROOT, 'functions', props.functionDir, 'handler.ts'),
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? 512,
      logGroup,
      role,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      environment: {
        POWERTOOLS_SERVICE_NAME: props.functionDir,
        POWERTOOLS_METRICS_NAMESPACE: 'eventline',
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        POWERTOOLS_TRACE_ENABLED: String(props.traceSdkCalls ?? false),
        ...props.environment,
      },
      bundling: eventlineBundling(props.traceSdkCalls),
    });
    acknowledge(role, [
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason: [
          'Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions, so their resource is "*".',
          props.otherWildcardResources,
          'Every other statement of this role names its resources.',
        ]
          .filter(Boolean)
          .join(' '),
      },
    ]);
  }
}
