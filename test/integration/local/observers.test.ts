import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LocalCloud } from '../../../local/cloud';
import { startLocalCloud } from '../../../local/cloud';
import { memoryLogger } from '../../../local/core/console-logger';
import type { AwsRequestSeen } from '../../../local/core/server';

let cloud: LocalCloud;
const requests: AwsRequestSeen[] = [];
const deliveries: { arn: string; payload: string }[] = [];

beforeAll(async () => {
  cloud = await startLocalCloud({
    logger: memoryLogger(),
    dynamodb: { endpoint: inject('dynamoDbEndpoint') },
    onAwsRequest: (request) => requests.push(request),
    onDispatch: (arn, payload) => deliveries.push({ arn, payload }),
  });
});
afterAll(() => cloud?.stop());

const config = () => ({
  endpoint: cloud.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
});

describe('Function: startLocalCloud', () => {
  describe('Option: onAwsRequest', () => {
    it('sees the target and body of service and proxied requests', async () => {
      // Act
      await new SQSClient(config()).send(new CreateQueueCommand({ QueueName: 'observed' }));
      await new DynamoDBClient(config()).send(new ListTablesCommand({}));

      // Assess
      const sqs = requests.find((r) => r.target === 'AmazonSQS.CreateQueue');
      expect(sqs).toMatchObject({ method: 'POST', path: '/' });
      expect(JSON.parse(sqs?.body.toString('utf8') ?? '{}')).toMatchObject({
        QueueName: 'observed',
      });
      expect(requests.some((r) => r.target === 'DynamoDB_20120810.ListTables')).toBe(true);
    });
  });

  describe('Option: onDispatch', () => {
    it('sees a delivery by ARN before it is routed, refused ones included', async () => {
      // Prepare
      const { QueueUrl } = await new SQSClient(config()).send(
        new CreateQueueCommand({ QueueName: 'delivered' }),
      );
      const arn = `arn:aws:sqs:us-east-1:${cloud.context.accountId}:${QueueUrl?.split('/').pop()}`;

      // Act
      await cloud.context.dispatcher.deliver(arn, 'hello');
      await expect(
        cloud.context.dispatcher.deliver('arn:aws:nothing:us-east-1:000000000000:x', 'lost'),
      ).rejects.toThrow(/cannot deliver/);

      // Assess
      expect(deliveries).toEqual([
        { arn, payload: 'hello' },
        { arn: 'arn:aws:nothing:us-east-1:000000000000:x', payload: 'lost' },
      ]);
    });
  });
});
