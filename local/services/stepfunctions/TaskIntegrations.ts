import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { AwsServiceError } from '../../core/errors';
import type { LocalCloudContext } from '../../core/service';
import type { TaskKind } from './definition';

type Input = Record<string, unknown>;
type Json = unknown;

/** Calls an operation of another local service (SQS, EventBridge) through its own API. */
export type ServiceCaller = (
  targetPrefix: string,
  operation: string,
  input: Input,
) => Promise<unknown>;

/**
 * The service integrations a Task state calls, wired to the local services:
 * `lambda:invoke` and plain function ARNs (through the dispatcher),
 * `events:putEvents`, `sqs:sendMessage`, `dynamodb:getItem/putItem/updateItem/deleteItem`.
 * Failures are errors named as Step Functions names them (a function's
 * `errorType`, `Lambda.<code>`, `SQS.<code>`, `DynamoDB.<name>`), which is
 * what Retry and Catch match.
 */
export class TaskIntegrations {
  readonly #ctx: LocalCloudContext;
  readonly #call: ServiceCaller;
  readonly #dynamodb: DynamoDBClient;

  constructor(context: LocalCloudContext, call: ServiceCaller, dynamodb: DynamoDBClient) {
    this.#ctx = context;
    this.#call = call;
    this.#dynamodb = dynamodb;
  }

  /** One attempt of a Task state's integration. */
  async attempt(state: string, kind: TaskKind, input: Json): Promise<Json> {
    const params = (input ?? {}) as Record<string, unknown>;
    switch (kind.kind) {
      case 'lambda:invoke':
      case 'lambda': {
        const fn = kind.kind === 'lambda' ? kind.functionArn : String(params.FunctionName ?? '');
        const payload = kind.kind === 'lambda' ? input : ((params.Payload ?? {}) as Json);
        let result: Awaited<ReturnType<LocalCloudContext['dispatcher']['deliver']>>;
        try {
          result = await this.#ctx.dispatcher.deliver(fn, JSON.stringify(payload));
        } catch (error) {
          // The Lambda service refused the call: Step Functions names it `Lambda.<code>`.
          if (error instanceof AwsServiceError) throw named(`Lambda.${error.code}`, error.message);
          throw error;
        }
        const body = JSON.parse(result.payload ?? 'null') as Json;
        if (result.functionError) throw taskError(body);
        if (kind.kind === 'lambda') return body;
        return {
          ExecutedVersion: '$LATEST',
          Payload: body,
          StatusCode: 200,
          SdkHttpMetadata: { HttpStatusCode: 200 },
          SdkResponseMetadata: {},
        } as Json;
      }
      case 'events:putEvents':
        return (await this.#service('AWSEvents', 'PutEvents', params)) as Json;
      case 'sqs:sendMessage':
        return (await this.#service('AmazonSQS', 'SendMessage', params)) as Json;
      case 'dynamodb': {
        try {
          const { $metadata, ...out } = await this.#dynamo(kind.action, params);
          void $metadata;
          return out as Json;
        } catch (error) {
          throw named(`DynamoDB.${(error as Error).name}`, (error as Error).message);
        }
      }
      default:
        throw named('States.TaskFailed', `unsupported task in state ${state}`);
    }
  }

  #dynamo(action: 'getItem' | 'putItem' | 'updateItem' | 'deleteItem', params: Input) {
    const db = this.#dynamodb;
    switch (action) {
      case 'getItem':
        return db.send(new GetItemCommand(params as never));
      case 'putItem':
        return db.send(new PutItemCommand(params as never));
      case 'updateItem':
        return db.send(new UpdateItemCommand(params as never));
      case 'deleteItem':
        return db.send(new DeleteItemCommand(params as never));
    }
  }

  async #service(prefix: string, operation: string, params: Input): Promise<unknown> {
    try {
      return await this.#call(prefix, operation, params);
    } catch (error) {
      const code = (error as AwsServiceError).code ?? (error as Error).name;
      throw named(
        `${prefix === 'AmazonSQS' ? 'SQS' : 'EventBridge'}.${code}`,
        (error as Error).message,
      );
    }
  }
}

/** An error whose name is what Retry / Catch match on. */
function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** A Lambda function error as a task error: its `errorType` is the name States matches. */
function taskError(body: unknown): Error {
  const b = (body ?? {}) as { errorType?: string; errorMessage?: string };
  return named(b.errorType ?? 'Lambda.Unknown', JSON.stringify(body));
}
