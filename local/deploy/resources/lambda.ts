import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../core/clock';
import { DynamoDbStreamPoller } from '../../services/lambda/event-source-mappings/DynamoDbStreamPoller';
import { SqsQueuePoller } from '../../services/lambda/event-source-mappings/SqsQueuePoller';
import type { InvokeFunction } from '../../services/lambda/event-source-mappings/types';
import { LambdaFunctionRuntime } from '../../services/lambda/runtime/LambdaFunctionRuntime';
import type { ProvisionContext, Provisioner, ResourceRequest } from '../types';
import { arnName, bool, list, num, obj, str } from './util';

/**
 * `AWS::Lambda::Function` runs its bundled asset from the cloud assembly (or
 * its inline `ZipFile` code) in the local Lambda runtime, with its resolved
 * environment plus the variables that point the SDK at the local cloud.
 */
export const provisionFunction: Provisioner = async (request, ctx) => {
  const p = request.properties;
  const runtime = str(p, 'Runtime') ?? '';
  if (!runtime.startsWith('nodejs')) {
    throw new Error(`runtime '${runtime}' cannot run locally: only Node.js functions can`);
  }
  const name = str(p, 'FunctionName') ?? ctx.physicalName(request, 64);
  const arn = ctx.arn('lambda', `function:${name}`);
  const [file, handlerName] = splitHandler(str(p, 'Handler') ?? 'index.handler');
  const codeDir = codeDirectory(request, ctx);
  const modulePath = ['.mjs', '.js', '.cjs']
    .map((ext) => join(codeDir, `${file}${ext}`))
    .find((candidate) => existsSync(candidate));
  if (!modulePath) throw new Error(`no module '${file}' (.mjs/.js/.cjs) in ${codeDir}`);
  const timeoutSeconds = num(p, 'Timeout') ?? 3;
  const memorySize = num(p, 'MemorySize') ?? 128;
  const variables = obj(obj(p, 'Environment'), 'Variables');
  const environment: Record<string, string> = {
    // What Lambda sets in every execution environment.
    AWS_REGION: ctx.target.region,
    AWS_DEFAULT_REGION: ctx.target.region,
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
    AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}`,
    TZ: ':UTC',
    // Point every SDK client at the local cloud, with throwaway credentials.
    AWS_ENDPOINT_URL: ctx.target.endpointUrl,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    // Lambda's Node.js runtime provides the AWS SDK to code that does not bundle it,
    // through NODE_PATH (/var/runtime/node_modules); locally that is our own copy.
    NODE_PATH: RUNTIME_NODE_MODULES,
    // X-Ray is not emulated: tracing off instead of failing to reach a daemon.
    POWERTOOLS_TRACE_ENABLED: 'false',
    ...Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])),
  };
  const fn = new LambdaFunctionRuntime({
    functionName: name,
    functionArn: arn,
    modulePath,
    handlerName,
    environment,
    timeoutSeconds,
    memorySize,
    clock: ctx.target.clock,
    virtualTime: ctx.target.clock instanceof ManualClock,
    ...(ctx.target.faults ? { faults: ctx.target.faults } : {}),
    ...(ctx.target.scheduler ? { scheduler: ctx.target.scheduler } : {}),
    ...(num(p, 'ReservedConcurrentExecutions') !== undefined
      ? { reservedConcurrency: num(p, 'ReservedConcurrentExecutions') }
      : {}),
  });
  ctx.runtime.functions.set(name, fn);
  ctx.target.registerFunction(fn);
  return { ref: name, attributes: { Arn: arn } };
};

/** The node_modules folder that holds the AWS SDK, standing in for Lambda's runtime copy. */
const RUNTIME_NODE_MODULES = (() => {
  const resolved = createRequire(import.meta.url).resolve('@aws-sdk/client-sqs');
  return resolved.slice(0, resolved.lastIndexOf('node_modules') + 'node_modules'.length);
})();

function splitHandler(handler: string): [string, string] {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) throw new Error(`handler '${handler}' is not '<file>.<export>'`);
  return [handler.slice(0, dot), handler.slice(dot + 1)];
}

function codeDirectory(request: ResourceRequest, ctx: ProvisionContext): string {
  const assetPath = request.metadata['aws:asset:path'];
  if (typeof assetPath === 'string') {
    return isAbsolute(assetPath) ? assetPath : join(ctx.assemblyDir, assetPath);
  }
  // Without asset metadata (an app synthesized outside the CLI), the S3 key names the asset.
  const s3Key = str(obj(request.properties, 'Code'), 'S3Key');
  const fromManifest = s3Key ? assetPathFromManifests(ctx.assemblyDir, s3Key) : undefined;
  if (fromManifest) return fromManifest;
  const zipFile = str(obj(request.properties, 'Code'), 'ZipFile');
  if (zipFile !== undefined) {
    const dir = join(tmpdir(), 'eventline-inline', `${request.stackName}-${request.logicalId}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.js'), zipFile);
    return dir;
  }
  throw new Error('function code is neither a cloud assembly asset nor inline ZipFile');
}

/** Finds the folder of the asset a function's `S3Key` refers to, through the asset manifests. */
function assetPathFromManifests(assemblyDir: string, s3Key: string): string | undefined {
  const hash = s3Key.replace(/\.zip$/, '');
  for (const file of readdirSync(assemblyDir).filter((f) => f.endsWith('.assets.json'))) {
    const manifest = JSON.parse(readFileSync(join(assemblyDir, file), 'utf8')) as {
      files?: Record<string, { source?: { path?: string } }>;
    };
    const path = manifest.files?.[hash]?.source?.path;
    if (path) return isAbsolute(path) ? path : join(assemblyDir, path);
  }
  return undefined;
}

/**
 * `AWS::Lambda::EventSourceMapping` for SQS queues and DynamoDB streams
 * becomes a poller with the mapping's settings; it starts once the whole app
 * is deployed.
 */
export const provisionEventSourceMapping: Provisioner = async (request, ctx) => {
  const p = request.properties;
  const functionName = arnName(str(p, 'FunctionName') ?? '');
  const fn = ctx.runtime.functions.get(functionName);
  if (!fn) throw new Error(`mapping targets function '${functionName}', which is not deployed`);
  if (list(obj(p, 'FilterCriteria'), 'Filters').length > 0) {
    throw new Error('FilterCriteria is not supported by the local cloud');
  }
  const sourceArn = str(p, 'EventSourceArn') ?? '';
  const invoke: InvokeFunction = (event) => fn.invoke(event);
  const responseTypes = (p.FunctionResponseTypes as string[] | undefined) ?? [];
  const reportBatchItemFailures = responseTypes.includes('ReportBatchItemFailures');
  const batchSize = num(p, 'BatchSize');
  const common = {
    functionArn: fn.props.functionArn,
    invoke,
    clock: ctx.target.clock,
    logger: ctx.target.logger,
    region: ctx.target.region,
    reportBatchItemFailures,
    ...(batchSize !== undefined ? { batchSize } : {}),
    ...(ctx.target.onMappingBatch ? { onBatch: ctx.target.onMappingBatch } : {}),
  };
  const uuid = crypto.randomUUID();
  if (sourceArn.startsWith('arn:aws:sqs:')) {
    const { QueueUrl } = await ctx.clients.sqs.send(
      new GetQueueUrlCommand({ QueueName: arnName(sourceArn) }),
    );
    const maxConcurrency = num(obj(p, 'ScalingConfig'), 'MaximumConcurrency');
    ctx.runtime.pollers.push(
      new SqsQueuePoller({
        ...common,
        queueArn: sourceArn,
        queueUrl: QueueUrl as string,
        sqs: ctx.clients.sqs,
        maximumBatchingWindowInSeconds: num(p, 'MaximumBatchingWindowInSeconds') ?? 0,
        ...(maxConcurrency !== undefined ? { maximumConcurrency: maxConcurrency } : {}),
      }),
    );
  } else if (sourceArn.includes(':dynamodb:') && sourceArn.includes('/stream/')) {
    const onFailure = str(obj(obj(p, 'DestinationConfig'), 'OnFailure'), 'Destination');
    ctx.runtime.pollers.push(
      new DynamoDbStreamPoller({
        ...common,
        streamArn: sourceArn,
        streams: ctx.clients.streams,
        dispatcher: ctx.target.dispatcher,
        startingPosition: (str(p, 'StartingPosition') ?? 'LATEST') as 'TRIM_HORIZON' | 'LATEST',
        maximumBatchingWindowInSeconds: num(p, 'MaximumBatchingWindowInSeconds') ?? 0,
        bisectBatchOnFunctionError: bool(p, 'BisectBatchOnFunctionError') ?? false,
        maximumRetryAttempts: num(p, 'MaximumRetryAttempts') ?? -1,
        maximumRecordAgeInSeconds: num(p, 'MaximumRecordAgeInSeconds') ?? -1,
        ...(onFailure ? { onFailureArn: onFailure } : {}),
      }),
    );
  } else {
    throw new Error(`event source '${sourceArn}' is not an SQS queue or a DynamoDB stream`);
  }
  return { ref: uuid, attributes: { Id: uuid } };
};
