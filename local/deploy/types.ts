import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Clock } from '../core/clock';
import type { DeterministicScheduler } from '../core/scheduler';
import type { CloudLogger, TargetDispatcher } from '../core/service';
import type { HttpApiServer } from '../services/apigateway/HttpApiServer';
import type {
  EventSourcePoller,
  MappingBatchListener,
} from '../services/lambda/event-source-mappings/types';
import type { InvocationFaults } from '../services/lambda/runtime/InvocationFaults';
import type { LambdaFunctionRuntime } from '../services/lambda/runtime/LambdaFunctionRuntime';

/** What the deployer needs from the running local cloud. */
export interface DeployTarget {
  /** The cloud's AWS endpoint, given to functions as `AWS_ENDPOINT_URL`. */
  readonly endpointUrl: string;
  readonly region: string;
  readonly accountId: string;
  readonly clock: Clock;
  readonly logger: CloudLogger;
  readonly dispatcher: TargetDispatcher;
  /** Makes a function invocable by name and ARN (EventBridge, Step Functions, `Invoke`). */
  registerFunction(runtime: LambdaFunctionRuntime): void;
  /** The cloud's fault-injection hook for Lambda invocations. @default - no faults */
  readonly faults?: InvocationFaults;
  /** Told of each batch an event source mapping invoked its function with. @default - nobody */
  readonly onMappingBatch?: MappingBatchListener;
  /** A deterministic run's request scheduler (functions' environments join it). */
  readonly scheduler?: DeterministicScheduler;
}

/** SDK clients pointed at the local cloud. */
export interface DeployClients {
  readonly dynamodb: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly sqs: SQSClient;
  readonly events: EventBridgeClient;
  readonly sfn: SFNClient;
}

/** One resource of a template, its properties resolved to local values. */
export interface ResourceRequest {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
  readonly metadata: Record<string, unknown>;
}

/** What a created resource answers to `Ref` and `Fn::GetAtt`. */
export interface ProvisionedResource {
  readonly ref: unknown;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** Everything a provisioner may use. */
export interface ProvisionContext {
  readonly target: DeployTarget;
  readonly clients: DeployClients;
  /** The cloud assembly's directory (bundled assets live there). */
  readonly assemblyDir: string;
  /** A physical name for a resource that has none: `<stack>-<logicalId>`, cut to `maxLength`. */
  physicalName(request: ResourceRequest, maxLength: number): string;
  arn(service: string, resource: string): string;
  /** The deployment's running parts, for provisioners that start something. */
  readonly runtime: DeploymentRuntime;
}

/** Long-running parts a deployment owns and stops. */
export interface DeploymentRuntime {
  readonly functions: Map<string, LambdaFunctionRuntime>;
  readonly pollers: EventSourcePoller[];
  readonly apis: Map<string, HttpApiDefinition>;
  readonly servers: HttpApiServer[];
}

/** An HTTP API collected while its routes and integrations are provisioned. */
export interface HttpApiDefinition {
  readonly apiId: string;
  readonly name: string;
  readonly integrations: Map<string, string>;
  readonly routes: { routeKey: string; target: string }[];
}

/** Creates one resource type in the local cloud. */
export type Provisioner = (
  request: ResourceRequest,
  context: ProvisionContext,
) => Promise<ProvisionedResource>;

/** How the deployer treated one resource. */
export type ResourceStatus = 'emulated' | 'accepted' | 'unsupported';

export interface DeployedResource {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  readonly status: ResourceStatus;
  readonly physicalId?: string;
  /** Why it is not emulated. */
  readonly note?: string;
}
