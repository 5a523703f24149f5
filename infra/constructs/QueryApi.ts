import type { RemovalPolicy } from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { EventlineFunction } from './EventlineFunction';
import { pascalCase } from './pascal-case';
import type { ReadModels } from './ReadModels';

/** The query routes served from the read models. */
export const QUERY_API_ROUTES = [
  {
    method: HttpMethod.GET,
    path: '/customers/{customerId}/orders',
    functionDir: 'list-customer-orders',
  },
  { method: HttpMethod.GET, path: '/inventory', functionDir: 'list-inventory' },
  { method: HttpMethod.GET, path: '/reports/sales/daily', functionDir: 'get-sales-daily' },
] as const;

export interface QueryApiProps {
  /** The HTTP API the routes are added to (they take its default authorizer). */
  readonly httpApi: HttpApi;
  readonly readModels: ReadModels;
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * Routes that answer from the read models (eventually consistent, cheap to
 * page), each with a function that may only read the read-model table.
 */
export class QueryApi extends Construct {
  readonly functions: EventlineFunction[] = [];

  constructor(scope: Construct, id: string, props: QueryApiProps) {
    super(scope, id);
    for (const route of QUERY_API_ROUTES) {
      const name = pascalCase(route.functionDir);
      const fn = new EventlineFunction(this, name, {
        functionDir: route.functionDir,
        timeout: Duration.seconds(10),
        ...(props.logRemovalPolicy ? { logRemovalPolicy: props.logRemovalPolicy } : {}),
      });
      props.readModels.bindTo(fn, 'query');
      props.httpApi.addRoutes({
        path: route.path,
        methods: [route.method],
        integration: new HttpLambdaIntegration(`${name}Integration`, fn),
      });
      this.functions.push(fn);
    }
  }
}
