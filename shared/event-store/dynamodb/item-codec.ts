import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { RecordedEvent } from '../types';

/**
 * Layout of the event table's items. Key: `streamId` (S, partition) and
 * `version` (N, sort). Event items hold versions 1..n; version 0 of each stream
 * is its tip (last version and snapshots); guard items (one per event id,
 * partition `$eventId#<streamId>#<eventId>`) make event ids unique per stream.
 * Only items with `kind = event` are events: the outbox publisher skips the rest.
 */
export const ItemKind = {
  event: 'event',
  tip: 'tip',
  guard: 'guard',
} as const;
export type ItemKind = (typeof ItemKind)[keyof typeof ItemKind];

/** Attribute names of an event item. `data` holds the event's data as a JSON string. */
export const EventItemAttributes = {
  streamId: 'streamId',
  version: 'version',
  kind: 'kind',
  eventId: 'eventId',
  type: 'type',
  schemaVersion: 'schemaVersion',
  data: 'data',
  occurredAt: 'occurredAt',
  correlationId: 'correlationId',
  causationId: 'causationId',
} as const;

/** Encodes a recorded event as a DynamoDB item. */
export function eventToItem(event: RecordedEvent): Record<string, AttributeValue> {
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
  };
}

/**
 * Decodes an item of the event table. Returns undefined for items that are not
 * events (tips, guards); throws when an event item is malformed.
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
