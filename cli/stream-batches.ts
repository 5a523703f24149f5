import type { DynamoDBClient, AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type {
  DynamoDBStreamsClient,
  _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import type { StreamBatchInfo } from './dead-letters';

/** The records of a failed stream batch, and where they were read from. */
export interface BatchRecords {
  /** `stream`: read again from the table's stream; `store`: the stream had trimmed them, read from the event table. */
  readonly source: 'stream' | 'store';
  readonly records: DynamoDBRecord[];
}

/** Errors that mean the batch's records are no longer in the stream (24-hour retention, or a new stream). */
const GONE = new Set([
  'TrimmedDataAccessException',
  'ResourceNotFoundException',
  'ExpiredIteratorException',
]);
/** Seconds of clock skew allowed around the batch's arrival times when reading from the store. */
const SKEW_MS = 5000;

/**
 * Reads the records a failure record describes: `GetShardIterator`
 * `AT_SEQUENCE_NUMBER` the batch's first sequence number, then `GetRecords`
 * up to its last. When the stream no longer has them, the event items written
 * while the batch arrived (`occurredAt` within its arrival times, give or
 * take a few seconds) are read from the event table instead: publishing one
 * event more than missing is harmless, consumers are idempotent on the event id.
 */
export async function readBatch(
  streams: DynamoDBStreamsClient,
  dynamodb: DynamoDBClient,
  eventTable: string,
  info: StreamBatchInfo,
): Promise<BatchRecords> {
  try {
    return { source: 'stream', records: await fromStream(streams, info) };
  } catch (error) {
    if (!GONE.has((error as { name?: string }).name ?? '')) throw error;
    return { source: 'store', records: await fromStore(dynamodb, eventTable, info) };
  }
}

async function fromStream(
  streams: DynamoDBStreamsClient,
  info: StreamBatchInfo,
): Promise<DynamoDBRecord[]> {
  const end = BigInt(info.endSequenceNumber);
  const { ShardIterator } = await streams.send(
    new GetShardIteratorCommand({
      StreamArn: info.streamArn,
      ShardId: info.shardId,
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      SequenceNumber: info.startSequenceNumber,
    }),
  );
  const records: DynamoDBRecord[] = [];
  let iterator = ShardIterator;
  while (iterator) {
    const page = await streams.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }),
    );
    const batch = page.Records ?? [];
    for (const record of batch) {
      if (BigInt(record.dynamodb?.SequenceNumber ?? '0') > end) return records;
      records.push(toLambdaRecord(record));
    }
    // An open shard answers empty pages forever: an empty page means we have read all there is.
    if (batch.length === 0) break;
    iterator = page.NextShardIterator;
  }
  return records;
}

async function fromStore(
  dynamodb: DynamoDBClient,
  table: string,
  info: StreamBatchInfo,
): Promise<DynamoDBRecord[]> {
  const first = Date.parse(info.approximateArrivalOfFirstRecord ?? '');
  const last = Date.parse(info.approximateArrivalOfLastRecord ?? '');
  if (Number.isNaN(first) || Number.isNaN(last)) {
    throw new Error(
      `the stream no longer has shard ${info.shardId} and the record has no arrival times to find its events by`,
    );
  }
  const records: DynamoDBRecord[] = [];
  let start: Record<string, SdkAttributeValue> | undefined;
  do {
    const out = await dynamodb.send(
      new ScanCommand({
        TableName: table,
        ConsistentRead: true,
        FilterExpression: 'occurredAt BETWEEN :a AND :b',
        ExpressionAttributeValues: {
          ':a': { S: new Date(first - SKEW_MS).toISOString() },
          ':b': { S: new Date(last + SKEW_MS).toISOString() },
        },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of out.Items ?? []) {
      records.push({
        eventName: 'INSERT',
        dynamodb: {
          Keys: {
            streamId: toLambdaValue(item.streamId as SdkAttributeValue),
            version: toLambdaValue(item.version as SdkAttributeValue),
          },
          NewImage: toLambdaImage(item),
          SequenceNumber: `store-${item.streamId?.S}@${item.version?.N}`,
        },
      });
    }
    start = out.LastEvaluatedKey;
  } while (start);
  // The store has no stream order across streams; each stream's own order is kept.
  return records.sort(
    (a, b) =>
      String(a.dynamodb?.Keys?.streamId?.S).localeCompare(String(b.dynamodb?.Keys?.streamId?.S)) ||
      Number(a.dynamodb?.Keys?.version?.N) - Number(b.dynamodb?.Keys?.version?.N),
  );
}

/** The SDK's stream record in the shape Lambda hands to the publisher (binary values base64-encoded). */
function toLambdaRecord(record: StreamRecord): DynamoDBRecord {
  const d = record.dynamodb;
  return {
    ...(record.eventID ? { eventID: record.eventID } : {}),
    ...(record.eventName ? { eventName: record.eventName } : {}),
    ...(record.eventSource ? { eventSource: record.eventSource } : {}),
    dynamodb: {
      ...(d?.Keys ? { Keys: toLambdaImage(d.Keys) } : {}),
      ...(d?.NewImage ? { NewImage: toLambdaImage(d.NewImage) } : {}),
      ...(d?.SequenceNumber ? { SequenceNumber: d.SequenceNumber } : {}),
    },
  };
}

function toLambdaImage(image: Record<string, SdkAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, toLambdaValue(v)]));
}

function toLambdaValue(value: SdkAttributeValue): AttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  return value as AttributeValue;
}
