import { expect, it } from 'vitest';
import { VersionConflictError } from '../../../shared/errors';
import { IdempotencyConflictError } from '../../../shared/event-store/errors';
import type { ExpectedVersion, NewEvent } from '../../../shared/event-store/types';
import { newEvents, uniqueStreamId } from '../new-events';
import { readAll, rejection } from './read-all';
import type { BehaviourContext } from './types';

/**
 * Re-appending event ids: a retry is a no-op wherever a retry finds its
 * events (right after the expected version it named, or among the newest
 * events); a mix of old and new ids is refused.
 */
export function idempotencyBehaviour({ makeStore }: BehaviourContext): void {
  it.each<[string, ExpectedVersion]>([
    ['the same expected version (no_stream)', 'no_stream'],
    ['the same expected version (0)', 0],
    ['any', 'any'],
    ['stream_exists', 'stream_exists'],
  ])('treats re-appending the same events with %s as a no-op', async (_label, expectedVersion) => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    const events = newEvents(3);
    await store.append(streamId, events, { expectedVersion: 'no_stream' });

    // Act
    const again = await store.append(streamId, events, { expectedVersion });

    // Assess
    expect(again).toEqual({ nextExpectedVersion: 3, written: false });
    expect((await readAll(store, streamId)).map((e) => e.eventId)).toEqual(ids(events));
  });

  it('treats a retry at its original expected version as a no-op after later appends, answering the version of its last event', async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    const first = newEvents(2);
    const second = newEvents(3);
    const later = newEvents(1);
    await store.append(streamId, first, { expectedVersion: 'no_stream' });
    await store.append(streamId, second, { expectedVersion: 2 });
    await store.append(streamId, later, { expectedVersion: 5 });

    // Act
    const retried = await store.append(streamId, second, { expectedVersion: 2 });

    // Assess
    expect(retried).toEqual({ nextExpectedVersion: 5, written: false });
    expect((await readAll(store, streamId)).map((e) => e.eventId)).toEqual(
      ids([...first, ...second, ...later]),
    );
  });

  it('compares event ids without regard to case, as UUIDs', async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    const events = newEvents(2);
    await store.append(streamId, events, { expectedVersion: 'no_stream' });
    const upper = events.map((e) => ({ ...e, eventId: e.eventId.toUpperCase() }));

    // Act
    const again = await store.append(streamId, upper, { expectedVersion: 'no_stream' });

    // Assess
    expect(again).toEqual({ nextExpectedVersion: 2, written: false });
    expect(await store.lastVersion(streamId)).toBe(2);
  });

  it('leaves the snapshot alone on a no-op re-append', async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    const events = newEvents(2);
    await store.append(streamId, events, {
      expectedVersion: 'no_stream',
      snapshot: { key: 'agg@1', state: { n: 2 } },
    });

    // Act
    await store.append(streamId, events, {
      expectedVersion: 'no_stream',
      snapshot: { key: 'agg@1', state: { n: 99 } },
    });

    // Assess
    expect(await store.readSnapshot(streamId, 'agg@1')).toMatchObject({
      version: 2,
      state: { n: 2 },
    });
  });

  it('throws IdempotencyConflictError when an append with any mixes stored and new ids, writing nothing', async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    const [stored, fresh] = newEvents(2) as [NewEvent, NewEvent];
    await store.append(streamId, [stored], { expectedVersion: 'any' });

    // Act
    const error = await rejection(
      store.append(streamId, [stored, fresh], { expectedVersion: 'any' }),
    );

    // Assess
    expect(error).toBeInstanceOf(IdempotencyConflictError);
    expect(error).toMatchObject({ streamId, existingEventIds: [stored.eventId] });
    expect((error as Error).message).toContain(stored.eventId);
    expect(await store.lastVersion(streamId)).toBe(1);
  });

  it('throws IdempotencyConflictError when a stale exact append mixes stored and new ids, writing nothing', async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    const [a, b, c] = newEvents(3) as [NewEvent, NewEvent, NewEvent];
    await store.append(streamId, [a, b], { expectedVersion: 'no_stream' });

    // Act
    const error = await rejection(store.append(streamId, [a, c], { expectedVersion: 'no_stream' }));

    // Assess
    expect(error).toBeInstanceOf(IdempotencyConflictError);
    expect(error).toMatchObject({ streamId, existingEventIds: [a.eventId] });
    expect((await readAll(store, streamId)).map((e) => e.eventId)).toEqual(ids([a, b]));
  });

  it('throws VersionConflictError for a re-append expecting a version the stream has not reached', async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    const events = newEvents(2);
    await store.append(streamId, events, { expectedVersion: 'no_stream' });

    // Act
    const error = await rejection(store.append(streamId, events, { expectedVersion: 5 }));

    // Assess
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(error).toMatchObject({ streamId, expected: 5, actual: 2 });
    expect(await store.lastVersion(streamId)).toBe(2);
  });
}

const ids = (events: readonly NewEvent[]): string[] => events.map((e) => e.eventId);
