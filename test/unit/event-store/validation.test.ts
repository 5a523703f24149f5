import { describe, expect, it } from 'vitest';
import { LimitExceededError, ValidationError } from '../../../shared/errors';
import {
  expectedVersionHolds,
  MAX_EVENTS_PER_APPEND,
  resolveReadOptions,
  validateAppend,
  validateStreamId,
} from '../../../shared/event-store';
import type { ExpectedVersion, NewEvent } from '../../../shared/event-store/types';
import { newEvent, newEvents } from '../../helpers/new-events';

/** The error a synchronous call throws, or undefined. */
function thrown(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('Function: validateStreamId', () => {
  it.each(['order-1', 'a', 'x'.repeat(512), 'é'.repeat(256), 'inventory#SKU-1/α'])(
    'accepts %s',
    (streamId) => {
      expect(() => validateStreamId(streamId)).not.toThrow();
    },
  );

  it.each([
    ['empty', '', 'non-empty'],
    ['over 512 bytes', 'x'.repeat(513), 'at most 512 bytes, got 513'],
    ['over 512 bytes in UTF-8', 'é'.repeat(257), 'got 514'],
    ['with a control character', 'order\u0000-1', 'control characters'],
    ["starting with '$'", '$tip', "must not start with '$'"],
  ])('throws ValidationError naming the field and value when %s', (_l, streamId, message) => {
    const error = thrown(() => validateStreamId(streamId));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'streamId', message: expect.stringContaining(message) },
    ]);
    expect((error as Error).message).toContain(JSON.stringify(streamId).slice(0, 20));
  });
});

describe('Function: validateAppend', () => {
  it(`accepts 1 to ${MAX_EVENTS_PER_APPEND} valid events`, () => {
    expect(() => validateAppend('s', newEvents(1), 'any')).not.toThrow();
    expect(() => validateAppend('s', newEvents(MAX_EVENTS_PER_APPEND), 0)).not.toThrow();
  });

  it('throws ValidationError saying an append needs an event for none', () => {
    const error = thrown(() => validateAppend('s', [], 'any'));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/events: must hold at least one event/);
  });

  it(`throws LimitExceededError with count and limit above ${MAX_EVENTS_PER_APPEND} events`, () => {
    const error = thrown(() =>
      validateAppend('order-1', newEvents(MAX_EVENTS_PER_APPEND + 1), 'any'),
    );

    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({ count: 101, limit: 100 });
    expect((error as Error).message).toBe(
      "events in one append to 'order-1': 101 is over the limit of 100",
    );
  });

  it('lists every bad field of every event, each with its value', () => {
    // Prepare
    const repeated = newEvent();
    const events: NewEvent[] = [
      newEvent({ eventId: 'abc' }),
      repeated,
      { ...repeated, schemaVersion: 0, type: '' },
      newEvent({ metadata: { occurredAt: '2026-13-45', correlationId: '', causationId: 'c' } }),
    ];

    // Act
    const error = thrown(() => validateAppend('s', events, 'any'));

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues.map((i) => i.path)).toEqual([
      'events.0.eventId',
      'events.2.eventId',
      'events.2.type',
      'events.2.schemaVersion',
      'events.3.metadata.occurredAt',
      'events.3.metadata.correlationId',
    ]);
    expect(issues[0]?.message).toContain('"abc"');
    expect(issues[1]?.message).toContain(repeated.eventId);
    expect(issues[3]?.message).toContain('got 0');
    expect(issues[4]?.message).toContain('"2026-13-45"');
  });

  it('treats event ids that differ only in case as the same id', () => {
    const event = newEvent();

    const error = thrown(() =>
      validateAppend('s', [event, { ...event, eventId: event.eventId.toUpperCase() }], 'any'),
    );

    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['events.1.eventId']);
  });

  it.each<[ExpectedVersion]>([[-1], [1.5], [Number.NaN], ['latest' as ExpectedVersion]])(
    'throws ValidationError naming expectedVersion and the value for %s',
    (expected) => {
      const error = thrown(() => validateAppend('s', newEvents(1), expected));

      expect((error as ValidationError).issues).toEqual([
        {
          path: 'expectedVersion',
          message: expect.stringContaining(`got ${JSON.stringify(expected)}`),
        },
      ]);
    },
  );

  it('throws ValidationError for an empty snapshot key', () => {
    const error = thrown(() =>
      validateAppend('s', newEvents(1), 'any', { key: '', state: { n: 1 } }),
    );

    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['snapshot.key']);
  });
});

describe('Function: resolveReadOptions', () => {
  it('applies the defaults: forward, from the start, 100 per page', () => {
    expect(resolveReadOptions('s')).toEqual({
      direction: 'forward',
      fromVersion: undefined,
      maxCount: 100,
    });
  });

  it('lists every bad option at once', () => {
    const error = thrown(() => resolveReadOptions('s', { fromVersion: -2, maxCount: 5000 }));

    expect((error as ValidationError).issues.map((i) => i.path)).toEqual([
      'fromVersion',
      'maxCount',
    ]);
    expect((error as Error).message).toMatch(/got -2.*got 5000/);
  });
});

describe('Function: expectedVersionHolds', () => {
  it.each<[ExpectedVersion, number, boolean]>([
    ['any', 0, true],
    ['any', 7, true],
    ['no_stream', 0, true],
    ['no_stream', 1, false],
    [0, 0, true],
    [0, 1, false],
    ['stream_exists', 0, false],
    ['stream_exists', 1, true],
    [3, 3, true],
    [3, 2, false],
    [3, 4, false],
  ])('expected %s at actual %i → %s', (expected, actual, holds) => {
    expect(expectedVersionHolds(expected, actual)).toBe(holds);
  });
});
