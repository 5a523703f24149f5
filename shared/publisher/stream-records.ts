import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { itemToRecordedEvent } from '../event-store/dynamodb/item-codec';
import type { RecordedEvent } from '../event-store/types';

/** A stream record that holds a newly appended event. */
export interface EventRecord {
  readonly sequenceNumber: string;
  readonly event: RecordedEvent;
}

/**
 * The events among a DynamoDB stream batch, in stream order: only INSERTs of
 * event items (tips, guards and other items are skipped; events are never
 * modified or removed).
 */
export function eventRecords(records: readonly DynamoDBRecord[]): EventRecord[] {
  const out: EventRecord[] = [];
  for (const record of records) {
    if (record.eventName !== 'INSERT') continue;
    const image = record.dynamodb?.NewImage;
    const sequenceNumber = record.dynamodb?.SequenceNumber;
    if (!image || !sequenceNumber) continue;
    // The Lambda event's attribute values have the wire shape of the SDK's.
    const event = itemToRecordedEvent(image as Record<string, AttributeValue>);
    if (event) out.push({ sequenceNumber, event });
  }
  return out;
}
