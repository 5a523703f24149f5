import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_API_ROUTES } from '../../infra/constructs/CommandApi';
import { EVENTLINE_SOURCE_PREFIX } from '../../infra/constructs/EventBus';
import { EventlineStack } from '../../infra/stacks/EventlineStack';
import { parseStage } from '../../infra/stage';
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
  it('archives every catalog source: the archive matches the eventline. prefix, which every source has', () => {
    dev.hasResourceProperties('AWS::Events::Archive', {
      EventPattern: { source: [{ prefix: EVENTLINE_SOURCE_PREFIX }] },
      RetentionDays: 30,
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('EventBus'), 'Arn'] },
    });
    const sources = new Set(Object.values(EventCatalog).map((e) => e.source));
    expect([...sources].sort()).toEqual(Object.values(Sources).sort());
    for (const source of sources) expect(source.startsWith(EVENTLINE_SOURCE_PREFIX)).toBe(true);
    prod.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 365 });
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

  it('keys the event table like the adapter, with a NEW_IMAGE stream, PITR and encryption', () => {
    dev.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'streamId', KeyType: 'HASH' },
        { AttributeName: 'version', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('destroys the table in dev, retains and protects it in prod', () => {
    dev.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    prod.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
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
    const xray = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
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
        ...xray,
      ].sort(),
    );
    for (const route of COMMAND_API_ROUTES) {
      const expected =
        route.access === 'append'
          ? ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']
          : ['dynamodb:GetItem', 'dynamodb:Query'];
      expect(actions.get(functionIdFor(dev, route.functionDir)), route.functionDir).toEqual(
        [...expected, ...xray].sort(),
      );
    }
    for (const list of actions.values())
      for (const action of list) expect(action).not.toContain('*');
  });

  it('sets the environment each function needs together with its grant', () => {
    dev.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'outbox-publisher',
          EVENT_BUS_NAME: Match.anyValue(),
        }),
      },
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
    });
    dev.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'place-order',
          EVENT_TABLE_NAME: Match.anyValue(),
        }),
      },
    });
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
    dev.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('requestId'),
      },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('alarms on the failure queue, the outbox lag, and every function’s errors and throttles', () => {
    const alarms = Object.values(dev.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties.MetricName,
    );
    const count = (name: string) => alarms.filter((m) => m === name).length;
    expect(count('ApproximateNumberOfMessagesVisible')).toBe(1);
    expect(count('ApproximateAgeOfOldestMessage')).toBe(1);
    expect(count('IteratorAge')).toBe(1);
    expect(count('Errors')).toBe(7);
    expect(count('Throttles')).toBe(7);
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
