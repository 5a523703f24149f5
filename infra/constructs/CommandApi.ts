import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import type { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EventlineFunction } from './EventlineFunction';
import type { EventStore, EventStoreAccess, StreamOwner } from './EventStore';
import { IdempotencyTable } from './IdempotencyTable';
import { pascalCase } from './pascal-case';

/** One route of the API and what its function may do. */
export interface CommandApiRoute {
  readonly method: HttpMethod;
  readonly path: string;
  /** Folder of the function under `functions/`. */
  readonly functionDir: string;
  /** Whether the function appends to the event store or only reads it. */
  readonly access: EventStoreAccess;
  /** The aggregates whose streams it touches: the only ones its role allows. */
  readonly owners: readonly StreamOwner[];
}

/**
 * The API's routes. Every POST is a command: it appends, and takes an
 * `Idempotency-Key` (so its function also gets the idempotency table).
 */
export const COMMAND_API_ROUTES: readonly CommandApiRoute[] = [
  {
    method: HttpMethod.POST,
    path: '/orders',
    functionDir: 'place-order',
    access: 'append',
    owners: ['order'],
  },
  {
    method: HttpMethod.POST,
    path: '/orders/{orderId}/cancel',
    functionDir: 'cancel-order',
    access: 'append',
    owners: ['order'],
  },
  {
    method: HttpMethod.GET,
    path: '/orders/{orderId}',
    functionDir: 'get-order',
    access: 'read',
    // The saga's outcome: the order's payment and the stock held for its lines.
    owners: ['order', 'inventory', 'payment'],
  },
  {
    method: HttpMethod.GET,
    path: '/orders/{orderId}/events',
    functionDir: 'get-order-events',
    access: 'read',
    owners: ['order'],
  },
  {
    method: HttpMethod.POST,
    path: '/inventory/{sku}/stock',
    functionDir: 'add-stock',
    access: 'append',
    owners: ['inventory'],
  },
  {
    method: HttpMethod.GET,
    path: '/inventory/{sku}',
    functionDir: 'get-inventory',
    access: 'read',
    owners: ['inventory'],
  },
];

/**
 * One JSON object per request, with HTTP API context variables only
 * (`$context.resourcePath` and the other REST API fields of
 * `AccessLogFormat.jsonWithStandardFields()` are not HTTP API variables).
 * The integration error says why a function answered 5xx without opening
 * its logs; the caller is the IAM principal that signed the request.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
  protocol: '$context.protocol',
  sourceIp: '$context.identity.sourceIp',
  caller: '$context.identity.caller',
  userAgent: '$context.identity.userAgent',
} as const;

export interface CommandApiProps {
  /** The event store the route functions read or append to. */
  readonly eventStore: EventStore;
  /**
   * Authorizer of every route.
   * @default HttpIamAuthorizer - callers sign requests with SigV4
   */
  readonly authorizer?: IHttpRouteAuthorizer;
  /**
   * Steady-state requests per second across the stage.
   * @default 50
   */
  readonly rateLimit?: number;
  /**
   * Requests the stage accepts in a burst above the rate.
   * @default 100
   */
  readonly burstLimit?: number;
  /**
   * How long access logs are kept.
   * @default RetentionDays.THREE_MONTHS
   */
  readonly accessLogRetention?: RetentionDays;
  /**
   * What happens to the access and function log groups when the stack is deleted.
   * @default RemovalPolicy.DESTROY
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Customer-managed KMS key of the idempotency table.
   * @default - the AWS managed key `aws/dynamodb`
   */
  readonly encryptionKey?: IKey;
}

/**
 * The HTTP API of the command side: one function per route, IAM
 * authorization by default, JSON access logs and stage throttling. Each
 * function may touch only the event streams of its aggregate; the command
 * (POST) functions also keep their `Idempotency-Key` records in the API's
 * idempotency table, each under its own prefix.
 */
export class CommandApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly functions: EventlineFunction[] = [];
  readonly idempotencyTable: IdempotencyTable;

  constructor(scope: Construct, id: string, props: CommandApiProps) {
    super(scope, id);
    const rateLimit = props.rateLimit ?? 50;
    if (!Number.isFinite(rateLimit) || rateLimit <= 0) {
      throw new Error(
        `rateLimit must be a positive number of requests per second, got ${rateLimit}`,
      );
    }
    const burstLimit = props.burstLimit ?? 100;
    if (!Number.isInteger(burstLimit) || burstLimit < 1) {
      throw new Error(`burstLimit must be a positive integer, got ${burstLimit}`);
    }
    this.api = new HttpApi(this, 'Resource', {
      createDefaultStage: false,
      defaultAuthorizer: props.authorizer ?? new HttpIamAuthorizer(),
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      autoDeploy: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
      throttle: { rateLimit, burstLimit },
    });
    this.idempotencyTable = new IdempotencyTable(this, 'IdempotencyTable', {
      ...(props.encryptionKey ? { encryptionKey: props.encryptionKey } : {}),
    });
    for (const route of COMMAND_API_ROUTES) {
      const name = pascalCase(route.functionDir);
      const fn = new EventlineFunction(this, name, {
        functionDir: route.functionDir,
        timeout: Duration.seconds(10),
        ...(props.logRemovalPolicy ? { logRemovalPolicy: props.logRemovalPolicy } : {}),
      });
      props.eventStore.bindTo(fn, route.access, route.owners);
      if (route.method === HttpMethod.POST) this.idempotencyTable.bindTo(fn, route.functionDir);
      this.api.addRoutes({
        path: route.path,
        methods: [route.method],
        integration: new HttpLambdaIntegration(`${name}Integration`, fn),
      });
      this.functions.push(fn);
    }
  }

  /** The API's base URL, ending in `/`. */
  get url(): string {
    return this.stage.url;
  }
}
