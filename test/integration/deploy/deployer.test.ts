import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { App, CfnCondition, CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { DefinitionBody, Pass, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../../../local/core/clock';
import { memoryLogger } from '../../../local/core/console-logger';
import type { RunningApp } from '../../../local/run-app';
import { runAppLocally } from '../../../local/run-app';

// A handler in plain CommonJS, inline: it records SQS batches in a queue and answers Step Functions.
const HANDLER = `
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});
exports.handler = async (event) => {
  if (event.Records) {
    for (const r of event.Records) {
      await sqs.send(new SendMessageCommand({ QueueUrl: process.env.SEEN_QUEUE_URL, MessageBody: 'seen:' + r.body }));
    }
    return { batchItemFailures: [] };
  }
  return { doubled: event.n * 2, table: process.env.TABLE_NAME };
};`;

let app: RunningApp;
const logger = memoryLogger();
const clock = new ManualClock(Date.now());

beforeAll(async () => {
  const outdir = mkdtempSync(join(tmpdir(), 'eventline-deployer-'));
  const cdk = new App({ outdir });
  const shared = new Stack(cdk, 'Shared');
  const seen = new Queue(shared, 'Seen');
  new CfnOutput(shared, 'SeenQueueUrl', { value: seen.queueUrl, exportName: 'SeenQueueUrl' });

  const main = new Stack(cdk, 'Main');
  main.addDependency(shared);
  const isDev = new CfnCondition(main, 'IsDev', { expression: Fn.conditionEquals('dev', 'dev') });
  const table = new TableV2(main, 'Table', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
  });
  const fn = new LambdaFunction(main, 'Worker', {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: Code.fromInline(HANDLER),
    environment: {
      TABLE_NAME: table.tableName,
      SEEN_QUEUE_URL: Fn.importValue('SeenQueueUrl'),
      MODE: Fn.conditionIf(isDev.logicalId, 'development', 'production').toString(),
    },
  });
  const inbox = new Queue(main, 'Inbox', {
    visibilityTimeout: table.tableName ? undefined : undefined,
  });
  fn.addEventSource(new SqsEventSource(inbox, { batchSize: 5, reportBatchItemFailures: true }));
  const bus = new EventBus(main, 'Bus');
  const routed = new Queue(main, 'Routed');
  const dlq = new Queue(main, 'RuleDlq');
  new Rule(main, 'Route', {
    eventBus: bus,
    eventPattern: { source: ['test.deployer'], detail: { kind: ['wanted'] } },
    targets: [new SqsQueue(routed, { deadLetterQueue: dlq, retryAttempts: 2 })],
  });
  new StateMachine(main, 'Flow', {
    definitionBody: DefinitionBody.fromChainable(
      new LambdaInvoke(main, 'Double', { lambdaFunction: fn, payloadResponseOnly: true }).next(
        new Pass(main, 'Done'),
      ),
    ),
  });
  new Topic(main, 'Unsupported');
  new CfnOutput(main, 'BusName', { value: bus.eventBusName });
  cdk.synth();

  app = await runAppLocally({
    assemblyDir: outdir,
    clock,
    logger,
    dynamodb: { endpoint: inject('dynamoDbEndpoint') },
  });
}, 120_000);
afterAll(() => app?.stop());

describe('Function: deployAssembly', () => {
  it('deploys stacks in dependency order, resolving a cross-stack import, Fn::If and the TableV2 global table', async () => {
    const main = app.deployment.resources.filter((r) => r.stackName === 'Main');
    expect(main.find((r) => r.type === 'AWS::DynamoDB::GlobalTable')?.status).toBe('emulated');
    const tableName = main.find((r) => r.type === 'AWS::DynamoDB::GlobalTable')
      ?.physicalId as string;
    const table = await app.clients.dynamodb.send(
      new DescribeTableCommand({ TableName: tableName }),
    );
    expect(table.Table?.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
    const worker = app.deployment.runtime.functions.get(
      main.find((r) => r.type === 'AWS::Lambda::Function')?.physicalId as string,
    );
    expect(worker?.props.environment).toMatchObject({
      TABLE_NAME: tableName,
      MODE: 'development',
      SEEN_QUEUE_URL: expect.stringContaining('/000000000000/Shared-Seen'),
      AWS_ENDPOINT_URL: app.cloud.url,
    });
  });

  it('reports a resource type it cannot run by logical id and type', () => {
    const unsupported = app.deployment.resources.filter((r) => r.status === 'unsupported');
    expect(unsupported.map((r) => [r.type, r.logicalId])).toEqual([
      ['AWS::SNS::Topic', expect.stringMatching(/^Unsupported/)],
    ]);
  });

  it('runs the state machine with its definition resolved, invoking the function', async () => {
    const sm = app.deployment.resources.find((r) => r.type === 'AWS::StepFunctions::StateMachine')
      ?.physicalId as string;
    const { executionArn } = await app.clients.sfn.send(
      new StartExecutionCommand({ stateMachineArn: sm, input: '{"n":21}' }),
    );
    const done = await clock.advanceUntil(
      async () => {
        const d = await app.clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
        return d.status === 'RUNNING' ? undefined : d;
      },
      { what: 'the execution', limitMs: 60_000 },
    );
    if (done.status !== 'SUCCEEDED') console.error('execution', done.error, done.cause);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output as string)).toMatchObject({ doubled: 42 });
  });

  it('routes events with the rule and feeds the function from its SQS event source mapping', async () => {
    const outputs = app.deployment.outputs.Main ?? {};
    await app.clients.events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: String(outputs.BusName),
            Source: 'test.deployer',
            DetailType: 'T',
            Detail: '{"kind":"wanted"}',
          },
          {
            EventBusName: String(outputs.BusName),
            Source: 'test.deployer',
            DetailType: 'T',
            Detail: '{"kind":"other"}',
          },
        ],
      }),
    );
    await app.idle();
    const queueUrl = (prefix: string) =>
      app.deployment.resources.find(
        (r) => r.type === 'AWS::SQS::Queue' && r.logicalId.startsWith(prefix),
      )?.physicalId as string;
    const routedUrl = queueUrl('Routed');
    const routed = await app.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: routedUrl, MaxNumberOfMessages: 10 }),
    );
    expect((routed.Messages ?? []).map((m) => JSON.parse(m.Body as string).detail.kind)).toEqual([
      'wanted',
    ]);

    const inboxUrl = queueUrl('Inbox');
    await app.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: inboxUrl, MessageBody: 'hello' }),
    );
    const seenUrl = String(app.deployment.outputs.Shared?.SeenQueueUrl);
    const seen = await clock.advanceUntil(
      async () => {
        const out = await app.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: seenUrl }));
        return out.Messages?.[0];
      },
      { what: 'the function to see the message', limitMs: 60_000 },
    );
    expect(seen.Body).toBe('seen:hello');
  });
});
