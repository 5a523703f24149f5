import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { eventToItem } from '../../shared/event-store/dynamodb/item-codec';
import type { RecordedEvent } from '../../shared/event-store/types';
import { newEvent } from './new-events';

let sequence = 1000;

/** A DynamoDB stream INSERT record of a `StockAdded` event item, as Lambda delivers it. */
export function eventInsertRecord(
  streamId: string,
  version: number,
  data?: unknown,
  overrides: Partial<RecordedEvent> = {},
): DynamoDBRecord {
  const event: RecordedEvent = {
    ...newEvent(data === undefined ? {} : { data }),
    streamId,
    version,
    ...overrides,
  };
  return streamRecord('INSERT', eventToItem(event));
}

/**
 * A stream record of any item (the image in the Lambda event's JSON shape,
 * which is the SDK's for the string and number attributes used here), with a
 * sequence number higher than every earlier one.
 */
export function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  image: Record<string, AttributeValue> | undefined,
): DynamoDBRecord {
  sequence += 1;
  return {
    eventID: `e-${sequence}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN:
      'arn:aws:dynamodb:us-east-1:000000000000:table/events/stream/2026-01-01T00:00:00.000',
    dynamodb: {
      ApproximateCreationDateTime: 1_767_225_600,
      ...(image ? { Keys: { streamId: image.streamId, version: image.version } as never } : {}),
      ...(image && eventName !== 'REMOVE' ? { NewImage: image as never } : {}),
      SequenceNumber: String(sequence).padStart(21, '0'),
      SizeBytes: 100,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

/** The sequence number of a record, for asserting batch item failures. */
export function sequenceOf(record: DynamoDBRecord | undefined): string {
  const value = record?.dynamodb?.SequenceNumber;
  if (!value) throw new Error('record has no sequence number');
  return value;
}
