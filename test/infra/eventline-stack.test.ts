import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_API_ROUTES } from '../../infra/constructs/CommandApi';
import { EVENTLINE_SOURCE_PREFIX } from '../../infra/constructs/EventBus';
import { EventlineStack } from '../../infra/stacks/EventlineStack';
import { parseStage } from '../../infra/stage';
import { matchesEventPattern } from '../../local/services/eventbridge/pattern';
import { eventTableDefinition } from '../../shared/event-store/dynamodb/table-definition';
import { EventCatalog, Sources } from '../../shared/events/catalog';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

function synth(stage: 'dev' | 'prod'): Template {
  // No bundling: these tests read the template, not the function code.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return Template.fromStack(new EventlineStack(app, `eventline-${stage}`, { stage }));
}

let dev: Template;
let prod: Template;
beforeAll(() => {
  dev = synth('dev');
  prod = synth('prod');
});

/** The IAM actions each function's role is granted, by function logical id. */
function actionsByFunction(template: Template): Map<string, string[]> {
  const resources = template.toJSON().Resources as Resources;
  const functions = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
  const result = new Map<string, string[]>();
  for (const [fnId, fn] of functions) {
    const role = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const actions = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === role))
      .flatMap(
        (p) =>
          (p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
      )
      .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    result.set(fnId, [...new Set(actions)].sort());
  }
  return result;
}

function functionIdFor(template: Template, functionDir: string): string {
  const found = Object.entries(template.findResources('AWS::Lambda::Function')).find(
    ([, r]) => r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === functionDir,
  );
  if (!found) throw new Error(`no function for ${functionDir}`);
  return found[0];
}

describe('Stack: EventlineStack', () => {
  it('archives every catalog event: the archive pattern matches an event of each catalog source and type', () => {
    const archives = Object.values(dev.findResources('AWS::Events::Archive'));
    expect(archives).toHaveLength(1);
    const archive = archives[0]?.Properties as Record<string, unknown>;
    const [busId] = Object.keys(dev.findResources('AWS::Events::EventBus'));
    expect(archive.SourceArn).toEqual({ 'Fn::GetAtt': [busId, 'Arn'] });
    // Derived from the catalog: a new context or event type is covered or this fails.
    const catalog = Object.values(EventCatalog);
    expect(new Set(catalog.map((e) => e.source))).toEqual(new Set(Object.values(Sources)));
    for (const entry of catalog) {
      const event = {
        source: entry.source,
        'detail-type': entry.detailType,
        detail: { metadata: {}, data: {} },
      };
      expect(matchesEventPattern(archive.EventPattern, event), entry.detailType).toBe(true);
    }
    expect(archive.EventPattern).toEqual({ source: [{ prefix: EVENTLINE_SOURCE_PREFIX }] });
    expect(archive.RetentionDays).toBe(30);
    prod.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 365 });
  });

  it('archives nothing that is not an eventline event', () => {
    const pattern = Object.values(dev.findResources('AWS::Events::Archive'))[0]?.Properties
      .EventPattern;
    for (const source of ['aws.events', 'eventlinex.orders', 'other.eventline.orders']) {
      expect(matchesEventPattern(pattern, { source, 'detail-type': 'OrderPlaced' }), source).toBe(
        false,
      );
    }
  });

  it('registers a draft-4 JSON Schema for every catalog event', () => {
    const schemas = Object.values(dev.findResources('AWS::EventSchemas::Schema'));
    expect(schemas.map((s) => s.Properties.SchemaName).sort()).toEqual(
      Object.values(EventCatalog)
        .map((e) => `${e.source}@${e.detailType}`)
        .sort(),
    );
    expect(new Set(schemas.map((s) => s.Properties.Type))).toEqual(new Set(['JSONSchemaDraft4']));
  });

  it('keys the event table exactly like the adapter, with a NEW_IMAGE stream, PITR and KMS encryption', () => {
    const adapter = eventTableDefinition('any');
    dev.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: adapter.KeySchema,
      AttributeDefinitions: Match.arrayEquals(adapter.AttributeDefinitions ?? []),
      BillingMode: adapter.BillingMode,
      StreamSpecification: { StreamViewType: adapter.StreamSpecification?.StreamViewType },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      // SSEEnabled without a key: the AWS managed key aws/dynamodb (KMS).
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('destroys the table and logs in dev, retains them and protects the table in prod', () => {
    dev.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
    prod.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    const policies = (t: Template) =>
      new Set(Object.values(t.findResources('AWS::Logs::LogGroup')).map((l) => l.DeletionPolicy));
    expect(policies(dev)).toEqual(new Set(['Delete']));
    expect(policies(prod)).toEqual(new Set(['Retain']));
  });

  it('maps the table stream to the outbox with bounded retries, bisection, partial failures and a failure queue', () => {
    const queueId = Object.keys(dev.findResources('AWS::SQS::Queue'))[0] as string;
    dev.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('EventStore'), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 86400,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
  });

  it('makes the failure queue encrypted and TLS only', () => {
    dev.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1209600,
    });
    dev.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('grants each function exactly the IAM actions it needs, and no wildcard action', () => {
    const actions = actionsByFunction(dev);
    const house = [
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ];
    expect(actions.get(functionIdFor(dev, 'outbox-publisher'))).toEqual(
      [
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
        'events:PutEvents',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
        ...house,
      ].sort(),
    );
    for (const route of COMMAND_API_ROUTES) {
      const expected =
        route.access === 'append'
          ? ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']
          : ['dynamodb:GetItem', 'dynamodb:Query'];
      expect(actions.get(functionIdFor(dev, route.functionDir)), route.functionDir).toEqual(
        [...expected, ...house].sort(),
      );
    }
    expect(actions.size).toBe(COMMAND_API_ROUTES.length + 1);
    for (const list of actions.values())
      for (const action of list) expect(action).not.toContain('*');
  });

  it('gives no role a managed policy: each function writes only its own log group', () => {
    for (const role of Object.values(dev.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
    const resources = dev.toJSON().Resources as Resources;
    for (const [fnId, fn] of Object.entries(resources).filter(
      ([, r]) => r.Type === 'AWS::Lambda::Function',
    )) {
      const logGroup = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      const role = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
      dev.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: role }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Effect: 'Allow',
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              Resource: { 'Fn::GetAtt': [logGroup, 'Arn'] },
            },
          ]),
        },
      });
      expect(resources[logGroup]?.Type, fnId).toBe('AWS::Logs::LogGroup');
    }
  });

  it('lets only the outbox put events, on this bus only, and the producers write only the event table', () => {
    const resources = dev.toJSON().Resources as Resources;
    const [busId] = Object.keys(dev.findResources('AWS::Events::EventBus'));
    const [tableId] = Object.keys(dev.findResources('AWS::DynamoDB::Table'));
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap(
        (p) =>
          (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] })
            .Statement,
      );
    const granting = (action: string) =>
      statements.filter((s) => [s.Action].flat().includes(action));
    expect(granting('events:PutEvents').map((s) => s.Resource)).toEqual([
      { 'Fn::GetAtt': [busId, 'Arn'] },
    ]);
    for (const s of granting('dynamodb:PutItem')) {
      expect([s.Resource].flat()).toEqual([{ 'Fn::GetAtt': [tableId, 'Arn'] }]);
    }
    expect(granting('dynamodb:PutItem')).toHaveLength(
      COMMAND_API_ROUTES.filter((r) => r.access === 'append').length,
    );
  });

  it('runs every function on Node.js 24, ARM64, active tracing, with Powertools settings and no source maps at load', () => {
    const functions = Object.values(dev.findResources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(COMMAND_API_ROUTES.length + 1);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
        Environment: {
          Variables: {
            POWERTOOLS_SERVICE_NAME: expect.any(String),
            POWERTOOLS_METRICS_NAMESPACE: 'eventline',
            POWERTOOLS_LOG_LEVEL: 'INFO',
            // SDK-call subsegments are opt-in: the X-Ray SDK costs cold-start time.
            POWERTOOLS_TRACE_ENABLED: 'false',
          },
        },
      });
      // Bundles map their stack traces lazily (shared/runtime/source-maps.ts):
      // --enable-source-maps would parse every map at cold start.
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
    }
    const retentions = Object.values(dev.findResources('AWS::Logs::LogGroup')).map(
      (l) => l.Properties.RetentionInDays,
    );
    expect(retentions.every((days) => typeof days === 'number' && days > 0)).toBe(true);
  });

  it('sets the environment each function needs together with its grant', () => {
    dev.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'outbox-publisher',
          EVENT_BUS_NAME: { Ref: Match.stringLikeRegexp('EventBus') },
        }),
      },
    });
    for (const route of COMMAND_API_ROUTES) {
      dev.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            POWERTOOLS_SERVICE_NAME: route.functionDir,
            EVENT_TABLE_NAME: { Ref: Match.stringLikeRegexp('EventStore') },
          }),
        },
      });
    }
  });

  it('serves the six routes, each with IAM authorization', () => {
    const routes = Object.values(dev.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(
      [
        'GET /inventory/{sku}',
        'GET /orders/{orderId}',
        'GET /orders/{orderId}/events',
        'POST /inventory/{sku}/stock',
        'POST /orders',
        'POST /orders/{orderId}/cancel',
      ].sort(),
    );
    for (const route of routes) expect(route.Properties.AuthorizationType).toBe('AWS_IAM');
    const [stage] = Object.values(dev.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stage?.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [expect.stringMatching(/AccessLogs/), 'Arn'] },
      },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    // One JSON object per request, with the request id API Gateway requires.
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format as string);
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      integrationError: '$context.integrationErrorMessage',
    });
    // REST-API-only variables are not valid in HTTP API access logs.
    expect(JSON.stringify(format)).not.toMatch(/resourcePath|\$context\.identity\.user"/);
  });

  it('alarms on the failure queue, the outbox lag, and every function’s errors and throttles', () => {
    const alarms = Object.values(dev.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties,
    );
    const on = (metric: string) => alarms.filter((a) => a.MetricName === metric);
    const [queueId] = Object.keys(dev.findResources('AWS::SQS::Queue'));
    const queueDimension = [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }];
    expect(on('ApproximateNumberOfMessagesVisible')).toEqual([
      expect.objectContaining({ Namespace: 'AWS/SQS', Dimensions: queueDimension, Threshold: 1 }),
    ]);
    expect(on('ApproximateAgeOfOldestMessage')).toEqual([
      expect.objectContaining({ Namespace: 'AWS/SQS', Dimensions: queueDimension }),
    ]);
    const outbox = functionIdFor(dev, 'outbox-publisher');
    expect(on('IteratorAge')).toEqual([
      expect.objectContaining({
        Namespace: 'AWS/Lambda',
        Statistic: 'Maximum',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: outbox } }],
      }),
    ]);
    const watched = (metric: string) =>
      on(metric)
        .map((a) => (a.Dimensions as { Value: { Ref: string } }[])[0]?.Value.Ref)
        .sort();
    const functionIds = Object.keys(dev.findResources('AWS::Lambda::Function')).sort();
    expect(watched('Errors')).toEqual(functionIds);
    expect(watched('Throttles')).toEqual(functionIds);
    dev.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});

describe('Function: parseStage', () => {
  it('fails on an unknown stage, naming the value', () => {
    expect(() => parseStage('staging')).toThrow(
      `context 'stage' must be one of dev, prod, got "staging"`,
    );
  });
});
