import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../local/core/clock';
import type { CloudLogger, DeliveryOptions, TargetDispatcher } from '../../../local/core/service';
import type { DynamoDbLocal } from '../../../local/services/dynamodb/start-dynamodb-local';
import { startDynamoDbLocal } from '../../../local/services/dynamodb/start-dynamodb-local';
import type { DynamoDbStreamPollerProps } from '../../../local/services/lambda/event-source-mappings/DynamoDbStreamPoller';
import { DynamoDbStreamPoller } from '../../../local/services/lambda/event-source-mappings/DynamoDbStreamPoller';
import type { MappingBatch } from '../../../local/services/lambda/event-source-mappings/types';
import type { InvocationResult } from '../../../local/services/lambda/runtime/LambdaFunctionRuntime';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let ddbLocal: DynamoDbLocal;
let dynamodb: DynamoDBClient;
let streams: DynamoDBStreamsClient;

beforeAll(async () => {
  ddbLocal = await startDynamoDbLocal();
  const config = { endpoint: ddbLocal.endpoint, region: 'us-east-1', credentials };
  dynamodb = new DynamoDBClient(config);
  streams = new DynamoDBStreamsClient(config);
});
afterAll(async () => {
  await ddbLocal?.stop();
});

const quietLogger: CloudLogger = { info() {}, warn() {}, error() {} };
const pollers: DynamoDbStreamPoller[] = [];
afterEach(async () => {
  await Promise.all(pollers.splice(0).map((p) => p.stop()));
});

let tableCounter = 0;
async function tableWithStream(): Promise<{ table: string; streamArn: string }> {
  const table = `poller-${Date.now()}-${tableCounter++}`;
  const out = await dynamodb.send(
    new CreateTableCommand({
      TableName: table,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );
  return { table, streamArn: out.TableDescription?.LatestStreamArn as string };
}

async function putItems(table: string, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) {
    await dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: `item-${i}` } } }));
  }
}

type Batch = string[];
interface Harness {
  readonly batches: Batch[];
  readonly deliveries: { arn: string; payload: string }[];
  readonly clock: ManualClock;
}

function startPoller(
  streamArn: string,
  respond: (batch: Batch, call: number) => Partial<InvocationResult>,
  overrides: Partial<DynamoDbStreamPollerProps> = {},
): Harness {
  const clock = new ManualClock();
  const batches: Batch[] = [];
  const deliveries: { arn: string; payload: string }[] = [];
  const dispatcher: TargetDispatcher = {
    async deliver(arn: string, payload: string, _options?: DeliveryOptions) {
      deliveries.push({ arn, payload });
      return {};
    },
  };
  const poller = new DynamoDbStreamPoller({
    streamArn,
    functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:outbox',
    streams,
    clock,
    logger: quietLogger,
    dispatcher,
    region: 'us-east-1',
    startingPosition: 'TRIM_HORIZON',
    async invoke(event) {
      const records = (event as { Records: { dynamodb: { NewImage: { pk: { S: string } } } }[] })
        .Records;
      const batch = records.map((r) => r.dynamodb.NewImage.pk.S);
      batches.push(batch);
      return { payload: 'null', requestId: 'r', ...respond(batch, batches.length) };
    },
    ...overrides,
  });
  pollers.push(poller);
  poller.start();
  return { batches, deliveries, clock };
}

/**
 * Advances the cloud clock step by step until `done` holds. The poller marks
 * its reads and invocations as work in flight, so each step lets them finish:
 * no real time is slept.
 */
async function advanceUntil(clock: ManualClock, done: () => boolean, stepMs = 250): Promise<void> {
  await clock.advanceUntil(() => done() || undefined, { stepMs, limitMs: 400 * stepMs });
  expect(done()).toBe(true);
}

describe('Class: DynamoDbStreamPoller', () => {
  it('delivers inserted items in order, in batches of at most batchSize', async () => {
    // Prepare
    const { table, streamArn } = await tableWithStream();
    await putItems(table, 5);

    // Act
    const h = startPoller(streamArn, () => ({}), { batchSize: 2 });
    await advanceUntil(h.clock, () => h.batches.flat().length >= 5);

    // Assess
    expect(h.batches.flat()).toEqual(['item-1', 'item-2', 'item-3', 'item-4', 'item-5']);
    expect(Math.max(...h.batches.map((b) => b.length))).toBeLessThanOrEqual(2);
  });

  it('tells onBatch of each batch before invoking, with stream@version and correlation ids of event items', async () => {
    // Prepare: two items shaped like the event table's (streamId, version, correlationId).
    const { table, streamArn } = await tableWithStream();
    for (const version of [1, 2]) {
      await dynamodb.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            pk: { S: `order-o-1#${version}` },
            streamId: { S: 'order-o-1' },
            version: { N: String(version) },
            correlationId: { S: 'demo-1' },
          },
        }),
      );
    }
    const told: MappingBatch[] = [];

    // Act
    const h = startPoller(streamArn, () => ({}), { onBatch: (b) => told.push(b) });
    await advanceUntil(h.clock, () => h.batches.flat().length >= 2);

    // Assess
    expect(told.flatMap((b) => b.subjects)).toEqual(['order-o-1@1', 'order-o-1@2']);
    expect(told.every((b) => b.correlationIds.join() === 'demo-1')).toBe(true);
    expect(told.map((b) => b.records)).toEqual(h.batches.map((b) => b.length));
  });

  it('retries a failing batch, then sends an invocation record to the on-failure destination', async () => {
    const { table, streamArn } = await tableWithStream();
    await putItems(table, 2);

    const h = startPoller(streamArn, () => ({ functionError: 'Unhandled', payload: '{}' }), {
      maximumRetryAttempts: 2,
      onFailureArn: 'arn:aws:sqs:us-east-1:000000000000:outbox-failures',
    });
    await advanceUntil(h.clock, () => h.deliveries.length === 1);

    expect(h.batches).toEqual([
      ['item-1', 'item-2'],
      ['item-1', 'item-2'],
      ['item-1', 'item-2'],
    ]);
    const record = JSON.parse(h.deliveries[0]?.payload ?? '{}');
    expect(h.deliveries[0]?.arn).toBe('arn:aws:sqs:us-east-1:000000000000:outbox-failures');
    expect(record.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
    });
    expect(record.DDBStreamBatchInfo).toMatchObject({ batchSize: 2, streamArn });
  });

  it('resumes from the lowest reported batch item failure', async () => {
    // Prepare: the stream's sequence numbers, read before the poller starts.
    const { table, streamArn } = await tableWithStream();
    await putItems(table, 3);
    const shard = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn })))
      .StreamDescription?.Shards?.[0]?.ShardId as string;
    const iterator = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const records = await streams.send(
      new GetRecordsCommand({ ShardIterator: iterator.ShardIterator }),
    );
    const sequenceOfItem2 = records.Records?.[1]?.dynamodb?.SequenceNumber as string;
    let failOnce = true;

    // Act
    const h = startPoller(
      streamArn,
      (batch) => {
        if (failOnce && batch.length === 3) {
          failOnce = false;
          return {
            payload: JSON.stringify({ batchItemFailures: [{ itemIdentifier: sequenceOfItem2 }] }),
          };
        }
        return {};
      },
      { reportBatchItemFailures: true },
    );
    await advanceUntil(h.clock, () => h.batches.length >= 2);

    // Assess
    expect(h.batches[0]).toEqual(['item-1', 'item-2', 'item-3']);
    expect(h.batches[1]).toEqual(['item-2', 'item-3']);
  });

  it('bisects a failing batch to isolate the bad record', async () => {
    const { table, streamArn } = await tableWithStream();
    await putItems(table, 4);
    const h = startPoller(
      streamArn,
      (batch) => (batch.includes('item-3') ? { functionError: 'Unhandled', payload: '{}' } : {}),
      {
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: 0,
        onFailureArn: 'arn:aws:sqs:us-east-1:000000000000:dlq',
      },
    );
    await advanceUntil(
      h.clock,
      () => h.deliveries.length === 1 && h.batches.flat().includes('item-4'),
    );

    expect(h.batches).toEqual([
      ['item-1', 'item-2', 'item-3', 'item-4'],
      ['item-1', 'item-2'],
      ['item-3', 'item-4'],
      ['item-3'],
      ['item-4'],
    ]);
    expect(JSON.parse(h.deliveries[0]?.payload ?? '{}').DDBStreamBatchInfo.batchSize).toBe(1);
  });
});
