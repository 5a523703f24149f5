import { PayloadTooLargeError, VersionConflictError } from '../../errors';
import { idempotencyWindow, priorAppendResult } from '../idempotency';
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

/** DynamoDB's item size limit, which the DynamoDB store holds each event to. */
const DEFAULT_MAX_EVENT_BYTES = 400 * 1024;

export interface InMemoryEventStoreOptions {
  /**
   * Largest event accepted, counted as the UTF-8 bytes of the event's JSON.
   * Mirrors the DynamoDB store's per-item limit (which also counts attribute
   * names, so it refuses a little earlier), so that code tested in memory
   * does not depend on events production would refuse.
   * @default 409600 (400 KB)
   */
  readonly maxEventBytes?: number;
}

interface StoredSnapshot {
  readonly version: number;
  /** JSON, so every read hands out a fresh copy. */
  readonly state: string;
}

interface StreamState {
  /** JSON of each event, index = version − 1. */
  readonly events: string[];
  readonly snapshots: Map<string, StoredSnapshot>;
}

/**
 * The event-store port in memory, held to the same behaviour suite as the
 * DynamoDB store: expected versions, contiguous versions, atomic appends,
 * idempotent re-appends found where the DynamoDB store finds them (see
 * `idempotencyWindow`), and snapshots written with their events.
 *
 * Each append validates, checks and writes without an `await` in between, so
 * concurrent callers in one process see appends as atomic and serialised.
 * Events and snapshots are stored as JSON, as DynamoDB stores them: callers
 * cannot change what is stored, and values JSON cannot carry (`Date`, `Map`,
 * `undefined`) come back as they would from DynamoDB.
 */
export class InMemoryEventStore implements EventStore {
  readonly #streams = new Map<string, StreamState>();
  readonly #maxEventBytes: number;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.#maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const { expectedVersion, snapshot } = options;
    validateAppend(streamId, events, expectedVersion, snapshot);
    const stream = this.#streams.get(streamId);
    const current = stream?.events.length ?? 0;

    const window = idempotencyWindow(expectedVersion, current, events.length);
    if (stream && window) {
      const stored = stream.events.slice(window.from - 1, window.to).map(decode);
      const prior = priorAppendResult(streamId, events, stored);
      if (prior) return prior;
    }
    if (!expectedVersionHolds(expectedVersion, current)) {
      throw new VersionConflictError(streamId, expectedVersion, current);
    }

    // Everything that can fail happens before the first write: all or nothing.
    const encoded = events.map((event, i) =>
      this.#encode({ ...event, streamId, version: current + i + 1 }),
    );
    const state = snapshot === undefined ? undefined : JSON.stringify(snapshot.state ?? null);
    const target = stream ?? { events: [], snapshots: new Map<string, StoredSnapshot>() };
    target.events.push(...encoded);
    const version = target.events.length;
    if (snapshot !== undefined && state !== undefined) {
      target.snapshots.set(snapshot.key, { version, state });
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
      const page = events.slice(start - 1, start - 1 + maxCount).map(decode);
      const next = start + page.length;
      return { events: page, nextVersion: page.length > 0 && next <= last ? next : undefined };
    }
    const start = Math.min(last, fromVersion ?? last);
    if (start < 1) return { events: [], nextVersion: undefined };
    const page = events
      .slice(Math.max(0, start - maxCount), start)
      .reverse()
      .map(decode);
    const next = start - page.length;
    return { events: page, nextVersion: next >= 1 ? next : undefined };
  }

  async lastVersion(streamId: string): Promise<number> {
    validateStreamId(streamId);
    return this.#streams.get(streamId)?.events.length ?? 0;
  }

  async readSnapshot(streamId: string, key: string): Promise<Snapshot | undefined> {
    validateStreamId(streamId);
    const stream = this.#streams.get(streamId);
    const snapshot = stream?.snapshots.get(key);
    if (!stream || !snapshot) return undefined;
    return {
      streamId,
      key,
      version: snapshot.version,
      state: JSON.parse(snapshot.state) as unknown,
      streamVersion: stream.events.length,
    };
  }

  #encode(event: RecordedEvent): string {
    const json = JSON.stringify(event);
    const size = Buffer.byteLength(json);
    if (size > this.#maxEventBytes) {
      throw new PayloadTooLargeError(
        `event ${event.eventId} (${event.type}) of stream '${event.streamId}'`,
        size,
        this.#maxEventBytes,
      );
    }
    return json;
  }
}

function decode(json: string): RecordedEvent {
  return JSON.parse(json) as RecordedEvent;
}
