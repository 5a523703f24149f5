import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../shared/event-store/types';

/** A valid `StockAdded` event to append in store tests. */
export function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'StockAdded',
    schemaVersion: 1,
    data: { sku: 'SKU-1', quantity: 1 },
    metadata: {
      occurredAt: '2026-01-01T00:00:00.000Z',
      correlationId: 'corr-1',
      causationId: 'cmd-1',
    },
    ...overrides,
  };
}

/** `n` valid events. */
export function newEvents(n: number): NewEvent[] {
  return Array.from({ length: n }, (_, i) =>
    newEvent({ data: { sku: `SKU-${i + 1}`, quantity: i + 1 } }),
  );
}

/** A stream id no other test uses (stores may be shared across tests). */
export function uniqueStreamId(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}
