import { expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors';
import type { EventStore, ReadOptions } from '../../../shared/event-store/types';
import { newEvent, newEvents, uniqueStreamId } from '../new-events';
import { rejection } from './read-all';
import type { BehaviourContext } from './types';

/** Reads forward and backward, page sizes, cursors, unknown streams and lastVersion. */
export function readBehaviour({ makeStore }: BehaviourContext): void {
  it('returns events exactly as appended, with stream id and version', async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    const event = newEvent({ data: { sku: 'ÅÄÖ-1 ✓', quantity: 3 } });
    await store.append(streamId, [event], { expectedVersion: 'any' });

    // Act
    const page = await store.read(streamId);

    // Assess
    expect(page.events).toEqual([{ ...event, streamId, version: 1 }]);
    expect(page.nextVersion).toBeUndefined();
  });

  it.each<[string, number, number[][]]>([
    ['a short last page', 7, [[1, 2, 3], [4, 5, 6], [7]]],
    [
      'a full last page',
      6,
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ],
  ])('pages forward with a page size that caps each page (%s)', async (_l, length, expected) => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, newEvents(length), { expectedVersion: 'any' });

    // Act
    const pages = await follow(store, streamId, { maxCount: 3 });

    // Assess
    expect(pages).toEqual(expected);
  });

  it.each<[string, number, number[][]]>([
    ['a short last page', 5, [[5, 4], [3, 2], [1]]],
    [
      'a full last page',
      4,
      [
        [4, 3],
        [2, 1],
      ],
    ],
  ])('pages backward from the last version (%s)', async (_l, length, expected) => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, newEvents(length), { expectedVersion: 'any' });

    // Act
    const pages = await follow(store, streamId, { direction: 'backward', maxCount: 2 });

    // Assess
    expect(pages).toEqual(expected);
  });

  it('caps a read without a page size at 100 events and points at the next one', async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, newEvents(100), { expectedVersion: 'no_stream' });
    await store.append(streamId, newEvents(20), { expectedVersion: 100 });

    // Act
    const page = await store.read(streamId);

    // Assess
    expect(page.events.map((e) => e.version)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(page.nextVersion).toBe(101);
  });

  it.each<[string, ReadOptions, number[], number | undefined]>([
    ['forward from a version in the middle', { fromVersion: 4 }, [4, 5], undefined],
    ['forward from version 0 as from 1', { fromVersion: 0, maxCount: 2 }, [1, 2], 3],
    [
      'backward from a version in the middle',
      { direction: 'backward', fromVersion: 3 },
      [3, 2, 1],
      undefined,
    ],
    [
      'backward from the middle in pages',
      { direction: 'backward', fromVersion: 4, maxCount: 2 },
      [4, 3],
      2,
    ],
    [
      'backward from beyond the end as from the last',
      { direction: 'backward', fromVersion: 9 },
      [5, 4, 3, 2, 1],
      undefined,
    ],
    ['forward from beyond the end as nothing', { fromVersion: 6 }, [], undefined],
    [
      'backward from version 0 as nothing',
      { direction: 'backward', fromVersion: 0 },
      [],
      undefined,
    ],
  ])('reads %s', async (_l, options, versions, nextVersion) => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, newEvents(5), { expectedVersion: 'any' });

    // Act
    const page = await store.read(streamId, options);

    // Assess
    expect(page.events.map((e) => e.version)).toEqual(versions);
    expect(page.nextVersion).toBe(nextVersion);
  });

  it('reads an unknown stream as empty, in both directions, at version 0', async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();

    // Act
    const forward = await store.read(streamId);
    const backward = await store.read(streamId, { direction: 'backward' });
    const last = await store.lastVersion(streamId);

    // Assess
    expect(forward).toEqual({ events: [], nextVersion: undefined });
    expect(backward).toEqual({ events: [], nextVersion: undefined });
    expect(last).toBe(0);
  });

  it('accepts a page size of 1000', async () => {
    const store = await makeStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, newEvents(3), { expectedVersion: 'any' });

    const page = await store.read(streamId, { maxCount: 1000 });

    expect(page.events).toHaveLength(3);
  });

  it.each<[string, ReadOptions, string]>([
    ['a page size of 0', { maxCount: 0 }, 'maxCount'],
    ['a page size of 1001', { maxCount: 1001 }, 'maxCount'],
    ['a fractional page size', { maxCount: 2.5 }, 'maxCount'],
    ['a negative fromVersion', { fromVersion: -1 }, 'fromVersion'],
    ['a fractional fromVersion', { fromVersion: 1.5 }, 'fromVersion'],
    ['an unknown direction', { direction: 'sideways' as 'forward' }, 'direction'],
  ])('throws ValidationError naming the field for %s', async (_l, options, path) => {
    // Prepare
    const store = await makeStore();

    // Act
    const error = await rejection(store.read(uniqueStreamId(), options));

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual([path]);
  });
}

/** Versions of every page, following `nextVersion` from the first read. */
async function follow(
  store: EventStore,
  streamId: string,
  options: ReadOptions,
): Promise<number[][]> {
  const pages: number[][] = [];
  let from = options.fromVersion;
  for (;;) {
    const page = await store.read(streamId, { ...options, fromVersion: from });
    pages.push(page.events.map((e) => e.version));
    if (page.nextVersion === undefined) return pages;
    from = page.nextVersion;
  }
}
