import { expect, it } from 'vitest';
import { LimitExceededError, ValidationError, VersionConflictError } from '../../../shared/errors';
import type { EventStore, ExpectedVersion, NewEvent } from '../../../shared/event-store/types';
import { newEvent, newEvents, uniqueStreamId } from '../new-events';
import { readAll, rejection } from './read-all';
import type { BehaviourContext } from './types';

type AppendArgs = Parameters<EventStore['append']>;

/** Expected versions, contiguous versions, atomicity, the append limit and validation. */
export function appendBehaviour({ makeStore, maxEventsPerAppend: max }: BehaviourContext): void {
  it('writes contiguous versions from 1, and the next append continues after them', async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();

    // Act
    const first = await store.append(streamId, newEvents(3), { expectedVersion: 'no_stream' });
    const second = await store.append(streamId, newEvents(2), { expectedVersion: 3 });

    // Assess
    expect(first).toEqual({ nextExpectedVersion: 3, written: true });
    expect(second).toEqual({ nextExpectedVersion: 5, written: true });
    expect((await readAll(store, streamId)).map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
    expect(await store.lastVersion(streamId)).toBe(5);
  });

  it.each<[string, ExpectedVersion, number]>([
    ['no_stream on a new stream', 'no_stream', 0],
    ['0 on a new stream', 0, 0],
    ['stream_exists on an existing stream', 'stream_exists', 2],
    ['the exact version', 2, 2],
    ['any on a new stream', 'any', 0],
    ['any on an existing stream', 'any', 2],
  ])('accepts %s', async (_label, expectedVersion, existing) => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    if (existing > 0) await store.append(streamId, newEvents(existing), { expectedVersion: 'any' });

    // Act
    const result = await store.append(streamId, newEvents(2), { expectedVersion });

    // Assess
    expect(result).toEqual({ nextExpectedVersion: existing + 2, written: true });
    expect((await readAll(store, streamId)).map((e) => e.version)).toEqual(
      Array.from({ length: existing + 2 }, (_, i) => i + 1),
    );
  });

  it.each<[string, ExpectedVersion, number]>([
    ['no_stream on an existing stream', 'no_stream', 2],
    ['0 on an existing stream', 0, 2],
    ['stream_exists on a new stream', 'stream_exists', 0],
    ['a lower exact version', 1, 2],
    ['a higher exact version', 3, 2],
    ['an exact version on a new stream', 1, 0],
  ])('throws VersionConflictError for %s, writing nothing', async (_label, expected, existing) => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    if (existing > 0) await store.append(streamId, newEvents(existing), { expectedVersion: 'any' });

    // Act
    const error = await rejection(
      store.append(streamId, newEvents(2), { expectedVersion: expected }),
    );

    // Assess
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(error).toMatchObject({ streamId, expected, actual: existing });
    expect(await store.lastVersion(streamId)).toBe(existing);
  });

  it('is atomic: an append with one invalid event among valid ones writes none of them', async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    const before = newEvents(2);
    await store.append(streamId, before, { expectedVersion: 'no_stream' });
    const events = [newEvent(), newEvent({ eventId: 'not-a-uuid' }), newEvent()];

    // Act
    const error = await rejection(store.append(streamId, events, { expectedVersion: 2 }));

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['events.1.eventId']);
    expect((await readAll(store, streamId)).map((e) => e.eventId)).toEqual(
      before.map((e) => e.eventId),
    );
  });

  it(`accepts ${max} events in one append`, async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();

    // Act
    const result = await store.append(streamId, newEvents(max), { expectedVersion: 'no_stream' });

    // Assess
    expect(result).toEqual({ nextExpectedVersion: max, written: true });
    expect((await readAll(store, streamId)).map((e) => e.version)).toEqual(
      Array.from({ length: max }, (_, i) => i + 1),
    );
  });

  it(`throws LimitExceededError for ${max + 1} events, writing nothing`, async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();

    // Act
    const error = await rejection(
      store.append(streamId, newEvents(max + 1), { expectedVersion: 'any' }),
    );

    // Assess
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({ count: max + 1, limit: max });
    expect((error as Error).message).toContain(String(max + 1));
    expect((error as Error).message).toContain(String(max));
    expect(await store.lastVersion(streamId)).toBe(0);
  });

  it.each<[string, string, (streamId: string) => AppendArgs]>([
    ['no events', 'events', (s) => [s, [], { expectedVersion: 'any' }]],
    ['an empty stream id', 'streamId', () => ['', [newEvent()], { expectedVersion: 'any' }]],
    ["a stream id starting with '$'", 'streamId', (s) => [`$${s}`, [newEvent()], any()]],
    ['a stream id with a control character', 'streamId', (s) => [`${s}\n`, [newEvent()], any()]],
    ['a stream id over 512 bytes', 'streamId', () => ['é'.repeat(257), [newEvent()], any()]],
    ['a negative expected version', 'expectedVersion', (s) => [s, [newEvent()], exp(-1)]],
    ['a fractional expected version', 'expectedVersion', (s) => [s, [newEvent()], exp(1.5)]],
    [
      'an unknown expected version keyword',
      'expectedVersion',
      (s) => [s, [newEvent()], exp('exists' as ExpectedVersion)],
    ],
    [
      'an event id that is not a UUID',
      'events.0.eventId',
      (s) => [s, [ev({ eventId: 'x' })], any()],
    ],
    ['a repeated event id', 'events.2.eventId', (s) => [s, twice(newEvent()), any()]],
    ['an empty event type', 'events.0.type', (s) => [s, [ev({ type: '' })], any()]],
    [
      'a schema version of 0',
      'events.0.schemaVersion',
      (s) => [s, [ev({ schemaVersion: 0 })], any()],
    ],
    ['missing data', 'events.0.data', (s) => [s, [ev({ data: undefined })], any()]],
    [
      'an occurredAt that is not ISO 8601',
      'events.0.metadata.occurredAt',
      (s) => [s, [ev({ metadata: { ...newEvent().metadata, occurredAt: 'yesterday' } })], any()],
    ],
    [
      'an empty correlation id',
      'events.0.metadata.correlationId',
      (s) => [s, [ev({ metadata: { ...newEvent().metadata, correlationId: '' } })], any()],
    ],
  ])('throws ValidationError naming the field for %s, writing nothing', async (_l, path, args) => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();

    // Act
    const error = await rejection(store.append(...args(streamId)));

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toContain(path);
    expect(await store.lastVersion(streamId)).toBe(0);
  });

  it('keeps what it stored safe from changes the caller makes afterwards', async () => {
    // Prepare
    const store = await makeStore();
    const streamId = uniqueStreamId();
    const event = newEvent({ data: { sku: 'SKU-1', quantity: 1 } });
    await store.append(streamId, [event], { expectedVersion: 'any' });

    // Act
    (event.data as { quantity: number }).quantity = 99;
    const firstRead = await store.read(streamId);
    (firstRead.events[0]?.data as { quantity: number }).quantity = 77;

    // Assess
    expect((await store.read(streamId)).events[0]?.data).toEqual({ sku: 'SKU-1', quantity: 1 });
  });
}

const any = (): AppendArgs[2] => ({ expectedVersion: 'any' });
const exp = (expectedVersion: ExpectedVersion): AppendArgs[2] => ({ expectedVersion });
const ev = (overrides: Partial<NewEvent>): NewEvent => newEvent(overrides);
const twice = (event: NewEvent): NewEvent[] => [newEvent(), event, event];
