import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { handleCommand, loadAggregate } from '../../../shared/command';
import { VersionConflictError } from '../../../shared/errors';
import { counterDecider } from '../counter-decider';
import { newEvents, uniqueStreamId } from '../new-events';
import { readAll } from './read-all';
import type { BehaviourContext } from './types';

/**
 * Correctness under concurrent callers. Nothing here depends on timing: each
 * test starts all callers at once and asserts only on the final stream.
 */
export function concurrencyBehaviour({
  name,
  makeStore,
  concurrencyTimeoutMs,
}: BehaviourContext): void {
  it(
    'leaves versions exactly 1..100 after 100 concurrent command handlers, each command applied once',
    async () => {
      // Prepare
      const store = await makeStore();
      const streamId = uniqueStreamId('counter');
      const tags = Array.from({ length: 100 }, (_, i) => `cmd-${i}`);

      // Act
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
              newEventId: () => randomUUID(),
              now: () => '2026-01-01T00:00:00.000Z',
            },
            retry: { maxAttempts: 1000, baseDelayMs: 2, maxDelayMs: 50 },
          }),
        ),
      );

      // Assess
      const events = await readAll(store, streamId);
      expect(events.map((e) => e.version)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      expect(events.map((e) => (e.data as { sku: string }).sku).sort()).toEqual([...tags].sort());
      expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(
        events.map((e) => e.version),
      );
      const loaded = await loadAggregate(store, counterDecider, streamId);
      expect(loaded).toMatchObject({ version: 100, state: { total: 100 } });
      expect(new Set(loaded.state.tags).size).toBe(100);
      const attempts = results.map((r) => r.attempts);
      console.info(
        `[${name}] 100 concurrent commands on one stream: ${attempts.reduce((a, b) => a + b, 0)} attempts in all, at most ${Math.max(...attempts)} for one command`,
      );
    },
    concurrencyTimeoutMs,
  );

  it(
    'keeps exactly one copy after 20 concurrent appends of the same event ids',
    async () => {
      // Prepare
      const store = await makeStore();
      const streamId = uniqueStreamId();
      const events = newEvents(3);

      // Act
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          store.append(streamId, events, { expectedVersion: 'any' }),
        ),
      );

      // Assess
      expect(results.filter((r) => r.written)).toHaveLength(1);
      expect(results.every((r) => r.nextExpectedVersion === 3)).toBe(true);
      expect((await readAll(store, streamId)).map((e) => e.eventId)).toEqual(
        events.map((e) => e.eventId),
      );
    },
    concurrencyTimeoutMs,
  );

  it(
    'lets exactly one of 20 concurrent appends expecting the same version succeed',
    async () => {
      // Prepare
      const store = await makeStore();
      const streamId = uniqueStreamId();
      await store.append(streamId, newEvents(1), { expectedVersion: 'no_stream' });
      const batches = Array.from({ length: 20 }, () => newEvents(2));

      // Act
      const settled = await Promise.allSettled(
        batches.map((b) => store.append(streamId, b, { expectedVersion: 1 })),
      );

      // Assess
      const won = settled.filter((s) => s.status === 'fulfilled');
      const lost = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const error of lost) {
        expect(error).toBeInstanceOf(VersionConflictError);
        expect(error).toMatchObject({ streamId, expected: 1, actual: 3 });
      }
      const winner = batches[settled.findIndex((s) => s.status === 'fulfilled')] ?? [];
      expect((await readAll(store, streamId)).slice(1).map((e) => e.eventId)).toEqual(
        winner.map((e) => e.eventId),
      );
    },
    concurrencyTimeoutMs,
  );

  it(
    "keeps versions contiguous and each append's events together under 20 concurrent appends with any",
    async () => {
      // Prepare
      const store = await makeStore();
      const streamId = uniqueStreamId();
      const batches = Array.from({ length: 20 }, () => newEvents(3));

      // Act
      const results = await Promise.all(
        batches.map((b) => store.append(streamId, b, { expectedVersion: 'any' })),
      );

      // Assess
      const events = await readAll(store, streamId);
      expect(events.map((e) => e.version)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(results.map((r) => r.nextExpectedVersion).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => 3 * (i + 1)),
      );
      for (const [i, batch] of batches.entries()) {
        const end = results[i]?.nextExpectedVersion ?? 0;
        expect(events.slice(end - 3, end).map((e) => e.eventId)).toEqual(
          batch.map((e) => e.eventId),
        );
      }
    },
    concurrencyTimeoutMs,
  );
}
