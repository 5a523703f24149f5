import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { VersionConflictError } from '../../errors';
import type { RetryDefaults } from '../../runtime/retry';
import { backoff } from '../../runtime/retry';
import { priorAppendResult } from '../idempotency';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadOptions,
  ReadPage,
  RecordedEvent,
  Snapshot,
  SnapshotToWrite,
} from '../types';
import { resolveReadOptions, validateAppend, validateStreamId } from '../validation';
import { appendItems } from './append-items';
import type { ConsumedCapacityListener, Item } from './EventTable';
import { EventTable } from './EventTable';
import { itemSnapshot, itemToRecordedEvent } from './item-codec';
import { KnownVersions } from './KnownVersions';

/** How many times an append tries again after losing a race it can absorb. */
const MAX_INTERNAL_RETRIES = 50;
/**
 * Back-off between internal retries (another writer took the version first):
 * full jitter from a 5 ms ceiling doubling up to 250 ms, so racing writers
 * spread apart instead of colliding again.
 */
const INTERNAL_RETRY: RetryDefaults = {
  maxAttempts: MAX_INTERNAL_RETRIES + 1,
  baseDelayMs: 5,
  maxDelayMs: 250,
};
/** How far back `readSnapshot` looks when the newest item holds no snapshot under the key. */
export const SNAPSHOT_LOOKBACK = 20;
const LAST = Number.MAX_SAFE_INTEGER;
const RETRY = Symbol('retry');

export interface DynamoDbEventStoreProps {
  readonly client: DynamoDBClient;
  /** The event table, created as `eventTableDefinition` describes. */
  readonly tableName: string;
  /**
   * Receives the consumed capacity of every call (`ReturnConsumedCapacity:
   * TOTAL`), named by what it served: `Query`, `LastVersion`, `ReadSnapshot`,
   * `ReadSnapshotLookback`, `AppendCheck`, `AppendReadNewest`,
   * `AppendConflictRead`, `PutItem`, `TransactWriteItems`.
   * @default - capacity is not reported
   */
  readonly onConsumedCapacity?: ConsumedCapacityListener;
  /**
   * How many streams' known versions to remember (see "Appends" below);
   * 0 turns the memory off.
   * @default 10_000
   */
  readonly knownStreams?: number;
}

/**
 * The event-store port on one DynamoDB table, designed for the fewest request
 * units per command (load, decide, append) however long the stream.
 *
 * Layout (`item-codec.ts`): one item per event at `(streamId, version)`,
 * versions from 1; the last event of each append also carries the snapshot of
 * the aggregate after it (`snapshotKey`, `snapshot`). There is no tip item:
 * the newest event is the tip. The table is append-only — nothing updates or
 * deletes an item.
 *
 * Appends, always all-or-nothing (one `PutItem` for one event, one
 * `TransactWriteItems` of ≤100 puts for several), each put conditioned on its
 * version being free (`attribute_not_exists`), so two writers can never
 * both take a version:
 * - exact expected version `e` (`no_stream` = 0): item `e` must exist (a
 *   consistent `GetItem`, skipped when this process already saw version ≥ `e`
 *   — true for good on an append-only table, and always the case after a
 *   load), then `e + 1 … e + k` are put. If `e` exists, `e + 1` can never
 *   leave a gap. A refused put means another writer got there: the items it
 *   found (`ALL_OLD`) — or a read of `e + 1 … e + k` — tell a retried append
 *   (→ `{ written: false }`), a partial one (→ `IdempotencyConflictError`)
 *   and a conflict (→ `VersionConflictError` with the actual version) apart;
 * - `any` / `stream_exists`: the newest `k` events are read (one query), the
 *   append is a no-op if they are its own events, else it is put after them;
 *   on a lost race it starts again (up to 50 times, then a
 *   `VersionConflictError`), so versions stay contiguous whatever the
 *   concurrency.
 *
 * Trade-offs against a tip item with per-event-id guard items: a command
 * costs one 1 KB write instead of a transaction of three (tip, event, guard:
 * 6 write units), and 100 events fit one transaction. Idempotency follows
 * EventStoreDB (`idempotency.ts`): ids are looked for where a retry finds
 * them, not in the whole stream. A snapshot is only on the newest item when
 * the last append wrote one; otherwise `readSnapshot` looks back up to
 * `SNAPSHOT_LOOKBACK` events for it, and beyond that answers undefined (the
 * loader folds the whole stream).
 *
 * Reads are strongly consistent queries that follow `LastEvaluatedKey`, with
 * `Limit` set to what is still wanted so a page never reads (or bills) more
 * than one event beyond its size. Size limits (400 KB per item, 4 MB and 100
 * actions per transaction) are checked with DynamoDB's size rules before any
 * call. SDK failures other than lost races become `EventTableError`.
 */
export class DynamoDbEventStore implements EventStore {
  readonly #table: EventTable;
  readonly #known: KnownVersions;

  constructor(props: DynamoDbEventStoreProps) {
    this.#table = new EventTable(props.client, props.tableName, props.onConsumedCapacity);
    this.#known = new KnownVersions(props.knownStreams ?? 10_000);
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const { expectedVersion: expected, snapshot } = options;
    validateAppend(streamId, events, expected, snapshot);
    const exact =
      typeof expected === 'number' ? expected : expected === 'no_stream' ? 0 : undefined;
    // Refuse what is too large before any call (at the exact base, or the smallest one).
    const items = appendItems(streamId, events, exact ?? 0, snapshot);
    for (let attempt = 0; ; attempt++) {
      const outcome =
        exact === undefined
          ? await this.#appendAfterNewest(streamId, events, expected, snapshot)
          : await this.#appendAt(streamId, events, expected, exact, items);
      if (outcome !== RETRY) return outcome;
      if (attempt >= MAX_INTERNAL_RETRIES) {
        throw new VersionConflictError(streamId, expected, await this.lastVersion(streamId));
      }
      await backoff(attempt + 1, undefined, INTERNAL_RETRY);
    }
  }

  async read(streamId: string, options?: ReadOptions): Promise<ReadPage> {
    const { direction, fromVersion, maxCount } = resolveReadOptions(streamId, options);
    const forward = direction === 'forward';
    const from = forward ? Math.max(1, fromVersion ?? 1) : (fromVersion ?? LAST);
    if (!forward && from < 1) return { events: [], nextVersion: undefined };
    // One more than the page size tells whether another page follows.
    const events = (
      await this.#query(streamId, {
        lo: forward ? from : 1,
        hi: forward ? LAST : from,
        forward,
        limit: maxCount + 1,
        operation: 'Query',
      })
    ).map(decode);
    return { events: events.slice(0, maxCount), nextVersion: events[maxCount]?.version };
  }

  async lastVersion(streamId: string): Promise<number> {
    validateStreamId(streamId);
    const [newest] = await this.#newestItems(streamId, 1, 'LastVersion');
    return newest ? versionOf(newest) : 0;
  }

  async readSnapshot(streamId: string, key: string): Promise<Snapshot | undefined> {
    validateStreamId(streamId);
    const [newest] = await this.#newestItems(streamId, 1, 'ReadSnapshot');
    if (!newest) return undefined;
    const streamVersion = versionOf(newest);
    let holder: Item | undefined = newest;
    if (itemSnapshot(newest)?.key !== key && streamVersion > 1) {
      // Appends without a snapshot since the last one: look a few events back.
      const earlier = await this.#query(streamId, {
        lo: 1,
        hi: streamVersion - 1,
        forward: false,
        limit: SNAPSHOT_LOOKBACK,
        operation: 'ReadSnapshotLookback',
      });
      holder = earlier.find((item) => itemSnapshot(item)?.key === key);
    }
    const snapshot = holder ? itemSnapshot(holder) : undefined;
    if (!holder || snapshot?.key !== key) return undefined;
    return {
      streamId,
      key,
      version: versionOf(holder),
      state: JSON.parse(snapshot.state) as unknown,
      streamVersion,
    };
  }

  /** An append at exact version `e`, with its items already built. */
  async #appendAt(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
    e: number,
    items: readonly Item[],
  ): Promise<AppendResult | typeof RETRY> {
    if (e > 0 && !this.#known.has(streamId, e)) {
      if (!(await this.#table.exists(streamId, e, 'AppendCheck'))) {
        throw new VersionConflictError(streamId, expected, await this.lastVersion(streamId));
      }
      this.#known.saw(streamId, e);
    }
    const race = await this.#table.putNew(streamId, items);
    if (!race) {
      this.#known.saw(streamId, e + events.length);
      return { nextExpectedVersion: e + events.length, written: true };
    }
    // Where a retry of this append finds its events: e + 1 … e + k (as many as exist).
    const window =
      race.existing.length === events.length
        ? race.existing.map(decode).sort((a, b) => a.version - b.version)
        : (
            await this.#query(streamId, {
              lo: e + 1,
              hi: e + events.length,
              forward: true,
              limit: events.length,
              operation: 'AppendConflictRead',
            })
          ).map(decode);
    const retried = priorAppendResult(streamId, events, window);
    if (retried) return retried;
    const actual = await this.lastVersion(streamId);
    // Still at e: another transaction held an item, not a version conflict.
    if (actual !== e) throw new VersionConflictError(streamId, expected, actual);
    return RETRY;
  }

  /** An append with `any` or `stream_exists`: after the newest event, whichever it is. */
  async #appendAfterNewest(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
    snapshot: SnapshotToWrite | undefined,
  ): Promise<AppendResult | typeof RETRY> {
    const newest = (await this.#newestItems(streamId, events.length, 'AppendReadNewest')).map(
      decode,
    );
    // The shared rule reads the window oldest first.
    const retried = priorAppendResult(streamId, events, [...newest].reverse());
    if (retried) return retried;
    const last = newest[0]?.version ?? 0;
    if (expected === 'stream_exists' && last === 0) {
      throw new VersionConflictError(streamId, expected, 0);
    }
    const race = await this.#table.putNew(streamId, appendItems(streamId, events, last, snapshot));
    if (race) return RETRY;
    this.#known.saw(streamId, last + events.length);
    return { nextExpectedVersion: last + events.length, written: true };
  }

  /** The newest `count` items, newest first. */
  #newestItems(streamId: string, count: number, operation: string): Promise<Item[]> {
    return this.#query(streamId, { lo: 1, hi: LAST, forward: false, limit: count, operation });
  }

  async #query(streamId: string, q: Parameters<EventTable['query']>[1]): Promise<Item[]> {
    const items = await this.#table.query(streamId, q);
    for (const item of items) this.#known.saw(streamId, versionOf(item));
    return items;
  }
}

function versionOf(item: Item): number {
  return Number(item.version?.N);
}

function decode(item: Item): RecordedEvent {
  const event = itemToRecordedEvent(item);
  if (!event) {
    throw new Error(
      `item ${item.streamId?.S}@${item.version?.N} of the event table is not an event`,
    );
  }
  return event;
}
