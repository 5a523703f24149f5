import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError, ValidationError } from '../../../shared/errors';
import { IdempotencyConflictError, InMemoryEventStore } from '../../../shared/event-store';
import type { NewEvent } from '../../../shared/event-store/types';
import { eventStoreBehaviour } from '../../helpers/event-store-behaviour';
import { newEvent, newEvents, uniqueStreamId } from '../../helpers/new-events';

eventStoreBehaviour('in memory', () => new InMemoryEventStore());

describe('Class: InMemoryEventStore', () => {
  describe('Method: append', () => {
    it('throws ValidationError for an empty snapshot key, writing nothing', async () => {
      // Prepare
      const store = new InMemoryEventStore();
      const streamId = uniqueStreamId();

      // Act
      const error = await store
        .append(streamId, [newEvent()], {
          expectedVersion: 'any',
          snapshot: { key: '', state: {} },
        })
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['snapshot.key']);
      expect(await store.lastVersion(streamId)).toBe(0);
    });

    it('throws PayloadTooLargeError naming the event for an event over the limit, writing none of the append', async () => {
      // Prepare
      const store = new InMemoryEventStore({ maxEventBytes: 1024 });
      const streamId = uniqueStreamId();
      const big = newEvent({ data: { sku: 'x'.repeat(1024), quantity: 1 } });

      // Act
      const error = await store
        .append(streamId, [newEvent(), big], { expectedVersion: 'no_stream' })
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(PayloadTooLargeError);
      expect(error).toMatchObject({ limitBytes: 1024 });
      expect((error as PayloadTooLargeError).sizeBytes).toBeGreaterThan(1024);
      expect((error as Error).message).toContain(big.eventId);
      expect(await store.lastVersion(streamId)).toBe(0);
    });

    it('refuses by default an event DynamoDB could not store (over 400 KB)', async () => {
      const store = new InMemoryEventStore();
      const big = newEvent({ data: { sku: 'x'.repeat(400 * 1024), quantity: 1 } });

      await expect(
        store.append(uniqueStreamId(), [big], { expectedVersion: 'any' }),
      ).rejects.toThrow(PayloadTooLargeError);
    });

    it('stores data as JSON, as DynamoDB does: a Date comes back as its ISO string', async () => {
      // Prepare
      const store = new InMemoryEventStore();
      const streamId = uniqueStreamId();
      const at = new Date('2026-01-02T03:04:05.000Z');

      // Act
      await store.append(streamId, [newEvent({ data: { at, gone: undefined } })], {
        expectedVersion: 'any',
      });

      // Assess
      expect((await store.read(streamId)).events[0]?.data).toStrictEqual({ at: at.toISOString() });
    });

    it('throws IdempotencyConflictError for the same ids in another order, writing nothing', async () => {
      // Prepare
      const store = new InMemoryEventStore();
      const streamId = uniqueStreamId();
      const [a, b] = newEvents(2) as [NewEvent, NewEvent];
      await store.append(streamId, [a, b], { expectedVersion: 'no_stream' });

      // Act
      const error = await store
        .append(streamId, [b, a], { expectedVersion: 'no_stream' })
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(IdempotencyConflictError);
      expect(await store.lastVersion(streamId)).toBe(2);
    });

    it('writes again an append at the current version whose ids lie further back (they are not searched)', async () => {
      // Prepare
      const store = new InMemoryEventStore();
      const streamId = uniqueStreamId();
      const first = newEvent();
      await store.append(streamId, [first], { expectedVersion: 'no_stream' });
      await store.append(streamId, newEvents(2), { expectedVersion: 1 });

      // Act
      const result = await store.append(streamId, [first], { expectedVersion: 3 });

      // Assess: the same rule as the DynamoDB store and EventStoreDB.
      expect(result).toEqual({ nextExpectedVersion: 4, written: true });
    });
  });
});
