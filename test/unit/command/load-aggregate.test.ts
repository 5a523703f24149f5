import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handleCommand, loadAggregate, UnreadableEventError } from '../../../shared/command';
import type { Decider } from '../../../shared/domain/decider';
import { InMemoryEventStore } from '../../../shared/event-store';
import type { DomainEvent } from '../../../shared/events/catalog';
import { counterDecider } from '../../helpers/counter-decider';
import { newEvent, newEvents, uniqueStreamId } from '../../helpers/new-events';
import { RecordingStore } from './recording-store';

const context = {
  correlationId: 'corr-1',
  causationId: 'cmd-1',
  newEventId: () => randomUUID(),
  now: () => '2026-01-01T00:00:00.000Z',
};

/** Runs `tags.length` increments through the command handler, one after another. */
async function increments(
  store: RecordingStore | InMemoryEventStore,
  streamId: string,
  tags: string[],
) {
  for (const tag of tags) {
    await handleCommand({
      store,
      decider: counterDecider,
      streamId,
      command: { type: 'Increment', by: 1, tag },
      context,
    });
  }
}

/** Reads of the stream the store received, as their `fromVersion`. */
function readsFrom(store: RecordingStore): (number | undefined)[] {
  return store.calls.flatMap((c) => (c.method === 'read' ? [c.options?.fromVersion] : []));
}

describe('Function: loadAggregate', () => {
  it('answers the initial state at version 0 for a stream that does not exist', async () => {
    const store = new InMemoryEventStore();

    const loaded = await loadAggregate(store, counterDecider, uniqueStreamId());

    expect(loaded).toEqual({ state: { total: 0, tags: [] }, version: 0 });
  });

  it('starts from the snapshot and reads no events when none follow it', async () => {
    // Prepare
    const store = new RecordingStore(new InMemoryEventStore());
    const streamId = uniqueStreamId('counter');
    await increments(store, streamId, ['a', 'b', 'c']);
    store.calls.length = 0;

    // Act
    const loaded = await loadAggregate(store, counterDecider, streamId);

    // Assess
    expect(loaded).toEqual({ state: { total: 3, tags: ['a', 'b', 'c'] }, version: 3 });
    expect(store.calls.map((c) => c.method)).toEqual(['readSnapshot']);
  });

  it('folds only the events after the snapshot', async () => {
    // Prepare
    const store = new RecordingStore(new InMemoryEventStore());
    const streamId = uniqueStreamId('counter');
    await increments(store, streamId, ['a', 'b']);
    // Appended without a snapshot, as a writer that does not snapshot would.
    await store.append(streamId, [newEvent({ data: { sku: 'c', quantity: 5 } })], {
      expectedVersion: 2,
    });
    store.calls.length = 0;

    // Act
    const loaded = await loadAggregate(store, counterDecider, streamId);

    // Assess
    expect(loaded).toEqual({ state: { total: 7, tags: ['a', 'b', 'c'] }, version: 3 });
    expect(readsFrom(store)).toEqual([3]);
  });

  it('ignores a snapshot written under another key and folds from version 1', async () => {
    // Prepare
    const store = new RecordingStore(new InMemoryEventStore());
    const streamId = uniqueStreamId('counter');
    await increments(store, streamId, ['a', 'b']);
    const refolded = { ...counterDecider, snapshotKey: 'counter@2' };
    store.calls.length = 0;

    // Act
    const loaded = await loadAggregate(store, refolded, streamId);

    // Assess
    expect(loaded).toEqual({ state: { total: 2, tags: ['a', 'b'] }, version: 2 });
    expect(readsFrom(store)).toEqual([1]);
  });

  it('follows the read cursor through a history longer than one page', async () => {
    // Prepare
    const store = new RecordingStore(new InMemoryEventStore());
    const streamId = uniqueStreamId('counter');
    for (let v = 0; v < 1100; v += 100) {
      await store.append(streamId, newEvents(100), { expectedVersion: v });
    }
    store.calls.length = 0;

    // Act
    const loaded = await loadAggregate(store, counterDecider, streamId);

    // Assess: newEvents(100) has quantities 1..100, summing to 5050 per append.
    expect(loaded.version).toBe(1100);
    expect(loaded.state.total).toBe(11 * 5050);
    expect(readsFrom(store)).toEqual([1, 1001]);
  });

  it('upcasts events stored at an older schema version before evolve sees them', async () => {
    // Prepare
    const seen: unknown[] = [];
    const orders: Decider<never, DomainEvent<'OrderPlaced'>, number> = {
      snapshotKey: 'orders-seen@1',
      initialState: () => 0,
      decide: () => [],
      evolve: (count, event) => {
        seen.push(event.data);
        return count + 1;
      },
    };
    const store = new InMemoryEventStore();
    const streamId = uniqueStreamId('order');
    const line = { sku: 'SKU-1', quantity: 2, unitPrice: { amount: 500, currency: 'EUR' } };
    await store.append(
      streamId,
      [
        newEvent({
          type: 'OrderPlaced',
          schemaVersion: 1,
          data: { orderId: 'o-1', customerId: 'c-1', lines: [line], total: 1000 },
        }),
      ],
      { expectedVersion: 'no_stream' },
    );

    // Act
    const loaded = await loadAggregate(store, orders, streamId);

    // Assess
    expect(loaded.version).toBe(1);
    expect(seen).toEqual([
      {
        orderId: 'o-1',
        customerId: 'c-1',
        lines: [line],
        total: { amount: 1000, currency: 'EUR' },
      },
    ]);
  });

  it.each([
    [
      'an event type the catalog does not know',
      { type: 'CounterReset' },
      /CounterReset at .*: unknown event type/,
    ],
    ['a schema version newer than the code', { schemaVersion: 2 }, /newer than this code's 1/],
  ])(
    'throws UnreadableEventError for %s, naming the stream and version',
    async (_l, overrides, reason) => {
      // Prepare
      const store = new InMemoryEventStore();
      const streamId = uniqueStreamId('counter');
      await store.append(streamId, [newEvent(), newEvent(overrides)], {
        expectedVersion: 'no_stream',
      });

      // Act
      const error = await loadAggregate(store, counterDecider, streamId).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(UnreadableEventError);
      expect(error).toMatchObject({ streamId, version: 2 });
      expect((error as Error).message).toContain(`${streamId}@2`);
      expect((error as Error).message).toMatch(reason);
    },
  );
});
