import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_API_ROUTES } from '../../infra/constructs/CommandApi';
import { EVENTLINE_SOURCE_PREFIX } from '../../infra/constructs/EventBus';
import { QUERY_API_ROUTES } from '../../infra/constructs/QueryApi';
import { EventlineStack } from '../../infra/stacks/EventlineStack';
import { parseSenderEmail, parseStage } from '../../infra/stage';
import { matchesEventPattern } from '../../local/services/eventbridge/pattern';
import { eventTableDefinition } from '../../shared/event-store/dynamodb/table-definition';
import { EventCatalog, Sources } from '../../shared/events/catalog';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

function synth(stage: 'dev' | 'prod'): Template {
  // No bundling: these tests read the template, not the function code.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return Template.fromStack(
    new EventlineStack(app, `eventline-${stage}`, { stage, senderEmail: 'orders@shop.example' }),
  );
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

/** The logical id of the table whose partition key is `key`. */
function tableIdWithKey(template: Template, key: string): string {
  const found = Object.entries(template.findResources('AWS::DynamoDB::Table')).find(([, t]) =>
    (t.Properties.KeySchema as { AttributeName: string; KeyType: string }[]).some(
      (k) => k.KeyType === 'HASH' && k.AttributeName === key,
    ),
  );
  if (!found) throw new Error(`no table keyed on ${key}`);
  return found[0];
}

/** The event-store and idempotency tables. */
function ownTables(template: Template) {
  return Object.entries(template.findResources('AWS::DynamoDB::Table'))
    .filter(([id]) => id.startsWith('EventStore') || id.startsWith('ApiIdempotencyTable'))
    .map(([, table]) => table);
}

/** The IAM statements of a function's role, by function logical id. */
function statementsOf(template: Template, fnId: string): Record<string, unknown>[] {
  const resources = template.toJSON().Resources as Resources;
  const fn = resources[fnId] as Resources[string];
  const role = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === role))
    .flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
    );
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

  it('limits each API function to the streams of its aggregate with dynamodb:LeadingKeys', () => {
    // Prepare: the partition-key patterns each route's function may touch.
    const owned: Record<string, string[]> = {
      'place-order': ['order-*'],
      'cancel-order': ['order-*'],
      'get-order': ['order-*', 'inventory-*', 'payment-*'],
      'get-order-events': ['order-*'],
      'add-stock': ['inventory-*'],
      'get-inventory': ['inventory-*'],
    };
    const [tableId] = Object.keys(dev.findResources('AWS::DynamoDB::Table')).filter((id) =>
      id.startsWith('EventStore'),
    );

    // Act / Assess: the one statement on the event table of each function's role.
    for (const route of COMMAND_API_ROUTES) {
      const statements = statementsOf(dev, functionIdFor(dev, route.functionDir)).filter(
        (st) => JSON.stringify(st.Resource) === JSON.stringify({ 'Fn::GetAtt': [tableId, 'Arn'] }),
      );
      expect(statements, route.functionDir).toEqual([
        {
          Effect: 'Allow',
          Action:
            route.access === 'append'
              ? ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']
              : ['dynamodb:GetItem', 'dynamodb:Query'],
          Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
          Condition: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': owned[route.functionDir] },
          },
        },
      ]);
    }
  });

  it('keeps Idempotency-Key records in a table with TTL, PITR and encryption, each command function under its own prefix', () => {
    // Prepare
    const tables = dev.findResources('AWS::DynamoDB::Table', {
      Properties: { KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] },
    });
    const [tableId] = Object.keys(tables);

    // Assess: the layout Powertools' DynamoDB persistence documents.
    expect(tables[tableId as string]?.Properties).toMatchObject({
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      BillingMode: 'PAY_PER_REQUEST',
    });
    for (const route of COMMAND_API_ROUTES) {
      const fnId = functionIdFor(dev, route.functionDir);
      const statements = statementsOf(dev, fnId).filter((st) =>
        JSON.stringify(st.Resource).includes(tableId as string),
      );
      if (route.method !== 'POST') {
        expect(statements, route.functionDir).toEqual([]);
        continue;
      }
      expect(statements, route.functionDir).toEqual([
        {
          Effect: 'Allow',
          Action: [
            'dynamodb:GetItem',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
            'dynamodb:DeleteItem',
          ],
          Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
          Condition: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${route.functionDir}#*`] },
          },
        },
      ]);
      dev.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            POWERTOOLS_SERVICE_NAME: route.functionDir,
            IDEMPOTENCY_TABLE_NAME: { Ref: tableId },
          }),
        },
      });
    }
  });

  it('encrypts in prod the tables, bus, archive and every log group with one rotated customer-managed key', () => {
    // Prepare
    const keys = prod.findResources('AWS::KMS::Key');
    const [keyId] = Object.keys(keys);
    const keyArn = { 'Fn::GetAtt': [keyId, 'Arn'] };

    // Assess
    expect(Object.keys(keys)).toHaveLength(1);
    expect(keys[keyId as string]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { EnableKeyRotation: true },
    });
    const tables = ownTables(prod);
    expect(tables).toHaveLength(2);
    for (const table of tables) {
      expect(table.Properties.SSESpecification).toEqual({
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: keyArn,
      });
    }
    prod.hasResourceProperties('AWS::Events::EventBus', { KmsKeyIdentifier: keyArn });
    prod.hasResourceProperties('AWS::Events::Archive', { KmsKeyIdentifier: keyArn });
    const logGroups = Object.values(prod.findResources('AWS::Logs::LogGroup'));
    // The API's functions, its access logs and the outbox at least; constructs added later too.
    expect(logGroups.length).toBeGreaterThanOrEqual(COMMAND_API_ROUTES.length + 2);
    for (const group of logGroups) expect(group.Properties.KmsKeyId).toEqual(keyArn);
  });

  it('lets CloudWatch Logs and EventBridge use the prod key only for this account’s log groups and buses', () => {
    // Prepare
    const [key] = Object.values(prod.findResources('AWS::KMS::Key'));
    const statements = key?.Properties.KeyPolicy.Statement as Record<string, unknown>[];
    const bySid = (sid: string) => statements.find((st) => st.Sid === sid);

    // Assess
    expect(bySid('AllowCloudWatchLogsOfThisAccountAndRegion')).toEqual({
      Sid: 'AllowCloudWatchLogsOfThisAccountAndRegion',
      Effect: 'Allow',
      Principal: {
        Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
      },
      Action: [
        'kms:Encrypt*',
        'kms:Decrypt*',
        'kms:ReEncrypt*',
        'kms:GenerateDataKey*',
        'kms:Describe*',
      ],
      Resource: '*',
      Condition: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':logs:',
                { Ref: 'AWS::Region' },
                ':',
                { Ref: 'AWS::AccountId' },
                ':log-group:*',
              ],
            ],
          },
        },
      },
    });
    expect(bySid('AllowEventBridgeArchivesOfThisAccountAndRegion')).toMatchObject({
      Principal: { Service: 'events.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncrypt*'],
    });
  });

  it('keeps AWS managed keys in dev: no customer-managed key, no key on logs, bus or archive', () => {
    expect(dev.findResources('AWS::KMS::Key')).toEqual({});
    for (const group of Object.values(dev.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.KmsKeyId).toBeUndefined();
    }
    for (const table of ownTables(dev)) {
      expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true });
    }
    expect(JSON.stringify(dev.findResources('AWS::Events::EventBus'))).not.toContain('KmsKey');
    // The Archive construct writes an empty identifier for "AWS owned key".
    for (const archive of Object.values(dev.findResources('AWS::Events::Archive'))) {
      expect(archive.Properties.KmsKeyIdentifier).toBe('');
    }
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

  it('maps the table stream to the outbox with a batching window, bounded retries, bisection, partial failures and a failure queue', () => {
    const queueId = Object.keys(dev.findResources('AWS::SQS::Queue'))[0] as string;
    dev.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('EventStore'), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      // Chosen with bench:flow: a burst's PutEvents calls carry more entries (README, cost per order).
      MaximumBatchingWindowInSeconds: 1,
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
      // Commands also keep Idempotency-Key records (the actions Powertools documents).
      const expected =
        route.access === 'append'
          ? [
              'dynamodb:DeleteItem',
              'dynamodb:GetItem',
              'dynamodb:PutItem',
              'dynamodb:Query',
              'dynamodb:UpdateItem',
            ]
          : ['dynamodb:GetItem', 'dynamodb:Query'];
      expect(actions.get(functionIdFor(dev, route.functionDir)), route.functionDir).toEqual(
        [...expected, ...house].sort(),
      );
    }
    const consume = [
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ];
    expect(actions.get(functionIdFor(dev, 'projector'))).toEqual(
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        ...consume,
        ...house,
      ].sort(),
    );
    expect(actions.get(functionIdFor(dev, 'notifier'))).toEqual(
      [
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'ses:SendEmail',
        'ses:SendRawEmail',
        ...consume,
        ...house,
      ].sort(),
    );
    for (const route of QUERY_API_ROUTES) {
      expect(actions.get(functionIdFor(dev, route.functionDir)), route.functionDir).toEqual(
        ['dynamodb:GetItem', 'dynamodb:Query', ...house].sort(),
      );
    }
    // The saga's steps and the cancellation consumer append (orders, inventory, payments)
    // and count the payment sandbox's attempts.
    const appendAndCount = [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      ...house,
    ];
    expect(actions.get(functionIdFor(dev, 'order-saga'))).toEqual(appendAndCount.sort());
    expect(actions.get(functionIdFor(dev, 'order-cancellation'))).toEqual(
      [...appendAndCount, ...consume].sort(),
    );
    expect(actions.get(functionIdFor(dev, 'saga-starter'))).toEqual(
      ['states:StartExecution', ...consume, ...house].sort(),
    );
    expect(actions.size).toBe(COMMAND_API_ROUTES.length + QUERY_API_ROUTES.length + 6);
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

  it('lets only the outbox put events, on this bus only, and only the producers write the event table', () => {
    const resources = dev.toJSON().Resources as Resources;
    const [busId] = Object.keys(dev.findResources('AWS::Events::EventBus'));
    const tableId = tableIdWithKey(dev, 'streamId');
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
    const writesEventTable = granting('dynamodb:PutItem').filter((s) =>
      JSON.stringify(s.Resource).includes(tableId),
    );
    for (const s of writesEventTable) {
      expect([s.Resource].flat()).toEqual([{ 'Fn::GetAtt': [tableId, 'Arn'] }]);
    }
    // The append routes, the saga's steps and the cancellation consumer.
    expect(writesEventTable).toHaveLength(
      COMMAND_API_ROUTES.filter((r) => r.access === 'append').length + 2,
    );
  });

  it('runs every function on Node.js 24, ARM64, active tracing, with Powertools settings and no source maps at load', () => {
    const functions = Object.values(dev.findResources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(COMMAND_API_ROUTES.length + QUERY_API_ROUTES.length + 6);
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

  it('serves the command and query routes, each with IAM authorization', () => {
    const routes = Object.values(dev.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(
      [
        'GET /customers/{customerId}/orders',
        'GET /inventory',
        'GET /reports/sales/daily',
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
    const queues = Object.keys(dev.findResources('AWS::SQS::Queue'));
    const failureQueues = queues.filter((id) => /FailureQueue|DeadLetterQueue/.test(id)).sort();
    const consumerQueues = queues.filter((id) => !failureQueues.includes(id)).sort();
    expect(failureQueues).toHaveLength(9);
    expect(consumerQueues).toHaveLength(4);
    const queueOf = (a: Record<string, unknown>) =>
      (a.Dimensions as { Value: { 'Fn::GetAtt': [string] } }[])[0]?.Value['Fn::GetAtt'][0];
    const depth = on('ApproximateNumberOfMessagesVisible');
    expect(depth.map(queueOf).sort()).toEqual(failureQueues);
    for (const a of depth) expect(a).toMatchObject({ Namespace: 'AWS/SQS', Threshold: 1 });
    expect(on('ApproximateAgeOfOldestMessage').map(queueOf).sort()).toEqual(
      [...failureQueues, ...consumerQueues].sort(),
    );
    // Every rule's failed deliveries are alarmed.
    const rules = Object.values(dev.findResources('AWS::Events::Rule')).length;
    expect(on('FailedInvocations')).toHaveLength(rules);
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

describe('Function: parseSenderEmail', () => {
  it('fails for prod without a sender, saying how to pass one', () => {
    expect(() => parseSenderEmail(undefined, 'prod')).toThrow(
      "context 'senderEmail' is required for stage=prod: deploy with -c senderEmail=<address verified in SES>",
    );
  });

  it('falls back to the documented dev sender in dev only', () => {
    expect(parseSenderEmail(undefined, 'dev')).toBe('orders@eventline.example');
    expect(parseSenderEmail('shop@example.org', 'prod')).toBe('shop@example.org');
  });

  it('fails the synth on a sender that is not an email address, naming it', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(
      () => new EventlineStack(app, 'bad', { stage: 'dev', senderEmail: 'not an address' }),
    ).toThrow('senderEmail must be an email address, got "not an address"');
  });
});
