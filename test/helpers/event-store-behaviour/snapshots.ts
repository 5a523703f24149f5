import { expect, it } from 'vitest';
import { VersionConflictError } from '../../../shared/errors';
import { newEvents, uniqueStreamId } from '../new-events';
import { rejection } from './read-all';
import type { BehaviourContext } from './types';

/**
 * Snapshots written with appends. The port lets a store forget a snapshot once
 * a later append writes none under that key (a loader then folds from the
 * start), but never lets it answer another key's state or a state that does
 * not match its version.
 */
export function snapshotBehaviour({ makeStore }: BehaviourContext): void {
  it('returns the snapshot written with the latest append, at that append’s version', async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, newEvents(2), {
      expectedVersion: 'no_stream',
      snapshot: { key: 'agg@1', state: { n: 2 } },
    });

    // Act
    await store.append(streamId, newEvents(1), {
      expectedVersion: 2,
      snapshot: { key: 'agg@1', state: { n: 3 } },
    });

    // Assess
    expect(await store.readSnapshot(streamId, 'agg@1')).toEqual({
      streamId,
      key: 'agg@1',
      version: 3,
      state: { n: 3 },
      streamVersion: 3,
    });
  });

  it('answers undefined for another key and for an unknown stream', async () => {
    const store = await makeStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, newEvents(1), {
      expectedVersion: 'no_stream',
      snapshot: { key: 'agg@1', state: { n: 1 } },
    });

    expect(await store.readSnapshot(streamId, 'agg@2')).toBeUndefined();
    expect(await store.readSnapshot(uniqueStreamId(), 'agg@1')).toBeUndefined();
  });

  it('keeps keys apart: a snapshot under one key never answers for another', async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, newEvents(2), {
      expectedVersion: 'no_stream',
      snapshot: { key: 'agg@1', state: { fold: 1 } },
    });

    // Act
    await store.append(streamId, newEvents(1), {
      expectedVersion: 2,
      snapshot: { key: 'agg@2', state: { fold: 2 } },
    });

    // Assess
    expect(await store.readSnapshot(streamId, 'agg@2')).toMatchObject({
      key: 'agg@2',
      version: 3,
      state: { fold: 2 },
    });
    const old = await store.readSnapshot(streamId, 'agg@1');
    if (old !== undefined) {
      expect(old).toMatchObject({ key: 'agg@1', version: 2, state: { fold: 1 } });
    }
  });

  it('never presents an older snapshot as the whole stream after appends without one', async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, newEvents(2), {
      expectedVersion: 'no_stream',
      snapshot: { key: 'agg@1', state: { n: 2 } },
    });

    // Act
    await store.append(streamId, newEvents(1), { expectedVersion: 2 });

    // Assess
    const snapshot = await store.readSnapshot(streamId, 'agg@1');
    if (snapshot !== undefined) {
      expect(snapshot).toMatchObject({ version: 2, state: { n: 2 } });
      // A loader that trusted it as complete would miss version 3.
      expect(snapshot.streamVersion === undefined || snapshot.streamVersion === 3).toBe(true);
    }
  });

  it('writes no snapshot when the append is refused, and keeps the one before', async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, newEvents(1), {
      expectedVersion: 'no_stream',
      snapshot: { key: 'agg@1', state: { n: 1 } },
    });

    // Act
    const error = await rejection(
      store.append(streamId, newEvents(1), {
        expectedVersion: 5,
        snapshot: { key: 'agg@1', state: { n: 99 } },
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(await store.readSnapshot(streamId, 'agg@1')).toMatchObject({
      version: 1,
      state: { n: 1 },
    });
  });

  it('keeps the stored state safe from changes the caller makes afterwards', async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    const state = { items: ['a'] };
    await store.append(streamId, newEvents(1), {
      expectedVersion: 'no_stream',
      snapshot: { key: 'agg@1', state },
    });

    // Act
    state.items.push('changed after append');
    const first = await store.readSnapshot(streamId, 'agg@1');
    expect(first).toBeDefined();
    (first?.state as { items: string[] } | undefined)?.items.push('changed after read');

    // Assess
    expect((await store.readSnapshot(streamId, 'agg@1'))?.state).toEqual({ items: ['a'] });
  });
}
