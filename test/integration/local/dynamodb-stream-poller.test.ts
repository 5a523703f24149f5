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
  /** Clock time of each invocation, and the size of its event in bytes. */
  readonly invokedAt: number[];
  readonly payloadBytes: number[];
  readonly deliveries: { arn: string; payload: string }[];
  readonly clock: ManualClock;
  readonly poller: DynamoDbStreamPoller;
}

function startPoller(
  streamArn: string,
  respond: (batch: Batch, call: number) => Partial<InvocationResult>,
  overrides: Partial<DynamoDbStreamPollerProps> = {},
): Harness {
  const clock = new ManualClock();
  const batches: Batch[] = [];
  const invokedAt: number[] = [];
  const payloadBytes: number[] = [];
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
      invokedAt.push(clock.now());
      payloadBytes.push(Buffer.byteLength(JSON.stringify(event)));
      return { payload: 'null', requestId: 'r', ...respond(batch, batches.length) };
    },
    ...overrides,
  });
  pollers.push(poller);
  poller.start();
  return { batches, invokedAt, payloadBytes, deliveries, clock, poller };
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

  it('counts the records of a failed batch as held while they wait to retry (sim seed 99)', async () => {
    // Prepare: the first invocation fails, the retry succeeds.
    const { table, streamArn } = await tableWithStream();
    await putItems(table, 2);
    const h = startPoller(streamArn, (_batch, call) =>
      call === 1 ? { functionError: 'Unhandled', payload: '{}' } : {},
    );

    // Act
    await advanceUntil(h.clock, () => h.batches.length === 1, 50);
    await h.clock.idle();
    const waiting = h.poller.held;
    await advanceUntil(h.clock, () => h.batches.length === 2, 50);

    // Assess: both records held through the back-off, none after the retry.
    expect(waiting).toBe(2);
    expect(h.poller.held).toBe(0);
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

/** Lambda's payload quota for a synchronous invocation: 6 MB (6,291,456 bytes), its quotas page. */
const SIX_MB = 6 * 1024 * 1024;

async function putItem(table: string, pk: string, padBytes = 0): Promise<void> {
  await dynamodb.send(
    new PutItemCommand({
      TableName: table,
      Item: { pk: { S: pk }, ...(padBytes > 0 ? { pad: { S: 'x'.repeat(padBytes) } } : {}) },
    }),
  );
}

// AWS: Lambda invokes the function when the batching window reaches its maximum, the batch size
// is met, or the payload reaches 6 MB; for DynamoDB Streams "the next batching window begins as
// soon as the previous function invocation completes" (Lambda developer guide, event source
// mappings, "Batching behavior").
describe('Class: DynamoDbStreamPoller, with MaximumBatchingWindowInSeconds', () => {
  it('gathers the records read after an invocation until the window since it has passed', async () => {
    // Prepare: a first invocation, from which the next window counts.
    const { table, streamArn } = await tableWithStream();
    await putItem(table, 'item-1');
    const h = startPoller(streamArn, () => ({}), { maximumBatchingWindowInSeconds: 5 });
    await advanceUntil(h.clock, () => h.batches.length === 1, 200);
    const first = h.invokedAt[0] as number;

    // Act: two records 1 s apart, then the clock up to just before the window ends, then past it.
    await putItem(table, 'item-2');
    await h.clock.advance(first + 1_000 - h.clock.now());
    await putItem(table, 'item-3');
    await h.clock.advance(first + 4_999 - h.clock.now());
    const beforeWindowEnd = h.batches.length;
    await h.clock.advance(1);

    // Assess
    expect(beforeWindowEnd).toBe(1);
    expect(h.batches).toEqual([['item-1'], ['item-2', 'item-3']]);
    expect((h.invokedAt[1] as number) - first).toBe(5_000);
  });

  it('invokes as soon as the batch size is met, before the window has passed', async () => {
    // Prepare
    const { table, streamArn } = await tableWithStream();
    await putItem(table, 'item-1');
    const h = startPoller(streamArn, () => ({}), {
      maximumBatchingWindowInSeconds: 60,
      batchSize: 3,
    });
    await advanceUntil(h.clock, () => h.batches.length === 1, 200);
    const first = h.invokedAt[0] as number;

    // Act
    await putItems(table, 4);
    await h.clock.advance(1_000);

    // Assess: four records (item-1 written again, then item-2 to item-4); the first three are a batch.
    expect(h.batches[1]).toHaveLength(3);
    expect((h.invokedAt[1] as number) - first).toBeLessThanOrEqual(1_000);
  });

  it('invokes as soon as the payload reaches 6 MB, and never with more than 6 MB', async () => {
    // Prepare: 17 items of 380 KB (DynamoDB's item limit is 400 KB) make more than 6 MB.
    const { table, streamArn } = await tableWithStream();
    await putItem(table, 'small');
    const h = startPoller(streamArn, () => ({}), { maximumBatchingWindowInSeconds: 300 });
    await advanceUntil(h.clock, () => h.batches.length === 1, 200);
    const first = h.invokedAt[0] as number;
    for (let i = 1; i <= 17; i++) await putItem(table, `big-${i}`, 380_000);

    // Act
    await advanceUntil(h.clock, () => h.batches.length === 2, 200);
    const sent = h.batches[1]?.length ?? 0;
    await advanceUntil(h.clock, () => h.batches.flat().length === 18, 1_000);

    // Assess: the second batch went out within the window, full to 6 MB; the rest after the window.
    expect((h.invokedAt[1] as number) - first).toBeLessThan(300_000);
    expect(h.payloadBytes[1]).toBeLessThanOrEqual(SIX_MB);
    expect((h.payloadBytes[1] as number) + 380_000).toBeGreaterThan(SIX_MB);
    expect(sent).toBeLessThan(17);
    expect((h.invokedAt[2] as number) - (h.invokedAt[1] as number)).toBe(300_000);
  });

  it('refuses a window over 300 seconds, naming the setting and the limit', () => {
    // Act / Assess
    expect(
      () =>
        new DynamoDbStreamPoller({
          streamArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/s',
          functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
          streams,
          clock: new ManualClock(),
          logger: quietLogger,
          dispatcher: { deliver: async () => ({}) },
          region: 'us-east-1',
          startingPosition: 'LATEST',
          invoke: async () => ({ payload: 'null', requestId: 'r' }),
          maximumBatchingWindowInSeconds: 301,
        }),
    ).toThrow('maximumBatchingWindowInSeconds must be an integer from 0 to 300, got 301');
  });
});
