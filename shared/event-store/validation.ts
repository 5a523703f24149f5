import { LimitExceededError, ValidationError, type ValidationIssue } from '../errors';
import { EventMetadataSchema } from '../events/envelope';
import * as z from '../zod';
import type { ExpectedVersion, NewEvent, ReadOptions, SnapshotToWrite } from './types';
import { MAX_EVENTS_PER_APPEND } from './types';

/** Longest stream id (bytes of UTF-8); leaves room in DynamoDB's 2048-byte partition key. */
export const MAX_STREAM_ID_LENGTH = 512;
/** Largest page a read may ask for. */
export const MAX_PAGE_SIZE = 1000;
/** Page size when a read names none. */
export const DEFAULT_PAGE_SIZE = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const CONTROL = /[\u0000-\u001f\u007f]/;
// The producer's part of the envelope metadata, checked with the envelope's own rules so a
// stored event can always be published.
const NewEventMetadataSchema = z.pick(EventMetadataSchema, {
  occurredAt: true,
  correlationId: true,
  causationId: true,
});

/**
 * Checks a stream id: 1..512 bytes, no control characters, and not starting
 * with `$`, which is reserved for the store's own items.
 * @throws ValidationError naming the value.
 */
export function validateStreamId(streamId: string): void {
  const problem =
    typeof streamId !== 'string' || streamId.length === 0
      ? 'must be a non-empty string'
      : Buffer.byteLength(streamId) > MAX_STREAM_ID_LENGTH
        ? `must be at most ${MAX_STREAM_ID_LENGTH} bytes, got ${Buffer.byteLength(streamId)}`
        : CONTROL.test(streamId)
          ? 'must not contain control characters'
          : streamId.startsWith('$')
            ? "must not start with '$' (reserved for the store's own items)"
            : undefined;
  if (problem) {
    throw new ValidationError('stream id', [
      { path: 'streamId', message: `${problem} (got ${JSON.stringify(streamId)})` },
    ]);
  }
}

/**
 * Checks an append's arguments before anything is written: the stream id,
 * 1..100 events, each event id a UUID and unique within the append (ids
 * compare case-insensitively), a type, a positive integer schema version,
 * data, metadata as the envelope requires it (`occurredAt` ISO 8601,
 * correlation and causation ids of 1..256 characters), a valid expected
 * version, and a snapshot key when a snapshot is given.
 * @throws ValidationError naming each bad field (`events.3.eventId`) and its value.
 * @throws LimitExceededError above `MAX_EVENTS_PER_APPEND` events.
 */
export function validateAppend(
  streamId: string,
  events: readonly NewEvent[],
  expectedVersion: ExpectedVersion,
  snapshot?: SnapshotToWrite,
): void {
  validateStreamId(streamId);
  validateExpectedVersion(expectedVersion);
  if (!Array.isArray(events) || events.length === 0) {
    throw new ValidationError('append', [
      {
        path: 'events',
        message: `must hold at least one event, got ${Array.isArray(events) ? 'none' : typeof events}`,
      },
    ]);
  }
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new LimitExceededError(
      `events in one append to '${streamId}'`,
      events.length,
      MAX_EVENTS_PER_APPEND,
    );
  }
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const [i, event] of events.entries())
    issues.push(...eventIssues(event, `events.${i}`, seen));
  if (snapshot !== undefined && (typeof snapshot.key !== 'string' || snapshot.key.length === 0)) {
    issues.push({
      path: 'snapshot.key',
      message: `must be a non-empty string, got ${JSON.stringify(snapshot.key)}`,
    });
  }
  if (issues.length > 0) throw new ValidationError('append', issues);
}

function eventIssues(event: NewEvent, path: string, seen: Set<string>): ValidationIssue[] {
  if (typeof event !== 'object' || event === null) {
    return [{ path, message: `must be an event object, got ${JSON.stringify(event)}` }];
  }
  const issues: ValidationIssue[] = [];
  const id = typeof event.eventId === 'string' ? event.eventId.toLowerCase() : undefined;
  if (id === undefined || !UUID.test(id)) {
    issues.push({
      path: `${path}.eventId`,
      message: `must be a UUID, got ${JSON.stringify(event.eventId)}`,
    });
  } else if (seen.has(id)) {
    issues.push({
      path: `${path}.eventId`,
      message: `repeats ${event.eventId} within the append`,
    });
  }
  if (id !== undefined) seen.add(id);
  if (typeof event.type !== 'string' || event.type.length === 0) {
    issues.push({
      path: `${path}.type`,
      message: `must be a non-empty string, got ${JSON.stringify(event.type)}`,
    });
  }
  if (!Number.isInteger(event.schemaVersion) || event.schemaVersion < 1) {
    issues.push({
      path: `${path}.schemaVersion`,
      message: `must be an integer ≥ 1, got ${JSON.stringify(event.schemaVersion)}`,
    });
  }
  if (event.data === undefined) {
    issues.push({ path: `${path}.data`, message: 'is required' });
  }
  const metadata = NewEventMetadataSchema.safeParse(event.metadata);
  if (!metadata.success) {
    for (const issue of metadata.error.issues) {
      const field = [path, 'metadata', ...issue.path.map(String)].join('.');
      const value = issue.path.reduce<unknown>(
        (v, k) =>
          typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined,
        event.metadata,
      );
      issues.push({ path: field, message: `${issue.message}, got ${JSON.stringify(value)}` });
    }
  }
  return issues;
}

/** @throws ValidationError when the expected version is not a keyword or an integer ≥ 0. */
export function validateExpectedVersion(expected: ExpectedVersion): void {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (typeof expected === 'number' && Number.isInteger(expected) && expected >= 0) return;
  throw new ValidationError('append', [
    {
      path: 'expectedVersion',
      message: `must be 'any', 'no_stream', 'stream_exists' or an integer ≥ 0, got ${JSON.stringify(expected)}`,
    },
  ]);
}

/** Read options with defaults applied. */
export interface ResolvedReadOptions {
  readonly direction: 'forward' | 'backward';
  readonly fromVersion: number | undefined;
  readonly maxCount: number;
}

/** @throws ValidationError when `fromVersion` or `maxCount` is out of range. */
export function resolveReadOptions(
  streamId: string,
  options: ReadOptions = {},
): ResolvedReadOptions {
  validateStreamId(streamId);
  const issues: { path: string; message: string }[] = [];
  const direction = options.direction ?? 'forward';
  if (direction !== 'forward' && direction !== 'backward') {
    issues.push({
      path: 'direction',
      message: `must be 'forward' or 'backward', got ${JSON.stringify(direction)}`,
    });
  }
  const from = options.fromVersion;
  if (from !== undefined && (!Number.isInteger(from) || from < 0)) {
    issues.push({
      path: 'fromVersion',
      message: `must be an integer ≥ 0, got ${JSON.stringify(from)}`,
    });
  }
  const maxCount = options.maxCount ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(maxCount) || maxCount < 1 || maxCount > MAX_PAGE_SIZE) {
    issues.push({
      path: 'maxCount',
      message: `must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${JSON.stringify(maxCount)}`,
    });
  }
  if (issues.length > 0) throw new ValidationError('read options', issues);
  return { direction, fromVersion: from, maxCount };
}

/**
 * Whether a stream at `actual` satisfies `expected`.
 * `0` and `no_stream` both mean the stream has no events.
 */
export function expectedVersionHolds(expected: ExpectedVersion, actual: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 0;
    case 'stream_exists':
      return actual > 0;
    default:
      return actual === expected;
  }
}
