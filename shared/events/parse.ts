import * as z from '../zod';
import type { EventType } from './catalog';
import { EventCatalog, isEventType } from './catalog';
import type { TypedEnvelope } from './entry';
import { EventMetadataSchema } from './envelope';
import { EventParseError } from './errors';
import { upcastEventData } from './upcasters';
import { toValidationIssues } from './validate';

/**
 * Parses an EventBridge event (`source`, `detail-type`, `detail`) into a
 * typed envelope: the type must be in the catalog and come from its source,
 * the metadata must be valid, and the data is upcast from its
 * `schemaVersion` to the current one, then validated; the envelope's
 * `metadata.schemaVersion` is then the current version, which its data now
 * has. A top-level `replay-name` (set by EventBridge replays) becomes
 * `metadata.replay`. Unknown fields of `data` are dropped, as zod objects do.
 * @throws EventParseError naming the event type, the path and the problem.
 */
export function parseEventBridgeEvent(raw: unknown): TypedEnvelope {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new EventParseError('unknown', [{ path: '', message: 'must be an object' }]);
  }
  const event = raw as Record<string, unknown>;
  const type = event['detail-type'];
  if (typeof type !== 'string' || !isEventType(type)) {
    throw new EventParseError(typeof type === 'string' ? type : 'unknown', [
      { path: 'detail-type', message: `unknown event type ${JSON.stringify(type)}` },
    ]);
  }
  const entry = EventCatalog[type];
  if (event.source !== entry.source) {
    throw new EventParseError(type, [
      { path: 'source', message: `must be '${entry.source}', got ${JSON.stringify(event.source)}` },
    ]);
  }
  const detail = event.detail as Record<string, unknown> | undefined;
  if (detail === null || typeof detail !== 'object') {
    throw new EventParseError(type, [{ path: 'detail', message: 'must be an object' }]);
  }
  const metadata = EventMetadataSchema.safeParse(detail.metadata);
  if (!metadata.success) {
    throw new EventParseError(type, toValidationIssues(metadata.error, 'detail.metadata'));
  }
  const data = upcast(type, metadata.data.schemaVersion, detail.data);
  const parsed = entry.schema.safeParse(data);
  if (!parsed.success) {
    throw new EventParseError(type, toValidationIssues(parsed.error, 'detail.data'));
  }
  const replayName = event['replay-name'];
  return {
    type,
    source: entry.source,
    metadata: {
      ...metadata.data,
      schemaVersion: entry.schemaVersion,
      ...(typeof replayName === 'string' ? { replay: { replayName } } : {}),
    },
    data: parsed.data,
  } as TypedEnvelope;
}

/**
 * Parses the body of an SQS message that an EventBridge rule delivered.
 * @throws EventParseError when the body is not JSON or not a valid event.
 */
export function parseSqsEventBridgeMessage(body: string): TypedEnvelope {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (error) {
    throw new EventParseError('unknown', [{ path: '', message: 'SQS body is not JSON' }], {
      cause: error,
    });
  }
  return parseEventBridgeEvent(raw);
}

function upcast(type: EventType, schemaVersion: number, data: unknown): unknown {
  try {
    return upcastEventData(type, schemaVersion, data);
  } catch (error) {
    // An upcaster that validates its input names the bad field of the old version.
    if (error instanceof z.$ZodError) {
      throw new EventParseError(
        type,
        toValidationIssues(error, 'detail.data').map((issue) => ({
          path: issue.path,
          message: `${issue.message} (as schemaVersion ${schemaVersion})`,
        })),
        { cause: error },
      );
    }
    throw new EventParseError(
      type,
      [{ path: 'detail.metadata.schemaVersion', message: (error as Error).message }],
      { cause: error },
    );
  }
}
