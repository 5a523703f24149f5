/**
 * The event-store port. Every implementation (in-memory, DynamoDB) is held to
 * the same behaviour suite (`test/helpers/event-store-behaviour.ts`).
 *
 * Versions start at 1; a stream that does not exist has version 0.
 */

/**
 * What the caller expects the stream's version to be before the append.
 * - `any`: no check (versions stay contiguous all the same);
 * - `no_stream`: the stream must not exist (same as `0`);
 * - `stream_exists`: the stream must have at least one event;
 * - a number: the stream's last version must be exactly this.
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

/** Metadata the producer sets on an event (the rest is assigned by the store). */
export interface NewEventMetadata {
  readonly occurredAt: string;
  readonly correlationId: string;
  readonly causationId: string;
}

/** An event to append. */
export interface NewEvent {
  /** UUID set once by the producer; re-appending the same id is a no-op. */
  readonly eventId: string;
  /** Event name (`detail-type`), e.g. `OrderPlaced`. */
  readonly type: string;
  /** Version of the `data` schema. */
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: NewEventMetadata;
}

/** An event as stored: a new event plus its stream and position. */
export interface RecordedEvent extends NewEvent {
  readonly streamId: string;
  /** Position in the stream, from 1, contiguous. */
  readonly version: number;
}

/** A state snapshot written atomically with the events that produced it. */
export interface SnapshotToWrite {
  /**
   * Identifies the fold (evolve function) that produced `state`, e.g.
   * `order@3`. A snapshot is only read back under the same key, so a changed
   * fold never reads a stale snapshot.
   */
  readonly key: string;
  /** The state after the appended events. Must be JSON-serialisable. */
  readonly state: unknown;
}

/** A stored snapshot. */
export interface Snapshot {
  readonly streamId: string;
  readonly key: string;
  /** The stream version the state includes. */
  readonly version: number;
  readonly state: unknown;
  /**
   * The stream's last version when the snapshot was read, when the store
   * knows it. Equal to `version` means no event follows the snapshot, so a
   * loader need not read the stream at all.
   */
  readonly streamVersion?: number;
}

export interface AppendOptions {
  readonly expectedVersion: ExpectedVersion;
  /** Snapshot of the state after these events, written in the same atomic write. */
  readonly snapshot?: SnapshotToWrite;
}

export interface AppendResult {
  /** The stream's version after the append (the version of its last event). */
  readonly nextExpectedVersion: number;
  /**
   * False when every event id was already in the stream, so nothing was
   * written (an idempotent re-append).
   */
  readonly written: boolean;
}

export interface ReadOptions {
  /** @default 'forward' */
  readonly direction?: 'forward' | 'backward';
  /**
   * First version to read (inclusive).
   * @default 1 forward, the last version backward
   */
  readonly fromVersion?: number;
  /**
   * Page size: at most this many events come back.
   * @default 100
   */
  readonly maxCount?: number;
}

export interface ReadPage {
  readonly events: readonly RecordedEvent[];
  /** Where the next page starts, or undefined when this page reached the end. */
  readonly nextVersion: number | undefined;
}

/** The port every event store implements. */
export interface EventStore {
  /**
   * Appends events atomically (all or none) at the next contiguous versions.
   *
   * Idempotency: an append whose event ids are already stored, in the same
   * order, where a retry of it finds them is a no-op answering
   * `{ written: false, nextExpectedVersion: <version of its last event> }`,
   * whatever the expected version says now. Where a retry finds them: right
   * after an exact expected version (`no_stream` = 0) that the stream has
   * since passed; among the stream's newest events for `any` and
   * `stream_exists`. Ids further back are not searched (as in EventStoreDB),
   * so an append that expects the current version is always new. See
   * `idempotencyWindow` in `idempotency.ts`.
   *
   * @throws ValidationError for a bad stream id, event, expected version or snapshot key
   *   (`validateAppend`), before anything is written.
   * @throws VersionConflictError when `expectedVersion` does not hold.
   * @throws IdempotencyConflictError when some, not all, of the ids are where a retry would
   *   find them (or all are, in another order); nothing is written.
   * @throws LimitExceededError above 100 events in one append.
   * @throws PayloadTooLargeError when an event or the append is over the backend's limits.
   */
  append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult>;

  /** Reads one page of a stream, strongly consistent. An unknown stream reads as empty. */
  read(streamId: string, options?: ReadOptions): Promise<ReadPage>;

  /** The stream's last version, 0 when it does not exist. */
  lastVersion(streamId: string): Promise<number>;

  /**
   * The latest snapshot of the stream written under `key`. A store may answer
   * undefined when later appends wrote no snapshot (a loader then reads the
   * whole stream, which is slower but as correct).
   */
  readSnapshot(streamId: string, key: string): Promise<Snapshot | undefined>;
}

/** Most events one append may carry (DynamoDB's `TransactWriteItems` limit). */
export const MAX_EVENTS_PER_APPEND = 100;
