import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ArnDispatcher } from './core/ArnDispatcher';
import type { Clock } from './core/clock';
import { RealClock } from './core/clock';
import { consoleLogger } from './core/console-logger';
import { CoreErrors } from './core/errors';
import { runOperation } from './core/operations';
import type { DeterministicSchedulerOptions } from './core/scheduler';
import { DeterministicScheduler } from './core/scheduler';
import { deriveSeed, seededRandom } from './core/seeded-random';
import type { AwsRequestSeen } from './core/server';
import { AwsEndpoint } from './core/server';
import type { AwsJsonService, CloudLogger, LocalCloudContext } from './core/service';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './core/service';
import { CloudFormationService } from './services/cloudformation';
import type { DynamoDbBackend, DynamoDbOption } from './services/dynamodb';
import { DynamoDbFaults, openDynamoDbBackend, proxyDynamoDb } from './services/dynamodb';
import type { EventBridgeService, ReplayOrderOptions } from './services/eventbridge';
import {
  createEventBridgeService,
  EventBridgeErrors,
  PutEventsFaults,
} from './services/eventbridge';
import { LambdaService } from './services/lambda/LambdaService';
import { InvocationFaults } from './services/lambda/runtime/InvocationFaults';
import type { SesServiceOptions } from './services/ses';
import { SesService } from './services/ses';
import type { SqsDeliveryOptions } from './services/sqs';
import { SqsService } from './services/sqs/SqsService';
import { StepFunctionsService } from './services/stepfunctions/StepFunctionsService';

export interface LocalCloudOptions {
  /** Port of the AWS endpoint. @default 0 - a free port */
  readonly port?: number;
  /** @default RealClock */
  readonly clock?: Clock;
  /** @default a console logger */
  readonly logger?: CloudLogger;
  /**
   * Called once when a part the cloud cannot run without fails while it
   * runs: a DynamoDB Local it started exits on its own. The cloud has then
   * logged the failure and answers DynamoDB requests with 503
   * `ServiceUnavailable`; it does not restart DynamoDB Local (its in-memory
   * tables are lost). `npm start` stops and exits with code 2.
   * @default - the failure is logged only
   */
  readonly onFailure?: (error: Error) => void;
  /**
   * DynamoDB Local behind the endpoint: `'start'` starts one on a free port
   * (stopped with the cloud); `{ endpoint }` uses a running one (left running).
   * @default 'start'
   */
  readonly dynamodb?: DynamoDbOption;
  /**
   * Fidelity: duplicate and reordered delivery of standard SQS queues,
   * seeded, as AWS's at-least-once, best-effort-order delivery allows
   * (`{ duplicateRate: 0.3, reorder: true, seed: 42 }`). Tests that claim
   * idempotency or order independence turn it on.
   * @default - off: each message delivered once, in send order
   */
  readonly sqs?: SqsDeliveryOptions;
  /**
   * Fidelity: replays shuffled within each one-minute slice, seeded, as AWS
   * gives no order within a slice (`{ shuffle: true, seed: 42 }`).
   * @default - event-time order
   */
  readonly replays?: ReplayOrderOptions;
  /** SES settings (sandbox mode). @default production access */
  readonly ses?: SesServiceOptions;
  /**
   * Sees every request the AWS endpoint receives (SDK calls of functions and
   * pollers), before it is handled; for meters such as `bench:flow`.
   * @default - no observer
   */
  readonly onAwsRequest?: (request: AwsRequestSeen) => void;
  /**
   * Sees every delivery between services by ARN (a rule's target, a state
   * machine's task, a destination), before it is routed.
   * @default - no observer
   */
  readonly onDispatch?: (targetArn: string, payload: string) => void;
  /**
   * Deterministic runs (the simulator): every request the functions and the
   * cloud's own clients send goes one at a time, in an order drawn from
   * `seed` when all of them are at rest, and the functions' randomness is
   * seeded, so a seed gives the same run each time (see
   * {@link DeterministicScheduler}). Meant for a manual clock; costs
   * concurrency.
   * @default - off: requests are handled as they arrive
   */
  readonly deterministic?: {
    readonly seed: number;
    /** Told of each request let through (the run's schedule). */
    readonly onGrant?: DeterministicSchedulerOptions['onGrant'];
  };
}

/** A running local cloud. */
export interface LocalCloud {
  /** The AWS endpoint: give it to SDK clients as `endpoint` or `AWS_ENDPOINT_URL`. */
  readonly url: string;
  readonly region: string;
  readonly clock: Clock;
  readonly logger: CloudLogger;
  readonly context: LocalCloudContext;
  readonly sqs: SqsService;
  readonly lambda: LambdaService;
  readonly eventBridge: EventBridgeService;
  readonly stepFunctions: StepFunctionsService;
  /** SES v2: identities, sends, and the messages sent (also at `GET /_aws/ses`). */
  readonly ses: SesService;
  /** CloudFormation's `DescribeStacks` for the stacks deployed on this cloud. */
  readonly cloudFormation: CloudFormationService;
  /**
   * Fault injection, for tests and the simulator: rules that make chosen
   * Lambda invocations fail before their handler runs, after it ran, or time
   * out; DynamoDB requests throttled or in a transaction conflict; `PutEvents`
   * calls throttled or partly failed.
   */
  readonly faults: {
    readonly lambda: InvocationFaults;
    readonly dynamodb: DynamoDbFaults;
    readonly putEvents: PutEventsFaults;
  };
  /** DynamoDB Local's own URL (the endpoint proxies to it). */
  readonly dynamoDbEndpoint: string;
  /** The request scheduler of a deterministic run (`deterministic` option). */
  readonly scheduler: DeterministicScheduler | undefined;
  /** Adds (or replaces) a service spoken to through the endpoint and reachable by the dispatcher. */
  registerService(service: AwsJsonService): void;
  /** Stops the endpoint, the services' timers and background work, and DynamoDB Local if it started it. */
  stop(): Promise<void>;
}

/**
 * Starts the local cloud: one AWS-compatible endpoint on 127.0.0.1 serving
 * SQS, EventBridge, Step Functions, Lambda's Invoke API, SES v2 and
 * CloudFormation's DescribeStacks, with DynamoDB
 * and DynamoDB Streams proxied to DynamoDB Local. Services deliver to each
 * other by ARN through the dispatcher (SQS SendMessage, Lambda Invoke, Step
 * Functions StartExecution, EventBridge PutEvents), so none imports another.
 */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const clock = options.clock ?? new RealClock();
  const logger = options.logger ?? consoleLogger();
  const scheduler = options.deterministic
    ? new DeterministicScheduler({ ...options.deterministic, logger })
    : undefined;
  const endpoint = new AwsEndpoint({
    logger,
    clock,
    ...(scheduler ? { scheduler } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.onAwsRequest ? { onRequest: options.onAwsRequest } : {}),
  });
  const services = new Map<string, AwsJsonService>();
  const dispatcher = new ArnDispatcher(options.onDispatch);
  const context: LocalCloudContext = {
    clock,
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    logger,
    dispatcher,
    endpointUrl: () => endpoint.url,
  };
  const register = (service: AwsJsonService) => {
    services.set(service.targetPrefix, service);
    endpoint.addService(service);
  };
  const call = async (prefix: string, operation: string, input: Record<string, unknown>) => {
    const service = services.get(prefix);
    if (!service) throw CoreErrors.noSuchTarget(`The local cloud runs no ${prefix} service`);
    return runOperation(service, operation, input);
  };

  const faults: LocalCloud['faults'] = {
    lambda: new InvocationFaults(),
    dynamodb: new DynamoDbFaults(),
    putEvents: new PutEventsFaults(),
  };
  const sqs = new SqsService(context, options.sqs);
  const lambda = new LambdaService(context);
  // A deterministic run's jitter (retry back-offs of targets and saga steps) comes from its seed,
  // through a seed of its own: the scheduler draws from the run's seed itself.
  const jitter = options.deterministic
    ? seededRandom(deriveSeed(options.deterministic.seed, 'retry-jitter'))
    : undefined;
  const eventBridge = createEventBridgeService(context, {
    putEventsFaults: faults.putEvents,
    ...(jitter ? { random: jitter } : {}),
    ...(options.replays ? { replays: options.replays } : {}),
  });
  const ses = new SesService(context, options.ses);
  const cloudFormation = new CloudFormationService(context);
  dispatcher.route('sqs', async (arn, payload, opts) => {
    sqs.sendMessage(
      arn,
      payload,
      opts.messageAttributes ? { messageAttributes: opts.messageAttributes } : {},
    );
    return {};
  });
  dispatcher.route('lambda', async (arn, payload, opts) => {
    const event = parsePayload(arn, payload);
    if (opts.invocationType === 'Event') {
      lambda.invokeAsync(arn, event);
      return {};
    }
    const result = await lambda.invoke(arn, event);
    return {
      payload: result.payload,
      ...(result.functionError ? { functionError: result.functionError } : {}),
    };
  });
  dispatcher.route('states', async (arn, payload, opts) => {
    await call('AWSStepFunctions', 'StartExecution', {
      stateMachineArn: arn,
      input: payload,
      ...(opts.executionName ? { name: opts.executionName } : {}),
    });
    return {};
  });
  dispatcher.route('events', async (arn, payload) => {
    const event = parsePayload(arn, payload) as Record<string, unknown>;
    const out = (await call('AWSEvents', 'PutEvents', {
      Entries: [
        {
          EventBusName: arn,
          Source: event.source,
          DetailType: event['detail-type'],
          Detail: JSON.stringify(event.detail ?? {}),
          Resources: event.resources ?? [],
          ...(typeof event.time === 'string' ? { Time: event.time } : {}),
        },
      ],
    })) as { FailedEntryCount?: number; Entries?: { ErrorCode?: string; ErrorMessage?: string }[] };
    const failed = out.FailedEntryCount ? out.Entries?.find((e) => e.ErrorCode) : undefined;
    if (failed)
      throw EventBridgeErrors.entryFailed(
        failed.ErrorCode as string,
        failed.ErrorMessage ?? `PutEvents to ${arn} failed`,
      );
    return {};
  });

  let dynamo: DynamoDbBackend | undefined;
  try {
    dynamo = await openDynamoDbBackend(options.dynamodb ?? 'start');
    proxyDynamoDb(endpoint, dynamo, faults.dynamodb, scheduler);
    endpoint.addRestRoute(lambda.route);
    endpoint.addRestRoute(ses.route);
    endpoint.addRestRoute(cloudFormation.route);
    register(sqs);
    register(eventBridge);
    const stepFunctions = new StepFunctionsService(context, {
      call,
      ...(jitter ? { random: jitter } : {}),
      dynamodb: new DynamoDBClient({
        endpoint: dynamo.endpoint,
        region: LOCAL_REGION,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    });
    register(stepFunctions);
    dynamo.onFailure((error) => {
      logger.error(error.message, { dynamodb: dynamo?.endpoint });
      options.onFailure?.(error);
    });
    await endpoint.listen();
    logger.info('local cloud endpoint listening', { url: endpoint.url, dynamodb: dynamo.endpoint });
    const backend = dynamo;
    let stopped: Promise<void> | undefined;
    return {
      url: endpoint.url,
      region: LOCAL_REGION,
      clock,
      logger,
      context,
      sqs,
      lambda,
      eventBridge,
      stepFunctions,
      ses,
      cloudFormation,
      faults,
      dynamoDbEndpoint: backend.endpoint,
      scheduler,
      registerService: register,
      stop() {
        stopped ??= (async () => {
          scheduler?.close();
          await endpoint.close();
          lambda.close();
          for (const service of services.values()) await service.close?.();
          await backend.stop();
        })();
        return stopped;
      },
    };
  } catch (error) {
    scheduler?.close();
    await endpoint.close();
    await sqs.close();
    lambda.close();
    await dynamo?.stop();
    throw error;
  }
}

function parsePayload(arn: string, payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    throw CoreErrors.payloadNotJson(arn);
  }
}
