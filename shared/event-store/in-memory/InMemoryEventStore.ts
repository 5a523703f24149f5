import { VersionConflictError } from '../../errors';
import { IdempotencyConflictError } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadOptions,
  ReadPage,
  RecordedEvent,
  Snapshot,
} from '../types';
import {
  expectedVersionHolds,
  resolveReadOptions,
  validateAppend,
  validateStreamId,
} from '../validation';

interface StreamState {
  readonly events: RecordedEvent[];
  readonly eventVersions: Map<string, number>;
  readonly snapshots: Map<string, Snapshot>;
}

/**
 * The event-store port in memory, with every guarantee of the DynamoDB
 * adapter: expected versions, contiguous versions, atomic appends, idempotent
 * re-appends and snapshots written with their events. Each append checks and
 * writes without awaiting in between, so concurrent callers see it as atomic.
 * Events are deep-copied in and out: callers cannot change what is stored.
 */
export class InMemoryEventStore implements EventStore {
  readonly #streams = new Map<string, StreamState>();

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    validateAppend(streamId, events, options.expectedVersion);
    const stream = this.#streams.get(streamId);
    const actual = stream?.events.length ?? 0;

    const existing = events.filter((e) => stream?.eventVersions.has(e.eventId.toLowerCase()));
    if (existing.length === events.length && stream) {
      // Every id is already there: a retry of an append that succeeded.
      const versions = existing.map((e) => stream.eventVersions.get(e.eventId.toLowerCase()) ?? 0);
      return { nextExpectedVersion: Math.max(...versions), written: false };
    }
    if (existing.length > 0) {
      throw new IdempotencyConflictError(
        streamId,
        existing.map((e) => e.eventId),
      );
    }
    if (!expectedVersionHolds(options.expectedVersion, actual)) {
      throw new VersionConflictError(streamId, options.expectedVersion, actual);
    }

    const snapshotCopy =
      options.snapshot === undefined ? undefined : structuredClone(options.snapshot.state);
    const recorded: RecordedEvent[] = events.map((event, i) => ({
      ...structuredClone(event),
      streamId,
      version: actual + i + 1,
    }));
    const target: StreamState = stream ?? {
      events: [],
      eventVersions: new Map(),
      snapshots: new Map(),
    };
    for (const event of recorded) {
      target.events.push(event);
      target.eventVersions.set(event.eventId.toLowerCase(), event.version);
    }
    const version = actual + recorded.length;
    if (options.snapshot) {
      target.snapshots.set(options.snapshot.key, {
        streamId,
        key: options.snapshot.key,
        version,
        state: snapshotCopy,
      });
    }
    this.#streams.set(streamId, target);
    return { nextExpectedVersion: version, written: true };
  }

  async read(streamId: string, options?: ReadOptions): Promise<ReadPage> {
    const { direction, fromVersion, maxCount } = resolveReadOptions(streamId, options);
    const events = this.#streams.get(streamId)?.events ?? [];
    const last = events.length;
    if (direction === 'forward') {
      const start = Math.max(1, fromVersion ?? 1);
      const page = events.slice(start - 1, start - 1 + maxCount);
      const end = start + page.length;
      return { events: structuredClone(page), nextVersion: end <= last ? end : undefined };
    }
    const start = Math.min(last, fromVersion ?? last);
    const from = Math.max(0, start - maxCount);
    const page = events.slice(from, Math.max(0, start)).reverse();
    const next = start - page.length;
    return { events: structuredClone(page), nextVersion: next >= 1 ? next : undefined };
  }

  async lastVersion(streamId: string): Promise<number> {
    validateStreamId(streamId);
    return this.#streams.get(streamId)?.events.length ?? 0;
  }

  async readSnapshot(streamId: string, key: string): Promise<Snapshot | undefined> {
    validateStreamId(streamId);
    const stream = this.#streams.get(streamId);
    const snapshot = stream?.snapshots.get(key);
    return snapshot === undefined
      ? undefined
      : { ...structuredClone(snapshot), streamVersion: stream?.events.length ?? 0 };
  }
}
