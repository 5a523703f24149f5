import * as z from '../zod';
import { NonEmptyString } from './fields';

/** A correlation or causation id: 1 to 256 characters. */
const Id256 = z.string().check(z.minLength(1), z.maxLength(256));
/** A version number (of a schema, or in a stream): an integer from 1. */
const VersionNumber = z.int().check(z.minimum(1));

/**
 * Hints carried by an event that is being replayed. EventBridge itself marks a
 * replayed event with a top-level `replay-name` field; these hints travel inside
 * `detail.metadata` so that handlers further down (after SQS, after Step
 * Functions) still know.
 */
export const ReplayHintsSchema = z.object({
  /** Name of the EventBridge replay (or projection rebuild) that re-delivered the event. */
  replayName: NonEmptyString,
});

/** The metadata every event carries in `detail.metadata` (DESIGN §3). */
export const EventMetadataSchema = z.object({
  /** Set once by the producer; the key of every idempotent consumer. */
  eventId: z.uuid(),
  /** Version of the event's `data` schema. */
  schemaVersion: VersionNumber,
  /** The aggregate stream the event belongs to, e.g. `order-<id>`. */
  streamId: z.string().check(z.minLength(1), z.maxLength(512)),
  /** Position of the event in its stream, starting at 1. */
  version: VersionNumber,
  /** When the event happened (ISO 8601, UTC). */
  occurredAt: z.iso.datetime(),
  /** Id shared by every event and log line of one business flow. */
  correlationId: Id256,
  /** Id of the command or event that caused this event. */
  causationId: Id256,
  replay: z.optional(ReplayHintsSchema),
});
export type EventMetadata = z.infer<typeof EventMetadataSchema>;

/** Builds the schema of a whole `detail` (`{ metadata, data }`) for one event's data schema. */
export function envelopeSchema<D extends z.ZodMiniType>(data: D) {
  return z.object({ metadata: EventMetadataSchema, data });
}

/** An event as it travels: `detail-type`, `source`, and the `{ metadata, data }` detail. */
export interface EventEnvelope<TType extends string = string, TData = unknown> {
  /** EventBridge `detail-type`: the event's name in past tense, e.g. `OrderPlaced`. */
  readonly type: TType;
  /** EventBridge `source`: `eventline.<context>`. */
  readonly source: string;
  readonly metadata: EventMetadata;
  readonly data: TData;
}
