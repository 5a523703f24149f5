import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { LocalCloud, LocalCloudOptions } from './cloud';
import { startLocalCloud } from './cloud';
import type { DeterministicScheduler } from './core/scheduler';
import { ACTOR_HEADER, MAIN_ACTOR, SEQUENCE_HEADER } from './core/scheduler';
import { readCloudAssembly } from './deploy/cloud-assembly';
import type { Deployment, DeployOptions } from './deploy/deploy-assembly';
import { deployAssembly } from './deploy/deploy-assembly';
import type { DeployClients } from './deploy/types';
import type { MappingBatchListener } from './services/lambda/event-source-mappings/types';

export interface RunAppOptions extends LocalCloudOptions, DeployOptions {
  /** The cloud assembly to run. @default `<cwd>/cdk.out` */
  readonly assemblyDir?: string;
  /** Told of each batch an event source mapping (SQS, DynamoDB stream) invoked its function with. */
  readonly onMappingBatch?: MappingBatchListener;
}

/** The app running on the local cloud. */
export interface RunningApp {
  readonly cloud: LocalCloud;
  readonly deployment: Deployment;
  /** Base URL of the first HTTP API. */
  readonly apiUrl: string | undefined;
  /** SDK clients pointed at the local cloud. */
  readonly clients: DeployClients;
  /**
   * Waits until the cloud is quiet: a whole pass over the clock's work in
   * flight (pollers, batches, EventBridge deliveries and replays), the
   * pollers, EventBridge and Lambda's asynchronous invocations in which
   * nothing new began. What is left waits on the clock (a poll interval, a
   * retry, a visibility timeout).
   */
  idle(): Promise<void>;
  /**
   * Stream records the event source mappings hold: for their batching
   * windows (the outbox's), or waiting out the back-off before a failed
   * batch's retry. They wait on the clock, so `idle()` returns before they
   * are processed. Wait while this is above 0 to see them delivered.
   */
  heldStreamRecords(): number;
  stop(): Promise<void>;
}

/**
 * Starts the local cloud and deploys a synthesized cloud assembly on it: the
 * very templates and bundles `cdk deploy` would ship.
 */
export async function runAppLocally(options: RunAppOptions = {}): Promise<RunningApp> {
  const cloud = await startLocalCloud(options);
  try {
    const config = {
      endpoint: cloud.url,
      region: cloud.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    };
    const clients: DeployClients = {
      dynamodb: new DynamoDBClient(config),
      streams: new DynamoDBStreamsClient(config),
      sqs: new SQSClient(config),
      events: new EventBridgeClient(config),
      sfn: new SFNClient(config),
    };
    const scheduler = cloud.scheduler;
    if (scheduler) for (const client of Object.values(clients)) scheduleRequests(client, scheduler);
    const assembly = readCloudAssembly(options.assemblyDir ?? join(process.cwd(), 'cdk.out'));
    const deployment = await deployAssembly(
      assembly,
      {
        endpointUrl: cloud.url,
        region: cloud.region,
        accountId: cloud.context.accountId,
        clock: cloud.clock,
        faults: cloud.faults.lambda,
        logger: cloud.logger,
        dispatcher: cloud.context.dispatcher,
        ...(scheduler ? { scheduler } : {}),
        ...(options.onMappingBatch ? { onMappingBatch: options.onMappingBatch } : {}),
        registerFunction: (runtime) =>
          cloud.lambda.register({
            functionName: runtime.props.functionName,
            functionArn: runtime.props.functionArn,
            invoke: (event) => runtime.invoke(event),
          }),
      },
      clients,
      options,
    );
    // DescribeStacks answers for what was deployed (the cloud started before the deployer).
    for (const stack of deployment.stacks) cloud.cloudFormation.registerStack(stack);
    const idle = async () => {
      // Deliveries start invocations that write stream records and so on: repeat the
      // pass until one completes in which no work began.
      for (;;) {
        const mark = cloud.clock.workStarted;
        await cloud.clock.idle();
        await deployment.idle();
        await cloud.eventBridge.idle();
        await cloud.lambda.idle();
        if (cloud.clock.workStarted === mark) return;
      }
    };
    return {
      cloud,
      deployment,
      apiUrl: deployment.apis[0]?.url,
      clients,
      idle,
      heldStreamRecords: () =>
        deployment.runtime.pollers.reduce((n, poller) => n + (poller.held ?? 0), 0),
      async stop() {
        await deployment.stop();
        await cloud.stop();
      },
    };
  } catch (error) {
    await cloud.stop();
    throw error;
  }
}

/** An SDK client of this process, as the scheduler needs it: a middleware stack. */
interface ClientWithMiddleware {
  readonly middlewareStack: {
    add(
      middleware: (
        next: (args: { request: unknown }) => Promise<unknown>,
      ) => (args: { request: unknown }) => Promise<unknown>,
      options: { step: 'deserialize'; priority: 'high'; name: string },
    ): void;
  };
}

/**
 * Tags every HTTP request `client` sends (each attempt: the retry middleware
 * is outside this step) for the scheduler of a deterministic run, and tells
 * it when the answer has been read and parsed (outside the deserializer).
 */
function scheduleRequests(client: ClientWithMiddleware, scheduler: DeterministicScheduler): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      const { seq, done } = scheduler.mainRequest();
      if (request.headers) {
        request.headers[ACTOR_HEADER] = MAIN_ACTOR;
        request.headers[SEQUENCE_HEADER] = String(seq);
      }
      try {
        return await next(args);
      } finally {
        done();
      }
    },
    { step: 'deserialize', priority: 'high', name: 'localScheduler' },
  );
}
