import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { RecordedEvent } from '../types';

/**
 * Layout of the event table's items. Key: `streamId` (S, partition) and
 * `version` (N, sort, from 1). Every item is an event (`kind = event`); the
 * last event of an append may also carry the aggregate's snapshot after it
 * (`snapshotKey`, `snapshot` as JSON). There are no tip or guard items (see
 * `DynamoDbEventStore` for why). Readers of the table's stream (the outbox
 * publisher) decode items with `itemToRecordedEvent`, which skips anything
 * that is not an event, so other kinds could be added without breaking them.
 */
export const ItemKind = {
  event: 'event',
} as const;

/** A snapshot stored on an event item. */
export interface ItemSnapshot {
  readonly key: string;
  /** JSON of the state. */
  readonly state: string;
}

/** Encodes a recorded event (and optionally the snapshot after it) as a DynamoDB item. */
export function eventToItem(
  event: RecordedEvent,
  snapshot?: ItemSnapshot,
): Record<string, AttributeValue> {
  return {
    streamId: { S: event.streamId },
    version: { N: String(event.version) },
    kind: { S: ItemKind.event },
    eventId: { S: event.eventId },
    type: { S: event.type },
    schemaVersion: { N: String(event.schemaVersion) },
    // JSON in a string keeps the data exactly as written (no number or
    // empty-value coercion by the DynamoDB type system).
    data: { S: JSON.stringify(event.data) },
    occurredAt: { S: event.metadata.occurredAt },
    correlationId: { S: event.metadata.correlationId },
    causationId: { S: event.metadata.causationId },
    ...(snapshot ? { snapshotKey: { S: snapshot.key }, snapshot: { S: snapshot.state } } : {}),
  };
}

/**
 * Decodes an item of the event table. Returns undefined for items that are not
 * events; throws when an event item is malformed.
 */
export function itemToRecordedEvent(
  item: Record<string, AttributeValue>,
): RecordedEvent | undefined {
  if (item.kind?.S !== ItemKind.event) return undefined;
  const s = (name: string): string => {
    const value = item[name]?.S;
    if (value === undefined) throw new Error(`event item is missing string attribute '${name}'`);
    return value;
  };
  const n = (name: string): number => {
    const value = item[name]?.N;
    if (value === undefined) throw new Error(`event item is missing number attribute '${name}'`);
    return Number(value);
  };
  return {
    streamId: s('streamId'),
    version: n('version'),
    eventId: s('eventId'),
    type: s('type'),
    schemaVersion: n('schemaVersion'),
    data: JSON.parse(s('data')) as unknown,
    metadata: {
      occurredAt: s('occurredAt'),
      correlationId: s('correlationId'),
      causationId: s('causationId'),
    },
  };
}

/** The snapshot an event item carries, if any. */
export function itemSnapshot(item: Record<string, AttributeValue>): ItemSnapshot | undefined {
  const key = item.snapshotKey?.S;
  const state = item.snapshot?.S;
  return key !== undefined && state !== undefined ? { key, state } : undefined;
}
