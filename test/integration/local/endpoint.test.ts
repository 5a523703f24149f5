import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LocalCloud } from '../../../local/cloud';
import { startLocalCloud } from '../../../local/cloud';
import { memoryLogger } from '../../../local/core/console-logger';

let cloud: LocalCloud;
const logger = memoryLogger();
beforeAll(async () => {
  cloud = await startLocalCloud({ logger, dynamoDbEndpoint: inject('dynamoDbEndpoint') });
});
afterAll(() => cloud?.stop());

const config = () => ({
  endpoint: cloud.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
});

describe('The local cloud endpoint', () => {
  it('proxies DynamoDB and its Streams API to DynamoDB Local', async () => {
    const db = new DynamoDBClient(config());
    const streams = new DynamoDBStreamsClient(config());
    const table = `endpoint-${Date.now()}`;
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
    const got = await db.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: 'a' } }, ConsistentRead: true }),
    );
    expect(got.Item?.n?.N).toBe('1');

    const StreamArn = created.TableDescription?.LatestStreamArn as string;
    const shard = (await streams.send(new DescribeStreamCommand({ StreamArn }))).StreamDescription
      ?.Shards?.[0]?.ShardId;
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({ StreamArn, ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const records = await streams.send(new GetRecordsCommand({ ShardIterator }));
    expect(records.Records?.[0]?.eventName).toBe('INSERT');
    expect(records.Records?.[0]?.dynamodb?.NewImage?.pk?.S).toBe('a');
  });

  it('answers an unknown operation with UnknownOperationException and logs it', async () => {
    const res = await fetch(cloud.url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AmazonSQS.FlyToTheMoon',
        'content-type': 'application/x-amz-json-1.0',
      },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'UnknownOperationException' });
    expect(
      logger.lines.some((l) => l.includes('unknown operation') && l.includes('FlyToTheMoon')),
    ).toBe(true);
  });

  it('answers an unknown service and an unknown REST path with AWS-style errors', async () => {
    const unknownService = await fetch(cloud.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AmazonKinesis.PutRecord' },
      body: '{}',
    });
    expect(await unknownService.json()).toMatchObject({ __type: 'UnknownOperationException' });
    const unknownPath = await fetch(`${cloud.url}/2015-03-31/functions`, { method: 'GET' });
    expect(await unknownPath.json()).toMatchObject({ __type: 'InvalidAction' });
  });
});
