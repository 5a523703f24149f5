import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Clock } from './core/clock';
import { RealClock } from './core/clock';
import { consoleLogger } from './core/console-logger';
import { AwsServiceError } from './core/errors';
import { AwsEndpoint, httpProxy } from './core/server';
import type {
  AwsJsonService,
  CloudLogger,
  DeliveryOptions,
  DeliveryResult,
  LocalCloudContext,
  TargetDispatcher,
} from './core/service';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './core/service';
import type { DynamoDbLocal } from './dynamodb/start-dynamodb-local';
import { startDynamoDbLocal } from './dynamodb/start-dynamodb-local';
import { createEventBridgeService } from './services/eventbridge/createEventBridgeService';
import { LambdaService } from './services/lambda/LambdaService';
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
   * An already running DynamoDB Local to use (it is not stopped with the cloud).
   * @default - the cloud starts and stops its own
   */
  readonly dynamoDbEndpoint?: string;
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
  readonly eventBridge: ReturnType<typeof createEventBridgeService>;
  readonly stepFunctions: StepFunctionsService;
  readonly dynamoDbEndpoint: string;
  /** Adds a service spoken to through the endpoint (Step Functions, ...). */
  registerService(service: AwsJsonService): void;
  /** Stops the endpoint, the services' timers and DynamoDB Local. */
  stop(): Promise<void>;
}

/**
 * Starts the local cloud: DynamoDB Local (with its Streams API) behind one
 * AWS-compatible endpoint, and the local SQS, EventBridge and Lambda. Services
 * deliver to each other by ARN through the dispatcher, using each service's
 * own API, so none imports another.
 */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const clock = options.clock ?? new RealClock();
  const logger = options.logger ?? consoleLogger();
  const endpoint = new AwsEndpoint({
    logger,
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  const services = new Map<string, AwsJsonService>();
  let dynamo: DynamoDbLocal | undefined;

  const dispatcher: TargetDispatcher = {
    deliver: (arn, payload, opts) => deliver(arn, payload, opts ?? {}),
  };
  const context: LocalCloudContext = {
    clock,
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    logger,
    dispatcher,
    endpointUrl: () => endpoint.url,
  };
  const sqs = new SqsService(context);
  const lambda = new LambdaService(logger);
  const eventBridge = createEventBridgeService(context);

  const call = async (prefix: string, operation: string, input: Record<string, unknown>) => {
    const service = services.get(prefix);
    if (!service)
      throw new AwsServiceError(
        'ResourceNotFoundException',
        `The local cloud runs no ${prefix} service`,
      );
    return service.handle(operation, input);
  };

  async function deliver(
    arn: string,
    payload: string,
    opts: DeliveryOptions,
  ): Promise<DeliveryResult> {
    const [, , service, , , ...rest] = arn.split(':');
    const resource = rest.join(':');
    switch (service) {
      case 'sqs':
        await call('AmazonSQS', 'SendMessage', {
          QueueUrl: `${endpoint.url}/${LOCAL_ACCOUNT_ID}/${resource}`,
          MessageBody: payload,
          ...(opts.messageAttributes ? { MessageAttributes: opts.messageAttributes } : {}),
        });
        return {};
      case 'lambda': {
        const result = await lambda.invoke(arn, JSON.parse(payload));
        return {
          payload: result.payload,
          ...(result.functionError ? { functionError: result.functionError } : {}),
        };
      }
      case 'states':
        await call('AWSStepFunctions', 'StartExecution', {
          stateMachineArn: arn,
          input: payload,
          ...(opts.executionName ? { name: opts.executionName } : {}),
        });
        return {};
      case 'events': {
        const event = JSON.parse(payload) as Record<string, unknown>;
        await call('AWSEvents', 'PutEvents', {
          Entries: [
            {
              EventBusName: arn,
              Source: event.source,
              DetailType: event['detail-type'],
              Detail: JSON.stringify(event.detail ?? {}),
              Resources: event.resources ?? [],
            },
          ],
        });
        return {};
      }
      default:
        throw new AwsServiceError(
          'ResourceNotFoundException',
          `The local cloud cannot deliver to ${arn}`,
        );
    }
  }

  const register = (service: AwsJsonService) => {
    services.set(service.targetPrefix, service);
    endpoint.addService(service);
  };

  try {
    dynamo = options.dynamoDbEndpoint ? undefined : await startDynamoDbLocal();
    const dynamoDbEndpoint = options.dynamoDbEndpoint ?? (dynamo as DynamoDbLocal).endpoint;
    endpoint.addProxy('DynamoDB_20120810', httpProxy(dynamoDbEndpoint));
    endpoint.addProxy('DynamoDBStreams_20120810', httpProxy(dynamoDbEndpoint));
    endpoint.addRestRoute(lambda.route);
    register(sqs);
    register(eventBridge);
    const stepFunctions = new StepFunctionsService(context, {
      call,
      dynamodb: new DynamoDBClient({
        endpoint: dynamoDbEndpoint,
        region: LOCAL_REGION,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    });
    register(stepFunctions);
    await endpoint.listen();
    logger.info('local cloud endpoint listening', {
      url: endpoint.url,
      dynamodb: dynamoDbEndpoint,
    });
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
      dynamoDbEndpoint,
      registerService: register,
      async stop() {
        await endpoint.close();
        for (const service of services.values()) await service.close?.();
        await dynamo?.stop();
      },
    };
  } catch (error) {
    await endpoint.close();
    await dynamo?.stop();
    throw error;
  }
}
