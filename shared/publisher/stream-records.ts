import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, AttributeValue as StreamAttributeValue } from 'aws-lambda';
import { itemToRecordedEvent } from '../event-store/dynamodb/item-codec';
import type { RecordedEvent } from '../event-store/types';

/** A stream record that holds a newly appended event. */
export interface EventRecord {
  readonly sequenceNumber: string;
  readonly event: RecordedEvent;
}

/** A stream record that should hold an event but cannot be decoded. */
export interface UndecodableRecord {
  readonly sequenceNumber: string;
  /** `streamId@version` from the record's keys, when present. */
  readonly position: string | undefined;
  readonly error: Error;
}

/**
 * The events among a DynamoDB stream batch, in stream order. Only INSERTs of
 * event items count: other items are skipped, and so are MODIFY and REMOVE
 * records (an event is published once, when it is written). An INSERT that
 * cannot be decoded is returned as an `UndecodableRecord` rather than
 * skipped, so that it is never lost silently — that includes an INSERT with
 * no new image, which means the table's stream is not `NEW_IMAGE`.
 */
export function eventRecords(
  records: readonly DynamoDBRecord[],
): (EventRecord | UndecodableRecord)[] {
  const out: (EventRecord | UndecodableRecord)[] = [];
  for (const record of records) {
    const sequenceNumber = record.dynamodb?.SequenceNumber;
    if (record.eventName !== 'INSERT' || !sequenceNumber) continue;
    const image = record.dynamodb?.NewImage;
    try {
      if (!image) {
        throw new Error(
          "the record has no NewImage: the event table's stream must be NEW_IMAGE or NEW_AND_OLD_IMAGES",
        );
      }
      const event = itemToRecordedEvent(fromStreamImage(image));
      if (event) out.push({ sequenceNumber, event });
    } catch (error) {
      out.push({
        sequenceNumber,
        position: positionOf(record),
        error: error instanceof Error ? error : new Error(String(error)),
      });
    }
  }
  return out;
}

/**
 * Converts a stream image from the Lambda event's JSON shape to the SDK's
 * `AttributeValue` shape that the item codec reads. The two differ only for
 * binary values: the Lambda event carries them base64-encoded.
 */
export function fromStreamImage(
  image: Readonly<Record<string, StreamAttributeValue>>,
): Record<string, AttributeValue> {
  return Object.fromEntries(
    Object.entries(image).map(([name, value]) => [name, fromStreamValue(value)]),
  );
}

function fromStreamValue(value: StreamAttributeValue): AttributeValue {
  if (value.B !== undefined) return { B: fromBase64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(fromBase64) };
  if (value.L !== undefined) return { L: value.L.map(fromStreamValue) };
  if (value.M !== undefined) return { M: fromStreamImage(value.M) };
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  throw new Error(`unsupported attribute value ${JSON.stringify(value)}`);
}

function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

function positionOf(record: DynamoDBRecord): string | undefined {
  const keys = record.dynamodb?.Keys;
  const streamId = keys?.streamId?.S;
  const version = keys?.version?.N;
  return streamId !== undefined && version !== undefined ? `${streamId}@${version}` : undefined;
}
