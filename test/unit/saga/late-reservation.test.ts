import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadAggregate } from '../../../shared/command/load-aggregate';
import { inventoryDecider } from '../../../shared/domain/inventory/inventory';
import { InMemoryEventStore } from '../../../shared/event-store/in-memory/InMemoryEventStore';
import { InMemoryAttemptCounter, SandboxPaymentGateway } from '../../../shared/payments';
import { OrderNotConfirmable, rejectOrder, releaseStock, reserveLine } from '../../../shared/saga';

const meta = { occurredAt: '2026-01-01T00:00:00.000Z', correlationId: 'c', causationId: 'k' };

describe('Function: reserveLine', () => {
  it('releases a reservation that lands after its order was rejected (regression: sim seed 16)', async () => {
    // Prepare: an order with a line of SKU-A; stock for it; the saga already
    // compensated (released nothing yet, rejected the order) — as when a Map
    // sibling's invocation was still in flight.
    const store = new InMemoryEventStore();
    const deps = {
      store,
      gateway: new SandboxPaymentGateway(new InMemoryAttemptCounter()),
      now: () => meta.occurredAt,
    };
    const orderId = randomUUID();
    await store.append(
      'inventory-SKU-A',
      [
        {
          eventId: randomUUID(),
          type: 'StockAdded',
          schemaVersion: 1,
          data: { sku: 'SKU-A', quantity: 5 },
          metadata: meta,
        },
      ],
      { expectedVersion: 'no_stream' },
    );
    await store.append(
      `order-${orderId}`,
      [
        {
          eventId: randomUUID(),
          type: 'OrderPlaced',
          schemaVersion: 2,
          data: {
            orderId,
            customerId: 'c1',
            lines: [
              { sku: 'SKU-A', quantity: 2, unitPrice: { amount: 100, currency: 'EUR' } },
              { sku: 'SKU-B', quantity: 9, unitPrice: { amount: 100, currency: 'EUR' } },
            ],
            total: { amount: 1100, currency: 'EUR' },
          },
          metadata: meta,
        },
      ],
      { expectedVersion: 'no_stream' },
    );
    const origin = { execution: `order-${orderId}`, correlationId: 'c' };
    await releaseStock(deps, origin, orderId);
    await rejectOrder(deps, origin, orderId, { step: 'ReserveStock', error: 'StockRejected' });

    // Act: the sibling's reservation lands now.
    const late = reserveLine(deps, origin, orderId, { sku: 'SKU-A', quantity: 2 });

    // Assess: refused as unconfirmable, and nothing stays held.
    await expect(late).rejects.toBeInstanceOf(OrderNotConfirmable);
    const { state } = await loadAggregate(store, inventoryDecider, 'inventory-SKU-A');
    expect(state.reservations[orderId]).toBeUndefined();
    expect(state.available).toBe(5);
  });
});
