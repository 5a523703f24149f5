import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError } from '../../../shared/errors';
import type { TypedEnvelope } from '../../../shared/events/entry';
import { putEventsEntrySize, toEnvelope, toPutEventsEntry } from '../../../shared/events/entry';

/** EventBridge's entry limit: 1 MB (1,048,576 bytes) since January 2026 (AWS "What's New", quotas page). */
const MAX_ENTRY_BYTES = 1_048_576;

/**
 * The entry size as AWS's "Calculating PutEvents event entry size" page
 * spells it out, written here independently of the code under test: 14 bytes
 * for Time when set, plus the UTF-8 bytes of Source, DetailType, Detail and
 * each of Resources.
 */
function documentedEntrySize(entry: {
  Time?: Date;
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: string[];
}): number {
  const utf8 = (s: string | undefined) => new TextEncoder().encode(s ?? '').length;
  return (
    (entry.Time ? 14 : 0) +
    utf8(entry.Source) +
    utf8(entry.DetailType) +
    utf8(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, r) => sum + utf8(r), 0)
  );
}

const metadata = {
  eventId: '3f1c9a52-8a4e-4d8e-9d0a-0b1c2d3e4f50',
  schemaVersion: 1,
  streamId: 'inventory-SKU-1',
  version: 4,
  occurredAt: '2026-03-01T10:00:00.000Z',
  correlationId: 'corr-1',
  causationId: 'cmd-1',
};
const envelope = (sku: string): TypedEnvelope => ({
  type: 'StockAdded',
  source: 'eventline.inventory',
  metadata,
  data: { sku, quantity: 2 },
});

describe('Function: toPutEventsEntry', () => {
  it('builds the entry with source, detail-type, {metadata, data} detail and event time', () => {
    const entry = toPutEventsEntry(envelope('SKU-1'), 'bus-1');

    expect(entry).toEqual({
      EventBusName: 'bus-1',
      Source: 'eventline.inventory',
      DetailType: 'StockAdded',
      Detail: JSON.stringify({ metadata, data: { sku: 'SKU-1', quantity: 2 } }),
      Time: new Date('2026-03-01T10:00:00.000Z'),
    });
  });

  it('accepts an entry of exactly the limit and refuses one byte more, naming id, type and size', () => {
    const base = documentedEntrySize(toPutEventsEntry(envelope(''), 'bus'));
    const atLimit = envelope('x'.repeat(MAX_ENTRY_BYTES - base));
    const over = envelope('x'.repeat(MAX_ENTRY_BYTES - base + 1));

    expect(documentedEntrySize(toPutEventsEntry(atLimit, 'bus'))).toBe(MAX_ENTRY_BYTES);
    const error = (() => {
      try {
        toPutEventsEntry(over, 'bus');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect((error as Error).message).toContain(metadata.eventId);
    expect((error as Error).message).toContain('StockAdded');
    expect((error as Error).message).toContain(String(MAX_ENTRY_BYTES + 1));
  });

  it('measures UTF-8 bytes, not characters: 2-byte characters count twice', () => {
    // Prepare: half the room filled with 'é' (2 bytes in UTF-8, 1 UTF-16 unit).
    const base = documentedEntrySize(toPutEventsEntry(envelope(''), 'bus'));
    const room = MAX_ENTRY_BYTES - base;
    const fits = envelope('é'.repeat(Math.floor(room / 2)));
    const over = envelope('é'.repeat(Math.floor(room / 2) + 1));

    // Act
    const entry = toPutEventsEntry(fits, 'bus');

    // Assess
    expect(documentedEntrySize(entry)).toBe(base + 2 * Math.floor(room / 2));
    expect((entry.Detail ?? '').length).toBeLessThan(MAX_ENTRY_BYTES);
    expect(() => toPutEventsEntry(over, 'bus')).toThrow(PayloadTooLargeError);
  });
});

describe('Function: putEventsEntrySize', () => {
  it('counts 14 bytes for Time and UTF-8 bytes of the strings, as AWS documents', () => {
    expect(
      putEventsEntrySize({
        Source: 'ab',
        DetailType: 'é',
        Detail: '{}',
        Resources: ['r1'],
        Time: new Date(),
      }),
    ).toBe(14 + 2 + 2 + 2 + 2);
    expect(putEventsEntrySize({ Source: 'ab', DetailType: 'c' })).toBe(3);
  });
});

describe('Function: toEnvelope', () => {
  it('maps a recorded event to its envelope with the catalog source', () => {
    const env = toEnvelope({
      streamId: 'order-1',
      version: 2,
      eventId: metadata.eventId,
      type: 'OrderCancelled',
      schemaVersion: 1,
      data: { orderId: 'o-1', reason: 'late' },
      metadata: { occurredAt: metadata.occurredAt, correlationId: 'c', causationId: 'k' },
    });
    expect(env).toEqual({
      type: 'OrderCancelled',
      source: 'eventline.orders',
      metadata: {
        eventId: metadata.eventId,
        schemaVersion: 1,
        streamId: 'order-1',
        version: 2,
        occurredAt: metadata.occurredAt,
        correlationId: 'c',
        causationId: 'k',
      },
      data: { orderId: 'o-1', reason: 'late' },
    });
  });

  it('keeps the data at the schema version it was stored with', () => {
    const env = toEnvelope({
      streamId: 'order-o-1',
      version: 1,
      eventId: metadata.eventId,
      type: 'OrderPlaced',
      schemaVersion: 1,
      data: { orderId: 'o-1', customerId: 'c-1', lines: [], total: 500 },
      metadata: { occurredAt: metadata.occurredAt, correlationId: 'c', causationId: 'k' },
    });

    expect(env.metadata.schemaVersion).toBe(1);
    expect(env.data).toMatchObject({ total: 500 });
  });

  it('throws for a type that is not in the catalog', () => {
    expect(() =>
      toEnvelope({
        streamId: 's',
        version: 1,
        eventId: metadata.eventId,
        type: 'Nope',
        schemaVersion: 1,
        data: {},
        metadata: { occurredAt: metadata.occurredAt, correlationId: 'c', causationId: 'k' },
      }),
    ).toThrow("Invalid stored event s@1: type: 'Nope' is not in the catalog");
  });
});
