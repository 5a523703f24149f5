import type { _Record, Shard } from '@aws-sdk/client-dynamodb-streams';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../local/core/clock';
import type { CloudLogger, TargetDispatcher } from '../../../../local/core/service';
import { DynamoDbStreamPoller } from '../../../../local/services/lambda/event-source-mappings/DynamoDbStreamPoller';

// DynamoDB Local keeps one open shard per stream for as long as tests run, so
// how the poller follows shards that close and appear is tested here, against
// a mocked DynamoDB Streams client that answers as the API reference describes.

const STREAM_ARN =
  'arn:aws:dynamodb:us-east-1:000000000000:table/events/stream/2026-01-01T00:00:00.000';
const quiet: CloudLogger = { info() {}, warn() {}, error() {} };
const dispatcher: TargetDispatcher = { deliver: async () => ({}) };

const streams = new DynamoDBStreamsClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const mock = mockClient(streams);
const pollers: DynamoDbStreamPoller[] = [];
afterEach(async () => {
  await Promise.all(pollers.splice(0).map((p) => p.stop()));
  mock.reset();
});

/** A stream record whose key is `pk`. */
function record(pk: string, sequence: number): _Record {
  return {
    eventID: `e-${pk}`,
    eventName: 'INSERT',
    dynamodb: {
      Keys: { pk: { S: pk } },
      NewImage: { pk: { S: pk } },
      SequenceNumber: String(sequence),
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

/**
 * A stream as the mock serves it: shards by id, each with its records and
 * whether it is closed (a closed shard's last page has no NextShardIterator).
 * Iterators are `<shardId>@<position>`.
 */
interface ServedShard {
  shard: Shard;
  records: _Record[];
  closed: boolean;
}

function serveStream(shards: Map<string, ServedShard>) {
  mock.on(DescribeStreamCommand).callsFake(() => ({
    StreamDescription: { StreamArn: STREAM_ARN, Shards: [...shards.values()].map((s) => s.shard) },
  }));
  mock
    .on(GetShardIteratorCommand)
    .callsFake((input: { ShardId: string }) => ({ ShardIterator: `${input.ShardId}@0` }));
  mock.on(GetRecordsCommand).callsFake((input: { ShardIterator: string }) => {
    const [shardId, at] = input.ShardIterator.split('@') as [string, string];
    const s = shards.get(shardId);
    if (!s) throw new Error(`unknown shard ${shardId}`);
    const from = Number(at);
    const records = s.records.slice(from);
    const end = from + records.length;
    return {
      Records: records,
      ...(s.closed && end >= s.records.length ? {} : { NextShardIterator: `${shardId}@${end}` }),
    };
  });
}

function start(clock: ManualClock, delivered: string[]): DynamoDbStreamPoller {
  const poller = new DynamoDbStreamPoller({
    streamArn: STREAM_ARN,
    functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:outbox',
    streams,
    clock,
    logger: quiet,
    dispatcher,
    region: 'us-east-1',
    startingPosition: 'TRIM_HORIZON',
    async invoke(event) {
      for (const r of (event as { Records: { dynamodb: { Keys: { pk: { S: string } } } }[] })
        .Records)
        delivered.push(r.dynamodb.Keys.pk.S);
      return { payload: 'null', requestId: 'r' };
    },
  });
  pollers.push(poller);
  poller.start();
  return poller;
}

const describes = () => mock.commandCalls(DescribeStreamCommand).length;

/** An open shard (no ending sequence number) holding `records`. */
function openShard(shardId: string, records: _Record[], parentShardId?: string): ServedShard {
  const first = records[0]?.dynamodb?.SequenceNumber ?? '1';
  return {
    shard: {
      ShardId: shardId,
      ...(parentShardId ? { ParentShardId: parentShardId } : {}),
      SequenceNumberRange: { StartingSequenceNumber: first },
    },
    records,
    closed: false,
  };
}

/** Advances the clock in 200 ms steps until `count` records were delivered. */
async function untilDelivered(
  clock: ManualClock,
  delivered: readonly string[],
  count: number,
  limitMs = 5_000,
): Promise<void> {
  await clock.advanceUntil(() => (delivered.length >= count ? true : undefined), {
    stepMs: 200,
    limitMs,
  });
}

describe('Class: DynamoDbStreamPoller, following shards', () => {
  it('describes a stream whose shard stays open once, not on every poll', async () => {
    // Prepare: one open shard with one record.
    const shards = new Map([['shard-1', openShard('shard-1', [record('a', 1)])]]);
    serveStream(shards);
    const clock = new ManualClock();
    const delivered: string[] = [];

    // Act: 10 s of polls, every 200 ms.
    start(clock, delivered);
    await clock.advance(10_000);

    // Assess
    expect(delivered).toEqual(['a']);
    expect(mock.commandCalls(GetRecordsCommand).length).toBeGreaterThanOrEqual(40);
    expect(describes()).toBe(1);
  });

  it('describes the stream again when a shard closes, and reads its successor from the beginning, after it', async () => {
    // Prepare: shard-1 is open with one record, read.
    const parent = openShard('shard-1', [record('a', 1)]);
    const shards = new Map([['shard-1', parent]]);
    serveStream(shards);
    const clock = new ManualClock();
    const delivered: string[] = [];
    start(clock, delivered);
    await untilDelivered(clock, delivered, 1);
    // Then shard-1 takes a last record and closes, and its child appears with the next one.
    parent.records.push(record('b', 2));
    parent.closed = true;
    parent.shard = {
      ...parent.shard,
      SequenceNumberRange: { StartingSequenceNumber: '1', EndingSequenceNumber: '2' },
    };
    shards.set('shard-2', openShard('shard-2', [record('c', 3)], 'shard-1'));

    // Act: well under the 60 s refresh period.
    await untilDelivered(clock, delivered, 3);

    // Assess: c after a and b, found by describing again once shard-1 ended.
    expect(delivered).toEqual(['a', 'b', 'c']);
    expect(describes()).toBe(2);
    const iteratorCalls = mock.commandCalls(GetShardIteratorCommand).map((c) => c.args[0].input);
    expect(iteratorCalls).toContainEqual(
      expect.objectContaining({ ShardId: 'shard-2', ShardIteratorType: 'TRIM_HORIZON' }),
    );
  });

  it('sees a shard that appeared while every known one stayed open within a minute of clock time', async () => {
    // Prepare: one open shard, read; then a second shard appears beside it.
    const shards = new Map([['shard-1', openShard('shard-1', [record('a', 1)])]]);
    serveStream(shards);
    const clock = new ManualClock();
    const delivered: string[] = [];
    start(clock, delivered);
    await untilDelivered(clock, delivered, 1);
    shards.set('shard-9', openShard('shard-9', [record('z', 5)]));
    const appearedAt = clock.now();

    // Act
    await untilDelivered(clock, delivered, 2, 120_000);

    // Assess: found by the periodic description, 60 s after the last one at most.
    expect(delivered).toEqual(['a', 'z']);
    expect(clock.now() - appearedAt).toBeLessThanOrEqual(60_000 + 200);
    expect(describes()).toBe(2);
  });
});
