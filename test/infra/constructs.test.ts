import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { CommandApi } from '../../infra/constructs/CommandApi';
import { DataKey } from '../../infra/constructs/DataKey';
import { EventBus } from '../../infra/constructs/EventBus';
import { EventlineFunction } from '../../infra/constructs/EventlineFunction';
import { EventStore } from '../../infra/constructs/EventStore';
import { IdempotencyTable } from '../../infra/constructs/IdempotencyTable';
import { OutboxPublisher } from '../../infra/constructs/OutboxPublisher';

/** A stack whose functions are not bundled: these tests read templates only. */
function stack(): Stack {
  return new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test');
}

describe('Construct: EventStore', () => {
  describe('Method: bindTo', () => {
    it('sets EVENT_TABLE_NAME and grants read actions only for read access', () => {
      // Prepare
      const scope = stack();
      const store = new EventStore(scope, 'Store');
      const fn = new EventlineFunction(scope, 'Reader', { functionDir: 'get-order' });

      // Act
      store.bindTo(fn, 'read', ['order']);

      // Assess
      const template = Template.fromStack(scope);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({ EVENT_TABLE_NAME: { Ref: Match.anyValue() } }),
        },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: ['dynamodb:GetItem', 'dynamodb:Query'] }),
          ]),
        },
      });
      expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain(
        'dynamodb:PutItem',
      );
    });

    it('adds dynamodb:PutItem for append access, and nothing that deletes or updates', () => {
      const scope = stack();
      const store = new EventStore(scope, 'Store');
      store.bindTo(
        new EventlineFunction(scope, 'Writer', { functionDir: 'place-order' }),
        'append',
        ['order'],
      );
      const policies = JSON.stringify(Template.fromStack(scope).findResources('AWS::IAM::Policy'));
      expect(policies).toContain('"dynamodb:PutItem"');
      expect(policies).not.toMatch(/dynamodb:(DeleteItem|UpdateItem|BatchWriteItem|\*)/);
    });
  });

  describe('Method: grantAppend', () => {
    it('limits the grant to the streams of the aggregates named, with explicit KMS actions on a customer-managed key', () => {
      // Prepare
      const scope = stack();
      const key = new Key(scope, 'Key', { enableKeyRotation: true });
      const store = new EventStore(scope, 'Store', { encryptionKey: key });
      const fn = new EventlineFunction(scope, 'Saga', { functionDir: 'place-order' });

      // Act
      store.grantAppend(fn, ['order', 'inventory', 'order']);

      // Assess
      const template = Template.fromStack(scope);
      const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));
      const [keyId] = Object.keys(template.findResources('AWS::KMS::Key'));
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Effect: 'Allow',
              Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
              Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
            },
            {
              Effect: 'Allow',
              Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
              Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
              Condition: {
                'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['order-*', 'inventory-*'] },
              },
            },
          ]),
        },
      });
    });

    it('fails when no aggregate is named', () => {
      const scope = stack();
      const store = new EventStore(scope, 'Store');
      const fn = new EventlineFunction(scope, 'Fn', { functionDir: 'place-order' });

      expect(() => store.grantAppend(fn, [])).toThrow(
        'a grant on the event store must name the aggregates it covers, got none',
      );
    });
  });

  it('destroys the table by default and retains and protects it when asked', () => {
    const scope = stack();
    new EventStore(scope, 'Dev');
    new EventStore(scope, 'Prod', { retain: true });
    const tables = Template.fromStack(scope).findResources('AWS::DynamoDB::Table');
    expect(
      Object.entries(tables).map(([id, t]) => [
        id.replace(/[0-9A-F]{8}$/, ''),
        t.DeletionPolicy,
        t.Properties.DeletionProtectionEnabled,
      ]),
    ).toEqual([
      ['Dev', 'Delete', false],
      ['Prod', 'Retain', true],
    ]);
  });
});

describe('Construct: IdempotencyTable', () => {
  it.each(['', 'Place_Order', 'a#b', '*'])(
    'fails on a record prefix %j that is not a kebab-case name, naming it',
    (keyPrefix) => {
      const scope = stack();
      const table = new IdempotencyTable(scope, 'Idempotency');
      const fn = new EventlineFunction(scope, 'Fn', { functionDir: 'place-order' });

      expect(() => table.grantRecords(fn, keyPrefix)).toThrow(
        `keyPrefix must be a kebab-case name, got ${JSON.stringify(keyPrefix)}`,
      );
    },
  );
});

describe('Construct: DataKey', () => {
  it('encrypts every log group of the scope, including one added after the call', () => {
    // Prepare
    const scope = stack();
    const dataKey = new DataKey(scope, 'DataKey');
    new LogGroup(scope, 'Before');

    // Act
    dataKey.encryptLogGroups(scope);
    new LogGroup(scope, 'After');

    // Assess
    const template = Template.fromStack(scope);
    const [keyId] = Object.keys(template.findResources('AWS::KMS::Key'));
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups.map((g) => g.Properties.KmsKeyId)).toEqual([
      { 'Fn::GetAtt': [keyId, 'Arn'] },
      { 'Fn::GetAtt': [keyId, 'Arn'] },
    ]);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });
});

describe('Construct: EventBus', () => {
  it('encrypts the bus and the archive with the key it is given, without a dependency cycle', () => {
    // Prepare
    const scope = stack();
    const key = new Key(scope, 'Key', { enableKeyRotation: true });

    // Act
    new EventBus(scope, 'Bus', { encryptionKey: key });

    // Assess: Template.fromStack refuses templates with cycles.
    const template = Template.fromStack(scope);
    const [keyId] = Object.keys(template.findResources('AWS::KMS::Key'));
    template.hasResourceProperties('AWS::Events::EventBus', {
      KmsKeyIdentifier: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    template.hasResourceProperties('AWS::Events::Archive', {
      KmsKeyIdentifier: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
  });

  it.each([
    ['under a day', Duration.hours(12), '12 hours'],
    ['not whole days', Duration.hours(36), '1 day 12 hours'],
  ])('fails on an archive retention %s, naming the value', (_label, archiveRetention, shown) => {
    expect(() => new EventBus(stack(), 'Bus', { archiveRetention })).toThrow(
      `archiveRetention must be a whole number of days, at least 1, got ${shown}`,
    );
  });

  it('keeps the archive for the retention it is given', () => {
    const scope = stack();
    new EventBus(scope, 'Bus', { archiveRetention: Duration.hours(48) });
    Template.fromStack(scope).hasResourceProperties('AWS::Events::Archive', { RetentionDays: 2 });
  });

  describe('Method: bindPublisher', () => {
    it('sets EVENT_BUS_NAME and grants events:PutEvents on this bus only', () => {
      const scope = stack();
      const bus = new EventBus(scope, 'Bus');
      bus.bindPublisher(new EventlineFunction(scope, 'Fn', { functionDir: 'outbox-publisher' }));
      const template = Template.fromStack(scope);
      const busId = Object.keys(template.findResources('AWS::Events::EventBus'))[0];
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ EVENT_BUS_NAME: { Ref: busId } }) },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Effect: 'Allow',
              Action: 'events:PutEvents',
              Resource: { 'Fn::GetAtt': [busId, 'Arn'] },
            },
          ]),
        },
      });
    });
  });
});

describe('Construct: OutboxPublisher', () => {
  const build = (props: Record<string, unknown>) => {
    const scope = stack();
    return new OutboxPublisher(scope, 'Outbox', {
      eventStore: new EventStore(scope, 'Store'),
      eventBus: new EventBus(scope, 'Bus'),
      ...props,
    });
  };

  it.each([
    ['batchSize 0', { batchSize: 0 }, 'batchSize must be an integer from 1 to 10000, got 0'],
    ['batchSize 2.5', { batchSize: 2.5 }, 'batchSize must be an integer from 1 to 10000, got 2.5'],
    [
      'retryAttempts -1',
      { retryAttempts: -1 },
      'retryAttempts must be an integer from 0 to 10000, got -1',
    ],
    [
      'maxRecordAge 30 s',
      { maxRecordAge: Duration.seconds(30) },
      'maxRecordAge must be from 60 seconds to 7 days, got 30 seconds',
    ],
    [
      'maxRecordAge 8 days',
      { maxRecordAge: Duration.days(8) },
      'maxRecordAge must be from 60 seconds to 7 days, got 8 days',
    ],
    // Lambda: MaximumBatchingWindowInSeconds is 0 to 300, in whole seconds.
    [
      'maxBatchingWindow 301 s',
      { maxBatchingWindow: Duration.seconds(301) },
      'maxBatchingWindow must be a whole number of seconds from 0 to 300, got 5 minutes 1 second',
    ],
    [
      'maxBatchingWindow 1.5 s',
      { maxBatchingWindow: Duration.millis(1500) },
      'maxBatchingWindow must be a whole number of seconds from 0 to 300, got 1 second 500 millis',
    ],
  ])('fails on %s, naming the value', (_label, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  it('applies the batch size, batching window, retries and record age it is given', () => {
    const outbox = build({
      batchSize: 25,
      maxBatchingWindow: Duration.seconds(7),
      retryAttempts: 3,
      maxRecordAge: Duration.hours(1),
    });
    Template.fromStack(Stack.of(outbox)).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 25,
      MaximumBatchingWindowInSeconds: 7,
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 3600,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });
});

describe('Construct: CommandApi', () => {
  it('uses the authorizer it is given on every route', () => {
    const scope = stack();
    new CommandApi(scope, 'Api', {
      eventStore: new EventStore(scope, 'Store'),
      authorizer: new HttpNoneAuthorizer(),
    });
    const routes = Object.values(
      Template.fromStack(scope).findResources('AWS::ApiGatewayV2::Route'),
    );
    expect(routes).toHaveLength(6);
    expect(new Set(routes.map((r) => r.Properties.AuthorizationType))).toEqual(new Set(['NONE']));
  });

  it.each([
    [
      'rateLimit 0',
      { rateLimit: 0 },
      'rateLimit must be a positive number of requests per second, got 0',
    ],
    ['burstLimit 1.5', { burstLimit: 1.5 }, 'burstLimit must be a positive integer, got 1.5'],
  ])('fails on %s, naming the value', (_label, props, message) => {
    const scope = stack();
    expect(
      () => new CommandApi(scope, 'Api', { eventStore: new EventStore(scope, 'Store'), ...props }),
    ).toThrow(message);
  });
});

describe('Construct: EventlineFunction', () => {
  it('fails on a functionDir that is not a folder name, naming it', () => {
    expect(() => new EventlineFunction(stack(), 'Fn', { functionDir: '../etc' })).toThrow(
      'functionDir must be a kebab-case folder name under functions/, got "../etc"',
    );
  });

  it('takes the log level and log removal policy it is given', () => {
    const scope = stack();
    new EventlineFunction(scope, 'Fn', {
      functionDir: 'get-order',
      logLevel: 'DEBUG',
      logRemovalPolicy: RemovalPolicy.RETAIN,
    });
    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_LOG_LEVEL: 'DEBUG' }) },
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
  });
  it('traces SDK calls only when asked to, with active tracing either way', () => {
    // Prepare
    const scope = stack();

    // Act
    new EventlineFunction(scope, 'Plain', { functionDir: 'get-order' });
    new EventlineFunction(scope, 'Traced', { functionDir: 'get-order', traceSdkCalls: true });

    // Assess
    const functions = Template.fromStack(scope).findResources('AWS::Lambda::Function');
    const byId = (prefix: string) =>
      Object.entries(functions).find(([id]) => id.startsWith(prefix))?.[1].Properties;
    expect(byId('Plain')).toMatchObject({
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: { POWERTOOLS_TRACE_ENABLED: 'false' } },
    });
    expect(byId('Traced')).toMatchObject({
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: { POWERTOOLS_TRACE_ENABLED: 'true' } },
    });
  });
});
