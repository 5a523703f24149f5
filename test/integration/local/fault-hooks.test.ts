import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutEventsCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LocalCloud } from '../../../local/cloud';
import { startLocalCloud } from '../../../local/cloud';
import { ManualClock } from '../../../local/core/clock';
import { memoryLogger } from '../../../local/core/console-logger';

let cloud: LocalCloud;
let config: {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
};
const table = `fault-hooks-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  cloud = await startLocalCloud({
    clock: new ManualClock(),
    logger: memoryLogger(),
    dynamodb: { endpoint: inject('dynamoDbEndpoint') },
  });
  config = {
    endpoint: cloud.url,
    region: cloud.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  await new DynamoDBClient(config).send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
});

afterAll(async () => {
  await cloud?.stop();
});

const put = (pk: string) => new PutItemCommand({ TableName: table, Item: { pk: { S: pk } } });

describe('Fault hook: cloud.faults.dynamodb', () => {
  it('answers a throttled request with ProvisionedThroughputExceededException, which the SDK retries until its attempts run out', async () => {
    // Prepare: every attempt is refused; the client may make 2.
    const before = cloud.faults.dynamodb.injected.length;
    const remove = cloud.faults.dynamodb.add(() => ({ kind: 'throughput-exceeded' }));
    const client = new DynamoDBClient({ ...config, maxAttempts: 2 });

    // Act
    const error = await client.send(put('throttled')).catch((e: unknown) => e);
    remove();

    // Assess
    expect(error).toMatchObject({
      name: 'ProvisionedThroughputExceededException',
      $metadata: { httpStatusCode: 400, attempts: 2 },
    });
    expect(cloud.faults.dynamodb.injected.length - before).toBe(2);
    const stored = await client.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: 'throttled' } } }),
    );
    expect(stored.Item).toBeUndefined();
  });

  it('lets the SDK retry a ThrottlingException through to success, counting the one injected', async () => {
    // Prepare: only the first request is refused.
    let refused = 0;
    const before = cloud.faults.dynamodb.injected.length;
    const remove = cloud.faults.dynamodb.add(({ operation }) =>
      operation === 'PutItem' && refused++ === 0 ? { kind: 'throttling' } : undefined,
    );
    const client = new DynamoDBClient(config);

    // Act
    await client.send(put('retried'));
    remove();

    // Assess
    const stored = await client.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: 'retried' } } }),
    );
    expect(stored.Item?.pk?.S).toBe('retried');
    expect(cloud.faults.dynamodb.injected.slice(before)).toEqual([
      { kind: 'throttling', operation: 'PutItem', tableNames: [table] },
    ]);
  });

  it('cancels a transaction with a TransactionConflict reason at the chosen item and None elsewhere, writing nothing', async () => {
    const remove = cloud.faults.dynamodb.add(() => ({ kind: 'transaction-conflict', item: 1 }));
    const client = new DynamoDBClient(config);

    const error = await client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { pk: { S: 'tx-a' } } } },
            { Put: { TableName: table, Item: { pk: { S: 'tx-b' } } } },
          ],
        }),
      )
      .catch((e: unknown) => e);
    remove();

    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).CancellationReasons).toEqual([
      { Code: 'None' },
      { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' },
    ]);
    const stored = await client.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: 'tx-a' } } }),
    );
    expect(stored.Item).toBeUndefined();
  });

  it('answers a single-item write in a transaction conflict with TransactionConflictException', async () => {
    // Prepare: a transaction on the table, so its items can be in one.
    await new DynamoDBClient(config).send(
      new TransactWriteItemsCommand({
        TransactItems: [{ Put: { TableName: table, Item: { pk: { S: 'in-a-transaction' } } } }],
      }),
    );
    const remove = cloud.faults.dynamodb.add(() => ({ kind: 'transaction-conflict' }));

    const error = await new DynamoDBClient(config).send(put('conflict')).catch((e: unknown) => e);
    remove();

    expect(error).toMatchObject({
      name: 'TransactionConflictException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('writes a single item of a table no transaction has named: it cannot conflict with one (sim seeds 7 and 16)', async () => {
    // Prepare: a table only ever written item by item.
    const plain = `${table}-plain`;
    const client = new DynamoDBClient(config);
    await client.send(
      new CreateTableCommand({
        TableName: plain,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    const injectedBefore = cloud.faults.dynamodb.injected.length;
    const remove = cloud.faults.dynamodb.add(() => ({ kind: 'transaction-conflict' }));

    // Act
    await client.send(new PutItemCommand({ TableName: plain, Item: { pk: { S: 'solo' } } }));
    remove();

    // Assess
    const stored = await client.send(
      new GetItemCommand({ TableName: plain, Key: { pk: { S: 'solo' } } }),
    );
    expect(stored.Item).toEqual({ pk: { S: 'solo' } });
    expect(cloud.faults.dynamodb.injected.length).toBe(injectedBefore);
  });
});

describe('Fault hook: cloud.faults.putEvents', () => {
  const entry = (n: number) => ({
    EventBusName: 'faults-bus',
    Source: 'test.faults',
    DetailType: 'Tested',
    Detail: JSON.stringify({ n }),
  });

  beforeAll(async () => {
    await new EventBridgeClient(config).send(new CreateEventBusCommand({ Name: 'faults-bus' }));
  });

  it('fails the chosen entries with their ErrorCode and ErrorMessage, counts them, and puts the others', async () => {
    // Prepare
    const accepted: unknown[] = [];
    const stop = cloud.eventBridge.onEvent(({ event }) => accepted.push(event.detail));
    const remove = cloud.faults.putEvents.add(() => ({
      kind: 'partial',
      failed: [1],
      errorCode: 'InternalFailure',
    }));

    // Act
    const out = await new EventBridgeClient(config).send(
      new PutEventsCommand({ Entries: [entry(0), entry(1), entry(2)] }),
    );
    remove();
    stop();

    // Assess
    expect(out.FailedEntryCount).toBe(1);
    expect(out.Entries?.map((e) => e.ErrorCode ?? 'ok')).toEqual(['ok', 'InternalFailure', 'ok']);
    expect(out.Entries?.[1]?.ErrorMessage).toBe(
      'The request processing has failed because of an unknown error, exception or failure.',
    );
    expect(out.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(accepted).toEqual([{ n: 0 }, { n: 2 }]);
    expect(cloud.faults.putEvents.injected.at(-1)).toEqual({ kind: 'partial', entries: 1 });
  });

  it('refuses a throttled call with ThrottlingException, which the SDK retries (3 attempts), putting nothing', async () => {
    const accepted: unknown[] = [];
    const stop = cloud.eventBridge.onEvent(({ event }) => accepted.push(event.detail));
    const before = cloud.faults.putEvents.injected.length;
    const remove = cloud.faults.putEvents.add(() => ({ kind: 'throttle' }));

    const error = await new EventBridgeClient(config)
      .send(new PutEventsCommand({ Entries: [entry(3)] }))
      .catch((e: unknown) => e);
    remove();
    stop();

    expect(error).toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400, attempts: 3 },
    });
    expect(cloud.faults.putEvents.injected.slice(before)).toEqual([
      { kind: 'throttle', entries: 1 },
      { kind: 'throttle', entries: 1 },
      { kind: 'throttle', entries: 1 },
    ]);
    expect(accepted).toEqual([]);
  });
});
