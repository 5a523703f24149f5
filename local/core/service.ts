import type { Clock } from './clock';
import type { OperationProvider } from './operations';

/** Region and account every local ARN uses. */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT_ID = '000000000000';

/** Minimal structured log sink of the local cloud. */
export interface CloudLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Delivers a payload to a resource named by ARN (an SQS queue, a Lambda
 * function, a state machine, an event bus). EventBridge targets, Step
 * Functions integrations and DLQs use it, so no service imports another.
 * Rejects with an `AwsServiceError` when the target refuses or does not exist.
 */
export interface TargetDispatcher {
  deliver(targetArn: string, payload: string, options?: DeliveryOptions): Promise<DeliveryResult>;
}

export interface DeliveryOptions {
  /** SQS message attributes, for DLQ deliveries (e.g. error details). */
  readonly messageAttributes?: Record<string, { DataType: string; StringValue: string }>;
  /** Step Functions execution name. */
  readonly executionName?: string;
  /**
   * Lambda: `Event` queues the invocation (Lambda's retries and destinations
   * apply) and resolves at once with no payload, as services that invoke
   * asynchronously (EventBridge, destinations) do.
   * @default 'RequestResponse'
   */
  readonly invocationType?: 'RequestResponse' | 'Event';
}

export interface DeliveryResult {
  /** Lambda: the function's response payload; others: undefined. */
  readonly payload?: string;
  /** Lambda: set when the function threw (`Unhandled`). */
  readonly functionError?: string;
}

/** What every local service gets from the cloud. */
export interface LocalCloudContext {
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  readonly logger: CloudLogger;
  readonly dispatcher: TargetDispatcher;
  /** Base URL of the cloud's endpoint (for SQS queue URLs), set once listening. */
  endpointUrl(): string;
}

/**
 * A service spoken to with one of AWS's JSON protocols (`X-Amz-Target:
 * <targetPrefix>.<Operation>`, `application/x-amz-json-1.0` or `1.1`). Its
 * operations are declared with `defineOperations` (`./operations`); the
 * endpoint runs them, answering `UnknownOperationException` for other names.
 */
export interface AwsJsonService extends OperationProvider {
  /** The `X-Amz-Target` prefix, e.g. `AmazonSQS`, `AWSEvents`, `AWSStepFunctions`. */
  readonly targetPrefix: string;
  /**
   * Whether the service's JSON protocol is compatible with its older query
   * protocol (SQS): errors then also carry `x-amzn-query-error: <queryCode>;<fault>`,
   * which the SDK reads before `__type`.
   * @default false
   */
  readonly awsQueryCompatible?: boolean;
  /** Stops timers and background work. */
  close?(): Promise<void>;
}
