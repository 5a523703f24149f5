import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { eventToItem } from '../../shared/event-store/dynamodb/item-codec';
import type { RecordedEvent } from '../../shared/event-store/types';
import { newEvent } from './new-events';

let sequence = 1000;

/** A DynamoDB stream INSERT record of an event item, as Lambda delivers it. */
export function eventInsertRecord(
  streamId: string,
  version: number,
  data?: unknown,
): DynamoDBRecord {
  const event: RecordedEvent = {
    ...newEvent(data === undefined ? {} : { data }),
    streamId,
    version,
  };
  return streamRecord('INSERT', eventToItem(event));
}

/** A stream record of any item. */
export function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  image: Record<string, AttributeValue>,
): DynamoDBRecord {
  sequence += 1;
  return {
    eventID: `e-${sequence}`,
    eventName,
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: 1_767_225_600,
      Keys: { streamId: image.streamId, version: image.version } as never,
      NewImage: image as never,
      SequenceNumber: String(sequence).padStart(21, '0'),
      SizeBytes: 100,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}
