import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  GetItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { LocalCloud } from '../../../local/cloud';
import { startLocalCloud } from '../../../local/cloud';
import { ManualClock } from '../../../local/core/clock';
import { memoryLogger } from '../../../local/core/console-logger';

const clouds: LocalCloud[] = [];
afterEach(async () => {
  await Promise.all(clouds.splice(0).map((c) => c.stop()));
});

/** A deterministic local cloud on the run's DynamoDB Local, and a client for it. */
async function deterministicCloud(seed: number) {
  const cloud = await startLocalCloud({
    clock: new ManualClock(),
    logger: memoryLogger(),
    dynamodb: { endpoint: inject('dynamoDbEndpoint') },
    deterministic: { seed },
  });
  clouds.push(cloud);
  const db = new DynamoDBClient({
    endpoint: cloud.url,
    region: cloud.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return db;
}

/** Adds `by` to a counter in a transaction sent with `token`. */
const add = (table: string, by: number, token: string) =>
  new TransactWriteItemsCommand({
    ClientRequestToken: token,
    TransactItems: [
      {
        Update: {
          TableName: table,
          Key: { pk: { S: 'counter' } },
          UpdateExpression: 'ADD n :by',
          ExpressionAttributeValues: { ':by': { N: String(by) } },
        },
      },
    ],
  });

describe('Deterministic local cloud: transaction tokens', () => {
  it('keeps each cloud to its own tokens: the same seeded token in two clouds is two transactions', async () => {
    // Prepare: two runs of one seed draw the same tokens; both use the one DynamoDB Local.
    const first = await deterministicCloud(1);
    const second = await deterministicCloud(1);
    const table = `tokens-${Date.now()}`;
    await first.send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const token = '00000000-0000-4000-8000-000000000001';
    try {
      // Act: the same token with other items, within DynamoDB's 10-minute window.
      await first.send(add(table, 1, token));
      await second.send(add(table, 10, token));
      const withinOne = await first.send(add(table, 1, token)).then(
        () => 'accepted',
        (error: Error) => error.name,
      );
      const mismatch = await first.send(add(table, 5, token)).then(
        () => 'accepted',
        (error: Error) => error.name,
      );
      const item = await first.send(
        new GetItemCommand({
          TableName: table,
          Key: { pk: { S: 'counter' } },
          ConsistentRead: true,
        }),
      );

      // Assess: both first calls applied; within one cloud the token still means one
      // transaction (a repeat is a no-op; other items with it are refused, as DynamoDB does).
      expect(item.Item?.n?.N).toBe('11');
      expect(withinOne).toBe('accepted');
      expect(mismatch).toBe('IdempotentParameterMismatchException');
    } finally {
      await first.send(new DeleteTableCommand({ TableName: table }));
    }
  });
});
