import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CommandContext, RetryOptions } from '../../../shared/command';
import { handleCommand } from '../../../shared/command';
import type { Decider } from '../../../shared/domain/decider';
import { DomainRuleError, ValidationError, VersionConflictError } from '../../../shared/errors';
import { InMemoryEventStore } from '../../../shared/event-store';
import type { CounterCommand, CounterEvent, CounterState } from '../../helpers/counter-decider';
import { counterDecider } from '../../helpers/counter-decider';
import { newEvent, uniqueStreamId } from '../../helpers/new-events';
import { RecordingStore } from './recording-store';

const NOW = '2026-03-01T12:00:00.000Z';

function context(ids: string[] = []): CommandContext {
  return {
    correlationId: 'corr-1',
    causationId: 'cmd-1',
    newEventId: () => {
      const id = randomUUID();
      ids.push(id);
      return id;
    },
    now: () => NOW,
  };
}

function increment(tag: string, by = 1): CounterCommand {
  return { type: 'Increment', by, tag };
}

/**
 * A store where a rival appends one event to the real store right before each
 * of the first `rivals` appends of the command handler.
 */
function contendedStore(streamId: string, rivals: number): RecordingStore {
  const inner = new InMemoryEventStore();
  const store = new RecordingStore(inner);
  store.beforeAppend = async (n) => {
    if (n <= rivals) {
      await inner.append(streamId, [newEvent({ data: { sku: `rival-${n}`, quantity: 10 } })], {
        expectedVersion: 'any',
      });
    }
  };
  return store;
}

/** Retry options that record each back-off instead of sleeping. */
function recordedRetry(delays: number[], options: RetryOptions = {}): RetryOptions {
  return {
    ...options,
    sleep: async (ms) => {
      delays.push(ms);
    },
  };
}

describe('Function: handleCommand', () => {
  describe('on a stream without contention', () => {
    it('appends the decided events with ids, schema version and metadata from the context', async () => {
      // Prepare
      const store = new InMemoryEventStore();
      const streamId = uniqueStreamId('counter');
      const ids: string[] = [];

      // Act
      const result = await handleCommand({
        store,
        decider: counterDecider,
        streamId,
        command: increment('a', 2),
        context: context(ids),
      });

      // Assess
      const expected = {
        eventId: ids[0],
        type: 'StockAdded',
        schemaVersion: 1,
        data: { sku: 'a', quantity: 2 },
        metadata: { occurredAt: NOW, correlationId: 'corr-1', causationId: 'cmd-1' },
        streamId,
        version: 1,
      };
      expect(result).toEqual({
        streamId,
        version: 1,
        events: [expected],
        state: { total: 2, tags: ['a'] },
        attempts: 1,
      });
      expect((await store.read(streamId)).events).toEqual([expected]);
    });

    it('appends at the loaded version and writes the new state as the snapshot', async () => {
      // Prepare
      const store = new RecordingStore(new InMemoryEventStore());
      const streamId = uniqueStreamId('counter');
      const base = { store, decider: counterDecider, streamId, context: context() };
      await handleCommand({ ...base, command: increment('a') });

      // Act
      const result = await handleCommand({ ...base, command: increment('b', 3) });

      // Assess
      const appends = store.calls.flatMap((c) => (c.method === 'append' ? [c.options] : []));
      expect(appends.map((o) => o.expectedVersion)).toEqual([0, 1]);
      expect(appends[1]?.snapshot).toEqual({
        key: 'counter@1',
        state: { total: 4, tags: ['a', 'b'] },
      });
      expect(result.version).toBe(2);
      expect(await store.readSnapshot(streamId, 'counter@1')).toMatchObject({
        version: 2,
        state: { total: 4, tags: ['a', 'b'] },
      });
    });

    it('appends nothing and answers the current version when decide returns no events', async () => {
      // Prepare
      const store = new RecordingStore(new InMemoryEventStore());
      const streamId = uniqueStreamId('counter');
      const base = { store, decider: counterDecider, streamId, context: context() };
      await handleCommand({ ...base, command: increment('a') });
      await handleCommand({ ...base, command: increment('b') });

      // Act
      const result = await handleCommand({ ...base, command: { type: 'Touch' } });

      // Assess
      expect(result).toEqual({
        streamId,
        version: 2,
        events: [],
        state: { total: 2, tags: ['a', 'b'] },
        attempts: 1,
      });
      expect(store.count('append')).toBe(2);
      expect(await store.lastVersion(streamId)).toBe(2);
    });

    it('throws the DomainRuleError from decide as it is, appending nothing', async () => {
      // Prepare
      const store = new RecordingStore(new InMemoryEventStore());
      const streamId = uniqueStreamId('counter');
      const sleeps: number[] = [];

      // Act
      const error = await handleCommand({
        store,
        decider: counterDecider,
        streamId,
        command: increment('a', 0),
        context: context(),
        retry: recordedRetry(sleeps),
      }).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(DomainRuleError);
      expect(error).toMatchObject({ code: 'counter.not_positive' });
      expect(store.count('append')).toBe(0);
      expect(sleeps).toEqual([]);
    });

    it.each([
      ['a fractional quantity', increment('a', 1.5), 'data.quantity'],
      ['an empty sku', increment('', 1), 'data.sku'],
    ])(
      'throws ValidationError naming the field for %s, appending nothing',
      async (_l, command, path) => {
        // Prepare
        const store = new RecordingStore(new InMemoryEventStore());

        // Act
        const error = await handleCommand({
          store,
          decider: counterDecider,
          streamId: uniqueStreamId('counter'),
          command,
          context: context(),
        }).catch((e: unknown) => e);

        // Assess
        expect(error).toBeInstanceOf(ValidationError);
        expect(error).toMatchObject({ subject: 'StockAdded data' });
        expect((error as ValidationError).issues.map((i) => i.path)).toEqual([path]);
        expect(store.count('append')).toBe(0);
      },
    );

    it('stores and folds the data as the catalog schema parses it, unknown keys dropped', async () => {
      // Prepare
      const sloppy: Decider<CounterCommand, CounterEvent, CounterState> = {
        ...counterDecider,
        decide: (command, state) =>
          counterDecider
            .decide(command, state)
            .map((e) => ({ ...e, data: { ...e.data, note: 'not in the schema' } })),
        evolve: (state, event) => ({ ...state, tags: [...state.tags, JSON.stringify(event.data)] }),
      };
      const store = new InMemoryEventStore();
      const streamId = uniqueStreamId('counter');

      // Act
      const result = await handleCommand({
        store,
        decider: sloppy,
        streamId,
        command: increment('a'),
        context: context(),
      });

      // Assess
      expect((await store.read(streamId)).events[0]?.data).toEqual({ sku: 'a', quantity: 1 });
      expect(result.state.tags).toEqual([JSON.stringify({ sku: 'a', quantity: 1 })]);
    });

    it('throws ValidationError for retry options out of range, before touching the store', async () => {
      const store = new RecordingStore(new InMemoryEventStore());

      const error = await handleCommand({
        store,
        decider: counterDecider,
        streamId: uniqueStreamId('counter'),
        command: increment('a'),
        context: context(),
        retry: { maxAttempts: 0, baseDelayMs: -1 },
      }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual([
        'retry.maxAttempts',
        'retry.baseDelayMs',
      ]);
      expect(store.calls).toEqual([]);
    });
  });

  describe('on a version conflict', () => {
    it('starts again from load after a back-off, deciding against the fresh state', async () => {
      // Prepare
      const streamId = uniqueStreamId('counter');
      const store = contendedStore(streamId, 2);
      const sleeps: number[] = [];

      // Act
      const result = await handleCommand({
        store,
        decider: counterDecider,
        streamId,
        command: increment('mine'),
        context: context(),
        retry: recordedRetry(sleeps),
      });

      // Assess
      expect(result.attempts).toBe(3);
      expect(sleeps).toHaveLength(2);
      expect(result.version).toBe(3);
      expect(result.state).toEqual({ total: 21, tags: ['rival-1', 'rival-2', 'mine'] });
      expect(
        (await store.read(streamId)).events.map((e) => (e.data as { sku: string }).sku),
      ).toEqual(['rival-1', 'rival-2', 'mine']);
    });

    it('waits a full-jitter delay: within [0, min(maxDelay, base × 2^(n−1))) before retry n', async () => {
      // Prepare
      const streamId = uniqueStreamId('counter');
      const store = contendedStore(streamId, 5);
      const sleeps: number[] = [];
      const draws = [0, 0.5, 0.999, 0.25, 0.999];

      // Act
      await handleCommand({
        store,
        decider: counterDecider,
        streamId,
        command: increment('mine'),
        context: context(),
        retry: recordedRetry(sleeps, {
          baseDelayMs: 10,
          maxDelayMs: 50,
          random: () => draws.shift() ?? 0,
        }),
      });

      // Assess: ceilings 10, 20, 40, 50 (capped), 50.
      expect(sleeps).toEqual([0, 10, 39, 12, 49]);
      const ceilings = [10, 20, 40, 50, 50];
      sleeps.forEach((ms, i) => {
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThan(ceilings[i] ?? 0);
      });
    });

    it('throws the last VersionConflictError after maxAttempts, with expected and actual versions', async () => {
      // Prepare
      const streamId = uniqueStreamId('counter');
      const store = contendedStore(streamId, Number.POSITIVE_INFINITY);
      const sleeps: number[] = [];

      // Act
      const error = await handleCommand({
        store,
        decider: counterDecider,
        streamId,
        command: increment('mine'),
        context: context(),
        retry: recordedRetry(sleeps, { maxAttempts: 3 }),
      }).catch((e: unknown) => e);

      // Assess: attempt n loads version n − 1, and its rival moves the stream to n.
      expect(error).toBeInstanceOf(VersionConflictError);
      expect(error).toMatchObject({ streamId, expected: 2, actual: 3 });
      expect(store.count('append')).toBe(3);
      expect(sleeps).toHaveLength(2);
      const stored = (await store.read(streamId)).events.map(
        (e) => (e.data as { sku: string }).sku,
      );
      expect(stored).toEqual(['rival-1', 'rival-2', 'rival-3']);
    });

    it('uses a fresh event id on each attempt', async () => {
      // Prepare
      const streamId = uniqueStreamId('counter');
      const store = contendedStore(streamId, 1);
      const ids: string[] = [];

      // Act
      const result = await handleCommand({
        store,
        decider: counterDecider,
        streamId,
        command: increment('mine'),
        context: context(ids),
        retry: recordedRetry([]),
      });

      // Assess
      expect(ids).toHaveLength(2);
      expect(new Set(ids).size).toBe(2);
      expect(result.events.map((e) => e.eventId)).toEqual([ids[1]]);
    });

    it('does not retry other store errors', async () => {
      // Prepare
      const streamId = uniqueStreamId('counter');
      const store = new RecordingStore(new InMemoryEventStore());
      store.beforeAppend = async () => {
        throw new Error('ProvisionedThroughputExceeded');
      };
      const sleeps: number[] = [];

      // Act
      const error = await handleCommand({
        store,
        decider: counterDecider,
        streamId,
        command: increment('mine'),
        context: context(),
        retry: recordedRetry(sleeps),
      }).catch((e: unknown) => e);

      // Assess
      expect((error as Error).message).toBe('ProvisionedThroughputExceeded');
      expect(store.count('append')).toBe(1);
      expect(sleeps).toEqual([]);
    });
  });
});
