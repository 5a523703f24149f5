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
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EventlineFunction } from './EventlineFunction';
import type { EventStore } from './EventStore';

/** The API's routes: method, path, function folder, and whether it writes. */
export const COMMAND_API_ROUTES = [
  { method: HttpMethod.POST, path: '/orders', functionDir: 'place-order', access: 'append' },
  {
    method: HttpMethod.POST,
    path: '/orders/{orderId}/cancel',
    functionDir: 'cancel-order',
    access: 'append',
  },
  { method: HttpMethod.GET, path: '/orders/{orderId}', functionDir: 'get-order', access: 'read' },
  {
    method: HttpMethod.GET,
    path: '/orders/{orderId}/events',
    functionDir: 'get-order-events',
    access: 'read',
  },
  {
    method: HttpMethod.POST,
    path: '/inventory/{sku}/stock',
    functionDir: 'add-stock',
    access: 'append',
  },
  {
    method: HttpMethod.GET,
    path: '/inventory/{sku}',
    functionDir: 'get-inventory',
    access: 'read',
  },
] as const;

export interface CommandApiProps {
  readonly eventStore: EventStore;
  /**
   * Authorizer of every route.
   * @default HttpIamAuthorizer - callers sign requests with SigV4
   */
  readonly authorizer?: IHttpRouteAuthorizer;
  /** @default 50 requests per second */
  readonly rateLimit?: number;
  /** @default 100 */
  readonly burstLimit?: number;
}

/**
 * The HTTP API of the command side: one function per route, IAM
 * authorization by default, JSON access logs and stage throttling.
 */
export class CommandApi extends Construct {
  readonly api: HttpApi;
  readonly functions: EventlineFunction[] = [];

  constructor(scope: Construct, id: string, props: CommandApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Resource', {
      createDefaultStage: false,
      defaultAuthorizer: props.authorizer ?? new HttpIamAuthorizer(),
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      autoDeploy: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
      throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
    });
    for (const route of COMMAND_API_ROUTES) {
      const fn = new EventlineFunction(this, pascal(route.functionDir), {
        functionDir: route.functionDir,
        timeout: Duration.seconds(10),
      });
      props.eventStore.bind(fn, route.access);
      this.api.addRoutes({
        path: route.path,
        methods: [route.method],
        integration: new HttpLambdaIntegration(`${pascal(route.functionDir)}Integration`, fn),
      });
      this.functions.push(fn);
    }
  }

  /** The API's base URL. */
  get url(): string {
    return `https://${this.api.apiId}.execute-api.${this.api.stack.region}.${this.api.stack.urlSuffix}/`;
  }
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}
