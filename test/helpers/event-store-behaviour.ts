import { describe, expect, it } from 'vitest';
import { handleCommand } from '../../shared/command';
import { LimitExceededError, ValidationError, VersionConflictError } from '../../shared/errors';
import { IdempotencyConflictError } from '../../shared/event-store/errors';
import type { EventStore, ExpectedVersion } from '../../shared/event-store/types';
import { counterDecider } from './counter-decider';
import { newEvent, newEvents, uniqueStreamId } from './new-events';

export interface EventStoreBehaviourOptions {
  /** Most events the implementation accepts in one append. @default 100 */
  readonly maxEventsPerAppend?: number;
  /** Timeout of the concurrency tests. @default 60_000 ms */
  readonly concurrencyTimeoutMs?: number;
}

/**
 * The behaviour every `EventStore` implementation must show, as vitest tests.
 * Uses only the port, a fresh stream per test, and no timing assumptions, so
 * the same suite runs on the in-memory store and on DynamoDB Local.
 */
export function eventStoreBehaviour(
  name: string,
  makeStore: () => EventStore | Promise<EventStore>,
  options: EventStoreBehaviourOptions = {},
): void {
  const maxEvents = options.maxEventsPerAppend ?? 100;
  const concurrencyTimeout = options.concurrencyTimeoutMs ?? 60_000;

  describe(`EventStore behaviour: ${name}`, () => {
    describe('Method: append', () => {
      it('writes contiguous versions from 1 on a new stream', async () => {
        // Prepare
        const store = await makeStore();
        const streamId = uniqueStreamId();

        // Act
        const result = await store.append(streamId, newEvents(3), { expectedVersion: 'no_stream' });

        // Assess
        expect(result).toEqual({ nextExpectedVersion: 3, written: true });
        const page = await store.read(streamId);
        expect(page.events.map((e) => e.version)).toEqual([1, 2, 3]);
        expect(await store.lastVersion(streamId)).toBe(3);
      });

      it.each<[string, ExpectedVersion, number]>([
        ['no_stream on a new stream', 'no_stream', 0],
        ['0 on a new stream', 0, 0],
        ['stream_exists on an existing stream', 'stream_exists', 2],
        ['the exact version', 2, 2],
        ['any on a new stream', 'any', 0],
        ['any on an existing stream', 'any', 2],
      ])('accepts %s', async (_label, expectedVersion, existing) => {
        const store = await makeStore();
        const streamId = uniqueStreamId();
        if (existing > 0)
          await store.append(streamId, newEvents(existing), { expectedVersion: 'any' });

        const result = await store.append(streamId, [newEvent()], { expectedVersion });

        expect(result.nextExpectedVersion).toBe(existing + 1);
        expect(await store.lastVersion(streamId)).toBe(existing + 1);
      });

      it.each<[string, ExpectedVersion, number]>([
        ['no_stream on an existing stream', 'no_stream', 2],
        ['0 on an existing stream', 0, 2],
        ['stream_exists on a new stream', 'stream_exists', 0],
        ['a lower exact version', 1, 2],
        ['a higher exact version', 3, 2],
        ['an exact version on a new stream', 1, 0],
      ])(
        'throws VersionConflictError for %s, writing nothing',
        async (_label, expected, existing) => {
          const store = await makeStore();
          const streamId = uniqueStreamId();
          if (existing > 0)
            await store.append(streamId, newEvents(existing), { expectedVersion: 'any' });

          const attempt = store.append(streamId, newEvents(2), { expectedVersion: expected });

          const error = await attempt.catch((e: unknown) => e);
          expect(error).toBeInstanceOf(VersionConflictError);
          expect(error).toMatchObject({ streamId, expected, actual: existing });
          expect(await store.lastVersion(streamId)).toBe(existing);
        },
      );

      it('is atomic: an append refused for one bad event writes none of them', async () => {
        const store = await makeStore();
        const streamId = uniqueStreamId();
        const events = [newEvent(), newEvent({ eventId: 'not-a-uuid' }), newEvent()];

        await expect(store.append(streamId, events, { expectedVersion: 'any' })).rejects.toThrow(
          ValidationError,
        );

        expect(await store.lastVersion(streamId)).toBe(0);
        expect((await store.read(streamId)).events).toEqual([]);
      });

      it('treats re-appending the same event ids as a no-op, even with a stale expected version', async () => {
        const store = await makeStore();
        const streamId = uniqueStreamId();
        const events = newEvents(3);
        await store.append(streamId, events, { expectedVersion: 'no_stream' });

        const again = await store.append(streamId, events, { expectedVersion: 'no_stream' });
        const withAny = await store.append(streamId, events, { expectedVersion: 'any' });

        expect(again).toEqual({ nextExpectedVersion: 3, written: false });
        expect(withAny).toEqual({ nextExpectedVersion: 3, written: false });
        expect((await store.read(streamId)).events.map((e) => e.eventId)).toEqual(
          events.map((e) => e.eventId),
        );
      });

      it('throws IdempotencyConflictError when only some ids are already in the stream, writing nothing', async () => {
        const store = await makeStore();
        const streamId = uniqueStreamId();
        const [first, second] = newEvents(2) as [
          ReturnType<typeof newEvent>,
          ReturnType<typeof newEvent>,
        ];
        await store.append(streamId, [first], { expectedVersion: 'any' });

        const error = await store
          .append(streamId, [first, second], { expectedVersion: 'any' })
          .catch((e: unknown) => e);

        expect(error).toBeInstanceOf(IdempotencyConflictError);
        expect((error as IdempotencyConflictError).existingEventIds).toEqual([first.eventId]);
        expect(await store.lastVersion(streamId)).toBe(1);
      });

      it(`accepts ${maxEvents} events in one append`, async () => {
        const store = await makeStore();
        const streamId = uniqueStreamId();

        const result = await store.append(streamId, newEvents(maxEvents), {
          expectedVersion: 'no_stream',
        });

        expect(result.nextExpectedVersion).toBe(maxEvents);
      });

      it(`throws LimitExceededError above ${maxEvents} events, writing nothing`, async () => {
        const store = await makeStore();
        const streamId = uniqueStreamId();

        const error = await store
          .append(streamId, newEvents(maxEvents + 1), { expectedVersion: 'any' })
          .catch((e: unknown) => e);

        expect(error).toBeInstanceOf(LimitExceededError);
        expect(error).toMatchObject({ count: maxEvents + 1, limit: maxEvents });
        expect(await store.lastVersion(streamId)).toBe(0);
      });

      it.each<[string, () => Parameters<EventStore['append']>]>([
        ['no events', () => [uniqueStreamId(), [], { expectedVersion: 'any' }]],
        ['an empty stream id', () => ['', [newEvent()], { expectedVersion: 'any' }]],
        [
          "a stream id starting with '$'",
          () => ['$eventId#x', [newEvent()], { expectedVersion: 'any' }],
        ],
        [
          'a negative expected version',
          () => [uniqueStreamId(), [newEvent()], { expectedVersion: -1 }],
        ],
        [
          'a fractional expected version',
          () => [uniqueStreamId(), [newEvent()], { expectedVersion: 1.5 }],
        ],
        [
          'a repeated event id',
          () => {
            const e = newEvent();
            return [uniqueStreamId(), [e, e], { expectedVersion: 'any' }];
          },
        ],
      ])('throws ValidationError for %s', async (_label, args) => {
        const store = await makeStore();
        await expect(store.append(...args())).rejects.toThrow(ValidationError);
      });

      it('keeps what it stored safe from changes the caller makes afterwards', async () => {
        const store = await makeStore();
        const streamId = uniqueStreamId();
        const event = newEvent({ data: { sku: 'SKU-1', quantity: 1 } });
        await store.append(streamId, [event], { expectedVersion: 'any' });

        (event.data as { quantity: number }).quantity = 99;
        const firstRead = await store.read(streamId);
        (firstRead.events[0]?.data as { quantity: number }).quantity = 77;

        expect((await store.read(streamId)).events[0]?.data).toEqual({ sku: 'SKU-1', quantity: 1 });
      });
    });

    describe('Method: read', () => {
      it('returns events exactly as appended, with stream id and version', async () => {
        const store = await makeStore();
        const streamId = uniqueStreamId();
        const event = newEvent({ data: { sku: 'ÅÄÖ-1', quantity: 3 } });
        await store.append(streamId, [event], { expectedVersion: 'any' });

        const page = await store.read(streamId);

        expect(page.events).toEqual([{ ...event, streamId, version: 1 }]);
        expect(page.nextVersion).toBeUndefined();
      });

      it('pages forward with a page size that caps each page', async () => {
        const store = await makeStore();
        const streamId = uniqueStreamId();
        await store.append(streamId, newEvents(7), { expectedVersion: 'any' });

        const versions: number[][] = [];
        let from: number | undefined = 1;
        while (from !== undefined) {
          const page = await store.read(streamId, { fromVersion: from, maxCount: 3 });
          versions.push(page.events.map((e) => e.version));
          from = page.nextVersion;
        }

        expect(versions).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
      });

      it('pages backward from the last version', async () => {
        const store = await makeStore();
        const streamId = uniqueStreamId();
        await store.append(streamId, newEvents(5), { expectedVersion: 'any' });

        const first = await store.read(streamId, { direction: 'backward', maxCount: 2 });
        const second = await store.read(streamId, {
          direction: 'backward',
          fromVersion: first.nextVersion,
          maxCount: 2,
        });
        const third = await store.read(streamId, {
          direction: 'backward',
          fromVersion: second.nextVersion,
          maxCount: 2,
        });

        expect(first.events.map((e) => e.version)).toEqual([5, 4]);
        expect(second.events.map((e) => e.version)).toEqual([3, 2]);
        expect(third.events.map((e) => e.version)).toEqual([1]);
        expect(third.nextVersion).toBeUndefined();
      });

      it('reads forward from a version in the middle', async () => {
        const store = await makeStore();
        const streamId = uniqueStreamId();
        await store.append(streamId, newEvents(5), { expectedVersion: 'any' });

        const page = await store.read(streamId, { fromVersion: 4 });

        expect(page.events.map((e) => e.version)).toEqual([4, 5]);
      });

      it('reads an unknown stream, or past its end, as empty', async () => {
        const store = await makeStore();
        const streamId = uniqueStreamId();
        await store.append(streamId, newEvents(2), { expectedVersion: 'any' });

        expect(await store.read(uniqueStreamId())).toEqual({ events: [], nextVersion: undefined });
        expect(await store.read(streamId, { fromVersion: 3 })).toEqual({
          events: [],
          nextVersion: undefined,
        });
        expect(await store.lastVersion(uniqueStreamId())).toBe(0);
      });

      it.each([0, 1001, 2.5])('throws ValidationError for page size %s', async (maxCount) => {
        const store = await makeStore();
        await expect(store.read(uniqueStreamId(), { maxCount })).rejects.toThrow(ValidationError);
      });
    });

    describe('Method: readSnapshot', () => {
      it('returns the snapshot written with the latest append under that key only', async () => {
        const store = await makeStore();
        const streamId = uniqueStreamId();
        await store.append(streamId, newEvents(2), {
          expectedVersion: 'no_stream',
          snapshot: { key: 'agg@1', state: { n: 2 } },
        });
        await store.append(streamId, newEvents(1), {
          expectedVersion: 2,
          snapshot: { key: 'agg@1', state: { n: 3 } },
        });

        expect(await store.readSnapshot(streamId, 'agg@1')).toEqual({
          streamId,
          key: 'agg@1',
          version: 3,
          state: { n: 3 },
          streamVersion: 3,
        });
        expect(await store.readSnapshot(streamId, 'agg@2')).toBeUndefined();
        expect(await store.readSnapshot(uniqueStreamId(), 'agg@1')).toBeUndefined();
      });

      it('writes no snapshot when the append is refused', async () => {
        const store = await makeStore();
        const streamId = uniqueStreamId();
        await store.append(streamId, newEvents(1), { expectedVersion: 'any' });

        await expect(
          store.append(streamId, newEvents(1), {
            expectedVersion: 5,
            snapshot: { key: 'agg@1', state: { n: 1 } },
          }),
        ).rejects.toThrow(VersionConflictError);

        expect(await store.readSnapshot(streamId, 'agg@1')).toBeUndefined();
      });
    });

    describe('Concurrency', () => {
      it(
        'leaves versions exactly 1..100 after 100 concurrent command handlers, each applied once',
        async () => {
          const store = await makeStore();
          const streamId = uniqueStreamId('counter');
          const tags = Array.from({ length: 100 }, (_, i) => `cmd-${i}`);

          const results = await Promise.all(
            tags.map((tag) =>
              handleCommand({
                store,
                decider: counterDecider,
                streamId,
                command: { type: 'Increment', by: 1, tag },
                context: {
                  correlationId: tag,
                  causationId: tag,
                  newEventId: () => crypto.randomUUID(),
                  now: () => '2026-01-01T00:00:00.000Z',
                },
                retry: { maxAttempts: 1000, baseDelayMs: 2, maxDelayMs: 50 },
              }),
            ),
          );

          const versions: number[] = [];
          const applied: string[] = [];
          let from: number | undefined = 1;
          while (from !== undefined) {
            const page = await store.read(streamId, { fromVersion: from, maxCount: 1000 });
            versions.push(...page.events.map((e) => e.version));
            applied.push(...page.events.map((e) => (e.data as { sku: string }).sku));
            from = page.nextVersion;
          }
          expect(versions).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
          expect([...applied].sort()).toEqual([...tags].sort());
          expect(new Set(results.map((r) => r.version)).size).toBe(100);
          const attempts = results.reduce((sum, r) => sum + r.attempts, 0);
          console.info(`[${name}] 100 concurrent commands took ${attempts} attempts in all`);
        },
        concurrencyTimeout,
      );

      it(
        'keeps exactly one copy after 20 concurrent appends of the same event ids',
        async () => {
          const store = await makeStore();
          const streamId = uniqueStreamId();
          const events = newEvents(3);

          const results = await Promise.all(
            Array.from({ length: 20 }, () =>
              store.append(streamId, events, { expectedVersion: 'any' }),
            ),
          );

          expect(results.filter((r) => r.written)).toHaveLength(1);
          expect(results.every((r) => r.nextExpectedVersion === 3)).toBe(true);
          expect((await store.read(streamId)).events.map((e) => e.eventId)).toEqual(
            events.map((e) => e.eventId),
          );
        },
        concurrencyTimeout,
      );

      it(
        "keeps versions contiguous under concurrent appends with expected version 'any'",
        async () => {
          const store = await makeStore();
          const streamId = uniqueStreamId();
          const batches = Array.from({ length: 20 }, () => newEvents(3));

          await Promise.all(
            batches.map((b) => store.append(streamId, b, { expectedVersion: 'any' })),
          );

          const page = await store.read(streamId, { maxCount: 1000 });
          expect(page.events.map((e) => e.version)).toEqual(
            Array.from({ length: 60 }, (_, i) => i + 1),
          );
          // Each append's events stay together, in order.
          for (const batch of batches) {
            const positions = batch.map((e) =>
              page.events.findIndex((s) => s.eventId === e.eventId),
            );
            expect(positions[1]).toBe((positions[0] ?? 0) + 1);
            expect(positions[2]).toBe((positions[0] ?? 0) + 2);
          }
        },
        concurrencyTimeout,
      );
    });
  });
}
