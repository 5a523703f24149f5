import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateStateMachineCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LocalCloud } from '../../../local/cloud';
import { startLocalCloud } from '../../../local/cloud';
import { memoryLogger } from '../../../local/core/console-logger';
import { defineOperations } from '../../../local/core/operations';
import type { AwsJsonService } from '../../../local/core/service';

let cloud: LocalCloud;
const logger = memoryLogger();
beforeAll(async () => {
  cloud = await startLocalCloud({ logger, dynamodb: { endpoint: inject('dynamoDbEndpoint') } });
});
afterAll(() => cloud?.stop());

const config = () => ({
  endpoint: cloud.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
});
const post = (target: string, body: string, contentType = 'application/x-amz-json-1.0') =>
  fetch(cloud.url, {
    method: 'POST',
    headers: { 'x-amz-target': target, 'content-type': contentType },
    body,
  });

describe('Function: startLocalCloud', () => {
  describe('Method: DynamoDB proxy', () => {
    it('proxies DynamoDB and its Streams API to DynamoDB Local', async () => {
      // Prepare
      const db = new DynamoDBClient(config());
      const streams = new DynamoDBStreamsClient(config());
      const table = `endpoint-${Date.now()}`;

      // Act
      const created = await db.send(
        new CreateTableCommand({
          TableName: table,
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
        }),
      );
      await db.send(
        new PutItemCommand({ TableName: table, Item: { pk: { S: 'a' }, n: { N: '1' } } }),
      );

      // Assess
      const got = await db.send(
        new GetItemCommand({ TableName: table, Key: { pk: { S: 'a' } }, ConsistentRead: true }),
      );
      expect(got.Item?.n?.N).toBe('1');
      const StreamArn = created.TableDescription?.LatestStreamArn as string;
      const listed = await streams.send(new ListStreamsCommand({ TableName: table }));
      expect(listed.Streams?.map((s) => s.StreamArn)).toEqual([StreamArn]);
      const shard = (await streams.send(new DescribeStreamCommand({ StreamArn }))).StreamDescription
        ?.Shards?.[0]?.ShardId;
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn,
          ShardId: shard,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      const records = await streams.send(new GetRecordsCommand({ ShardIterator }));
      expect(records.Records?.[0]?.eventName).toBe('INSERT');
      expect(records.Records?.[0]?.dynamodb?.NewImage?.pk?.S).toBe('a');
    });

    it("returns DynamoDB Local's errors verbatim", async () => {
      const db = new DynamoDBClient(config());

      await expect(
        db.send(new DescribeTableCommand({ TableName: 'no-such-table' })),
      ).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        $metadata: { httpStatusCode: 400 },
      });
    });
  });

  describe('Method: JSON protocol routing', () => {
    it('answers an unknown SQS operation with UnknownOperationException, InvalidAction in the query header, and logs it', async () => {
      const res = await post('AmazonSQS.FlyToTheMoon', '{}');

      expect(res.status).toBe(400);
      expect(res.headers.get('x-amzn-query-error')).toBe('InvalidAction;Sender');
      expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
      expect(await res.json()).toEqual({
        __type: 'UnknownOperationException',
        message: 'Unknown operation FlyToTheMoon',
      });
      expect(
        logger.lines.some((l) => l.includes('unknown operation') && l.includes('FlyToTheMoon')),
      ).toBe(true);
    });

    it('answers services that are not query-compatible without the query header, in their JSON version', async () => {
      const res = await post('AWSEvents.FlyToTheMoon', '{}', 'application/x-amz-json-1.1');

      expect(res.status).toBe(400);
      expect(res.headers.get('x-amzn-query-error')).toBeNull();
      expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
      expect(await res.json()).toMatchObject({ __type: 'UnknownOperationException' });
    });

    it('answers a body that is not a JSON object with SerializationException', async () => {
      const res = await post('AmazonSQS.ListQueues', '[1,2]');

      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ __type: 'SerializationException' });
    });

    it('answers an unknown service and an unknown REST path with AWS-style errors', async () => {
      const unknownService = await post('AmazonKinesis.PutRecord', '{}');
      const unknownPath = await fetch(`${cloud.url}/2015-03-31/functions`, { method: 'GET' });

      expect(await unknownService.json()).toMatchObject({ __type: 'UnknownOperationException' });
      expect(await unknownPath.json()).toMatchObject({ __type: 'InvalidAction' });
      expect(logger.lines.some((l) => l.includes('AmazonKinesis.PutRecord'))).toBe(true);
    });

    it('serves a service added with registerService', async () => {
      const echo: AwsJsonService = {
        targetPrefix: 'Echo_20260101',
        operations: defineOperations({ Say: async (input) => ({ said: input.text }) }),
      };

      cloud.registerService(echo);
      const res = await post('Echo_20260101.Say', '{"text":"hi"}');

      expect(await res.json()).toEqual({ said: 'hi' });
    });
  });

  describe('Method: dispatcher.deliver', () => {
    it('sends to an SQS queue ARN, with message attributes', async () => {
      const sqs = new SQSClient(config());
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'dispatch-target' }));

      await cloud.context.dispatcher.deliver(
        'arn:aws:sqs:us-east-1:000000000000:dispatch-target',
        'hello',
        {
          messageAttributes: { ERROR_CODE: { DataType: 'String', StringValue: 'E1' } },
        },
      );

      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'] }),
      );
      expect(Messages?.[0]?.Body).toBe('hello');
      expect(Messages?.[0]?.MessageAttributes?.ERROR_CODE?.StringValue).toBe('E1');
    });

    it('invokes a Lambda function ARN and returns its payload, or queues an Event invocation', async () => {
      const calls: unknown[] = [];
      const fn = cloud.lambda.registerFunction('dispatch-fn', async (event) => {
        calls.push(event);
        return { ok: event };
      });

      const sync = await cloud.context.dispatcher.deliver(fn.functionArn, '{"x":1}');
      const async = await cloud.context.dispatcher.deliver(fn.functionArn, '{"x":2}', {
        invocationType: 'Event',
      });
      await cloud.lambda.idle();

      expect(JSON.parse(sync.payload ?? '')).toEqual({ ok: { x: 1 } });
      expect(async).toEqual({});
      expect(calls).toEqual([{ x: 1 }, { x: 2 }]);
    });

    it('puts an event on an event bus ARN, where rules route it', async () => {
      const sqs = new SQSClient(config());
      const events = new EventBridgeClient(config());
      const { QueueUrl } = await sqs.send(
        new CreateQueueCommand({ QueueName: 'dispatch-bus-target' }),
      );
      await events.send(
        new PutRuleCommand({
          Name: 'dispatch-rule',
          EventPattern: JSON.stringify({ source: ['dispatch.test'] }),
        }),
      );
      await events.send(
        new PutTargetsCommand({
          Rule: 'dispatch-rule',
          Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:000000000000:dispatch-bus-target' }],
        }),
      );

      await cloud.context.dispatcher.deliver(
        'arn:aws:events:us-east-1:000000000000:event-bus/default',
        JSON.stringify({ source: 'dispatch.test', 'detail-type': 'Tested', detail: { n: 1 } }),
      );

      // The delivery to the rule's target is the cloud's work in flight: once idle, it is done.
      await cloud.clock.idle();
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
      expect(JSON.parse(out.Messages?.[0]?.Body ?? '{}')).toMatchObject({
        source: 'dispatch.test',
        'detail-type': 'Tested',
        detail: { n: 1 },
      });
    });

    it('starts a state machine execution with the given name', async () => {
      const sfn = new SFNClient(config());
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name: 'dispatch-machine',
          definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
          roleArn: 'arn:aws:iam::000000000000:role/r',
        }),
      );

      await cloud.context.dispatcher.deliver(stateMachineArn as string, '{"a":1}', {
        executionName: 'saga-1',
      });

      const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
      expect(executions?.map((e) => e.name)).toEqual(['saga-1']);
    });

    it('throws ResourceNotFoundException for an ARN no service routes, or that is no ARN', async () => {
      await expect(
        cloud.context.dispatcher.deliver('arn:aws:sns:us-east-1:000000000000:topic', '{}'),
      ).rejects.toMatchObject({
        code: 'ResourceNotFoundException',
        message: expect.stringContaining('no sns service'),
      });
      await expect(cloud.context.dispatcher.deliver('queue-name', '{}')).rejects.toMatchObject({
        code: 'ResourceNotFoundException',
      });
      await expect(
        cloud.context.dispatcher.deliver('arn:aws:sqs:us-east-1:000000000000:missing', 'x'),
      ).rejects.toMatchObject({ code: 'QueueDoesNotExist' });
    });
  });

  describe('Method: stop', () => {
    it('closes the endpoint, can be called twice, and leaves a DynamoDB Local it did not start running', async () => {
      // Prepare
      const other = await startLocalCloud({
        logger: memoryLogger(),
        dynamodb: { endpoint: inject('dynamoDbEndpoint') },
      });
      const url = other.url;

      // Act
      await Promise.all([other.stop(), other.stop()]);

      // Assess
      await expect(fetch(url, { method: 'POST' })).rejects.toThrow();
      const db = new DynamoDBClient({ ...config(), endpoint: inject('dynamoDbEndpoint') });
      await expect(
        db.send(new DescribeTableCommand({ TableName: 'no-such-table' })),
      ).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
    });
  });
});
