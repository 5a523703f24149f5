import { describe, expect, it } from 'vitest';
import {
  IdempotencyConflictError,
  idempotencyWindow,
  priorAppendResult,
} from '../../../shared/event-store';
import type { ExpectedVersion, NewEvent, RecordedEvent } from '../../../shared/event-store/types';
import { newEvents } from '../../helpers/new-events';

function stored(events: readonly NewEvent[], firstVersion: number): RecordedEvent[] {
  return events.map((e, i) => ({ ...e, streamId: 's', version: firstVersion + i }));
}

describe('Function: idempotencyWindow', () => {
  it.each<[string, ExpectedVersion, number, number, { from: number; to: number } | undefined]>([
    ['any on an empty stream', 'any', 0, 3, undefined],
    ['any: the newest events', 'any', 10, 3, { from: 8, to: 10 }],
    ['any on a stream shorter than the append', 'any', 2, 3, { from: 1, to: 2 }],
    ['stream_exists: the newest events', 'stream_exists', 5, 2, { from: 4, to: 5 }],
    ['no_stream on a longer stream: from version 1', 'no_stream', 10, 3, { from: 1, to: 3 }],
    ['a passed exact version: right after it', 4, 10, 3, { from: 5, to: 7 }],
    ['a passed exact version near the end: clipped', 8, 9, 3, { from: 9, to: 9 }],
    ['the current version: nowhere (a new append)', 10, 10, 3, undefined],
    ['a version not reached: nowhere (a conflict)', 12, 10, 3, undefined],
  ])('%s', (_l, expected, current, count, window) => {
    expect(idempotencyWindow(expected, current, count)).toEqual(window);
  });
});

describe('Function: priorAppendResult', () => {
  it('answers a no-op at the version of the last event when the window holds the append in order', () => {
    const events = newEvents(3);

    expect(priorAppendResult('s', events, stored(events, 5))).toEqual({
      nextExpectedVersion: 7,
      written: false,
    });
  });

  it('answers undefined when the window holds none of the ids', () => {
    expect(priorAppendResult('s', newEvents(2), stored(newEvents(2), 1))).toBeUndefined();
  });

  it.each([
    ['some ids', (e: NewEvent[], other: NewEvent[]) => [e[0], other[0]]],
    ['all ids but in another order', (e: NewEvent[]) => [e[1], e[0]]],
    ['all ids, the window holding fewer events', (e: NewEvent[]) => [e[0]]],
  ])('throws IdempotencyConflictError listing the stored ids for %s', (_l, pick) => {
    // Prepare
    const events = newEvents(2);
    const window = stored(pick(events, newEvents(1)) as NewEvent[], 1);

    // Act
    let error: unknown;
    try {
      priorAppendResult('order-1', events, window);
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(IdempotencyConflictError);
    const present = events.filter((e) => window.some((w) => w.eventId === e.eventId));
    expect(error).toMatchObject({
      streamId: 'order-1',
      existingEventIds: present.map((e) => e.eventId),
    });
  });
});
