import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { PayloadTooLargeError, ValidationError } from '../errors';
import type { RecordedEvent } from '../event-store/types';
import type { EventData, EventType } from './catalog';
import { EventCatalog, isEventType } from './catalog';
import type { EventEnvelope } from './envelope';

/**
 * Largest PutEvents entry EventBridge accepts, in bytes as AWS measures them
 * (see `putEventsEntrySize`): 1 MiB. AWS raised the limit from 256 KB to 1 MB
 * on 29 January 2026 (AWS Compute Blog, "serverless services now support
 * payloads up to 1 MB"; DESIGN §3). The PutEvents API reference and the
 * "Calculating PutEvents event entry size" guide still said 256 KB when this
 * was written, and neither gives the byte count of "1 MB"; SQS, raised
 * together with it, documents "1 MiB", so 1,048,576 is used. The same limit
 * applies to the sum of the entries of one call (the guide's "total entry
 * size"). An entry of exactly this size is accepted.
 */
export const EVENTBRIDGE_MAX_ENTRY_BYTES = 1024 * 1024;

/** A typed envelope: one of the catalog's events, with its data type. */
export type TypedEnvelope = {
  [K in EventType]: EventEnvelope<K, EventData<K>>;
}[EventType];

/**
 * Size of a PutEvents entry as EventBridge computes it: 14 bytes for `Time`
 * when set, plus the UTF-8 bytes of `Source`, `DetailType`, `Detail` and each
 * of `Resources`.
 */
export function putEventsEntrySize(entry: PutEventsRequestEntry): number {
  const bytes = (s: string | undefined) => (s === undefined ? 0 : Buffer.byteLength(s, 'utf8'));
  return (
    (entry.Time ? 14 : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, r) => sum + bytes(r), 0)
  );
}

/**
 * Builds the PutEvents entry of an envelope: `source`, `detail-type`, the
 * `{ metadata, data }` detail and the event's own time.
 * @throws PayloadTooLargeError naming the event id, type and size, before any call.
 */
export function toPutEventsEntry(
  envelope: EventEnvelope,
  eventBusName: string,
): PutEventsRequestEntry {
  const entry: PutEventsRequestEntry = {
    EventBusName: eventBusName,
    Source: envelope.source,
    DetailType: envelope.type,
    Detail: JSON.stringify({ metadata: envelope.metadata, data: envelope.data }),
    Time: new Date(envelope.metadata.occurredAt),
  };
  const size = putEventsEntrySize(entry);
  if (size > EVENTBRIDGE_MAX_ENTRY_BYTES) {
    throw new PayloadTooLargeError(
      `EventBridge entry for event ${envelope.metadata.eventId} (${envelope.type})`,
      size,
      EVENTBRIDGE_MAX_ENTRY_BYTES,
    );
  }
  return entry;
}

/**
 * The envelope of a stored event: its catalog source and the metadata the
 * store recorded. The data stays at the schema version it was written with;
 * consumers upcast when they parse.
 * @throws ValidationError when the event's type is not in the catalog.
 */
export function toEnvelope(recorded: RecordedEvent): TypedEnvelope {
  if (!isEventType(recorded.type)) {
    throw new ValidationError(`stored event ${recorded.streamId}@${recorded.version}`, [
      { path: 'type', message: `'${recorded.type}' is not in the catalog` },
    ]);
  }
  return {
    type: recorded.type,
    source: EventCatalog[recorded.type].source,
    metadata: {
      eventId: recorded.eventId,
      schemaVersion: recorded.schemaVersion,
      streamId: recorded.streamId,
      version: recorded.version,
      occurredAt: recorded.metadata.occurredAt,
      correlationId: recorded.metadata.correlationId,
      causationId: recorded.metadata.causationId,
    },
    data: recorded.data,
  } as TypedEnvelope;
}
