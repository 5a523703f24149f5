import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import { startLocalCloud } from '../../../local/cloud';
import { memoryLogger } from '../../../local/core/console-logger';

describe('Function: startLocalCloud', () => {
  describe("Option: dynamodb 'start'", () => {
    it('starts its own DynamoDB Local behind the endpoint, streams included, and stops it with the cloud', async () => {
      // Prepare
      const cloud = await startLocalCloud({ logger: memoryLogger(), dynamodb: 'start' });
      const config = {
        endpoint: cloud.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
      };
      const db = new DynamoDBClient(config);
      const streams = new DynamoDBStreamsClient(config);
      const backend = cloud.dynamoDbEndpoint;
      try {
        // Act
        const created = await db.send(
          new CreateTableCommand({
            TableName: 'events',
            KeySchema: [
              { AttributeName: 'streamId', KeyType: 'HASH' },
              { AttributeName: 'version', KeyType: 'RANGE' },
            ],
            AttributeDefinitions: [
              { AttributeName: 'streamId', AttributeType: 'S' },
              { AttributeName: 'version', AttributeType: 'N' },
            ],
            BillingMode: 'PAY_PER_REQUEST',
            StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
          }),
        );
        const key = { streamId: { S: 'order-1' }, version: { N: '1' } };
        await db.send(
          new PutItemCommand({
            TableName: 'events',
            Item: { ...key, type: { S: 'OrderPlaced' } },
            ConditionExpression: 'attribute_not_exists(streamId)',
          }),
        );
        await db.send(
          new UpdateItemCommand({
            TableName: 'events',
            Key: key,
            UpdateExpression: 'SET #t = :t',
            ExpressionAttributeNames: { '#t': 'type' },
            ExpressionAttributeValues: { ':t': { S: 'OrderConfirmed' } },
          }),
        );

        // Assess
        const got = await db.send(
          new GetItemCommand({ TableName: 'events', Key: key, ConsistentRead: true }),
        );
        expect(got.Item?.type?.S).toBe('OrderConfirmed');
        await expect(
          db.send(
            new PutItemCommand({
              TableName: 'events',
              Item: key,
              ConditionExpression: 'attribute_not_exists(streamId)',
            }),
          ),
        ).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
        const StreamArn = created.TableDescription?.LatestStreamArn as string;
        const ShardId = (await streams.send(new DescribeStreamCommand({ StreamArn })))
          .StreamDescription?.Shards?.[0]?.ShardId;
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({ StreamArn, ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
        );
        const { Records } = await streams.send(new GetRecordsCommand({ ShardIterator }));
        expect(Records?.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY']);
        expect(Records?.[1]?.dynamodb?.OldImage?.type?.S).toBe('OrderPlaced');
        expect(Records?.[1]?.dynamodb?.NewImage?.type?.S).toBe('OrderConfirmed');
      } finally {
        await cloud.stop();
      }
      await expect(fetch(backend, { method: 'POST' })).rejects.toThrow();
    }, 90_000);
  });
});
