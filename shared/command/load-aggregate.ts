import type { Decider } from '../domain/decider';
import type { EventStore, RecordedEvent } from '../event-store/types';
import type { DomainEvent } from '../events/catalog';
import { isEventType } from '../events/catalog';
import { upcastEventData } from '../events/upcasters';
import { UnreadableEventError } from './errors';

/** An aggregate's state and the stream version it includes. */
export interface LoadedAggregate<S> {
  readonly state: S;
  /** 0 when the stream does not exist. */
  readonly version: number;
}

/** Page size used to read the events after the snapshot. */
const LOAD_PAGE_SIZE = 1000;

/**
 * Loads an aggregate: the latest snapshot written under the decider's
 * `snapshotKey` (if any), then every event after it, upcast to the current
 * schema version and folded with `evolve`.
 */
export async function loadAggregate<C, E extends DomainEvent, S>(
  store: EventStore,
  decider: Decider<C, E, S>,
  streamId: string,
): Promise<LoadedAggregate<S>> {
  const snapshot = await store.readSnapshot(streamId, decider.snapshotKey);
  let state = snapshot ? (snapshot.state as S) : decider.initialState();
  let version = snapshot?.version ?? 0;
  // Nothing after the snapshot: no need to read the stream.
  let from: number | undefined =
    snapshot && snapshot.streamVersion === snapshot.version ? undefined : version + 1;
  while (from !== undefined) {
    const page = await store.read(streamId, { fromVersion: from, maxCount: LOAD_PAGE_SIZE });
    for (const event of page.events) {
      state = decider.evolve(state, toDomainEvent<E>(event));
      version = event.version;
    }
    from = page.nextVersion;
  }
  return { state, version };
}

/**
 * A stored event as the decider sees it: its type and data at the current schema version.
 * @throws UnreadableEventError for a type the catalog does not know or data that cannot be upcast.
 */
export function toDomainEvent<E extends DomainEvent>(event: RecordedEvent): E {
  const { streamId, version, type } = event;
  if (!isEventType(type)) {
    throw new UnreadableEventError(streamId, version, type, 'unknown event type');
  }
  try {
    return { type, data: upcastEventData(type, event.schemaVersion, event.data) } as E;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UnreadableEventError(streamId, version, type, reason, { cause: error });
  }
}
