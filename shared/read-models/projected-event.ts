import { toDomainEvent } from '../command/load-aggregate';
import type { RecordedEvent } from '../event-store/types';
import type { DomainEvent } from '../events/catalog';
import type { TypedEnvelope } from '../events/entry';

/**
 * An event as projections see it: its type and data at the current schema
 * version, and where and when it happened. Built from a delivered envelope
 * (already upcast by the consumer's parser) or from a stored event (upcast
 * here), so live projection and rebuild apply exactly the same thing.
 */
export type ProjectedEvent = DomainEvent & {
  readonly eventId: string;
  readonly streamId: string;
  readonly version: number;
  readonly occurredAt: string;
};

/** The projected form of a delivered (parsed, upcast) event. */
export function fromEnvelope(envelope: TypedEnvelope): ProjectedEvent {
  return {
    type: envelope.type,
    data: envelope.data,
    eventId: envelope.metadata.eventId,
    streamId: envelope.metadata.streamId,
    version: envelope.metadata.version,
    occurredAt: envelope.metadata.occurredAt,
  } as ProjectedEvent;
}

/**
 * The projected form of a stored event, upcast to the current schema.
 * @throws UnreadableEventError for an unknown type or data that cannot be upcast.
 */
export function fromRecorded(recorded: RecordedEvent): ProjectedEvent {
  const event = toDomainEvent<DomainEvent>(recorded);
  return {
    ...event,
    eventId: recorded.eventId,
    streamId: recorded.streamId,
    version: recorded.version,
    occurredAt: recorded.metadata.occurredAt,
  } as ProjectedEvent;
}
