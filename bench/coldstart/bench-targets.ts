import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readCloudAssembly } from '../../local/deploy/cloud-assembly';

/** A function of a cloud assembly, ready to be imported by the benchmark. */
export interface BenchTarget {
  /** `POWERTOOLS_SERVICE_NAME` (eventline's function folder), else the logical id. */
  readonly name: string;
  readonly logicalId: string;
  /** The bundle's module file, e.g. `cdk.out/asset.<hash>/index.mjs`. */
  readonly modulePath: string;
  /** The export named by the template's `Handler`, e.g. `handler`. */
  readonly handlerName: string;
  readonly bundleBytes: number;
  /** Size of `<module>.map`; 0 when there is none. */
  readonly sourceMapBytes: number;
  /** The environment a fresh Lambda execution environment would give it. */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * Every Node.js `AWS::Lambda::Function` of the assembly in `directory` whose
 * code is a bundled asset, with its environment resolved by `lambdaEnvironment`.
 * @throws Error when a function's module file is missing.
 */
export function readBenchTargets(directory: string): BenchTarget[] {
  const targets: BenchTarget[] = [];
  for (const stack of readCloudAssembly(directory).stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const assetPath = resource.Metadata?.['aws:asset:path'];
      const props = resource.Properties ?? {};
      const runtime = String(props.Runtime ?? '');
      if (typeof assetPath !== 'string' || !runtime.startsWith('nodejs')) continue;
      const handler = String(props.Handler ?? 'index.handler');
      const dot = handler.lastIndexOf('.');
      const codeDir = join(directory, assetPath);
      const modulePath = ['.mjs', '.js', '.cjs']
        .map((ext) => join(codeDir, `${handler.slice(0, dot)}${ext}`))
        .find((candidate) => existsSync(candidate));
      if (!modulePath)
        throw new Error(`${logicalId}: no module for handler ${handler} in ${codeDir}`);
      const variables = templateVariables(props);
      targets.push({
        name: variables.POWERTOOLS_SERVICE_NAME ?? logicalId,
        logicalId,
        modulePath,
        handlerName: handler.slice(dot + 1),
        bundleBytes: statSync(modulePath).size,
        sourceMapBytes: existsSync(`${modulePath}.map`) ? statSync(`${modulePath}.map`).size : 0,
        environment: lambdaEnvironment({
          functionName: logicalId,
          handler,
          runtime,
          memorySize: typeof props.MemorySize === 'number' ? props.MemorySize : 128,
          activeTracing: (props.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active',
          taskRoot: codeDir,
          variables,
        }),
      });
    }
  }
  return targets;
}

/**
 * The function's own variables from the template. Values that are references
 * (`Ref`, `Fn::GetAtt`, ...) resolve only at deployment; the functions only
 * read them as names, so each becomes a dummy name.
 */
function templateVariables(props: Record<string, unknown>): Record<string, string> {
  const environment = props.Environment as { Variables?: Record<string, unknown> } | undefined;
  return Object.fromEntries(
    Object.entries(environment?.Variables ?? {}).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : `bench-${key.toLowerCase().replaceAll('_', '-')}`,
    ]),
  );
}

/** What `lambdaEnvironment` needs to know about a function. */
export interface LambdaEnvironmentInput {
  readonly functionName: string;
  readonly handler: string;
  /** e.g. `nodejs24.x`. */
  readonly runtime: string;
  readonly memorySize: number;
  readonly activeTracing: boolean;
  /** Where the function's code is (`/var/task` in Lambda). */
  readonly taskRoot: string;
  /** The function's own variables. */
  readonly variables: Readonly<Record<string, string>>;
}

/**
 * A Lambda execution environment's variables: the runtime's defined variables
 * (AWS Lambda Developer Guide, "Defined runtime environment variables"), with
 * dummy credentials and the X-Ray daemon address of active tracing, then the
 * function's own. Nothing is inherited from the benchmark's environment (no
 * `AWS_PROFILE`, no `NODE_OPTIONS` of the shell), except `PATH`.
 */
export function lambdaEnvironment(input: LambdaEnvironmentInput): Record<string, string> {
  const region = 'us-east-1';
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    _HANDLER: input.handler,
    AWS_EXECUTION_ENV: `AWS_Lambda_${input.runtime}`,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: input.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(input.memorySize),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${input.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: '2026/01/01/[$LATEST]00000000000000000000000000000000',
    AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
    AWS_ACCESS_KEY_ID: 'ASIABENCHMARKDUMMY00',
    AWS_SECRET_ACCESS_KEY: 'bench-dummy-secret',
    AWS_SESSION_TOKEN: 'bench-dummy-token',
    LAMBDA_TASK_ROOT: input.taskRoot,
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    ...(input.activeTracing
      ? {
          AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
          AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000',
          _AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129',
          _AWS_XRAY_DAEMON_PORT: '2000',
        }
      : {}),
    ...input.variables,
  };
}
