import { describe, expect, it } from 'vitest';
import type { InventoryEvent } from '../../../shared/domain';
import { inventoryDecider } from '../../../shared/domain';
import { spec } from '../../helpers/decider-spec';

const added = (quantity: number): InventoryEvent => ({
  type: 'StockAdded',
  data: { sku: 'A', quantity },
});
const reserved = (orderId: string, quantity: number): InventoryEvent => ({
  type: 'StockReserved',
  data: { sku: 'A', orderId, quantity },
});
const released = (orderId: string, quantity: number): InventoryEvent => ({
  type: 'StockReleased',
  data: { sku: 'A', orderId, quantity },
});
const item = spec(inventoryDecider);

describe('Decider: inventory item', () => {
  describe('Command: AddStock', () => {
    it('adds stock', () => {
      item
        .given([])
        .when({ type: 'AddStock', sku: 'A', quantity: 5 })
        .thenEmits([added(5)]);
    });

    it.each([0, -2, 0.5])('refuses quantity %s', (quantity) => {
      item
        .given([])
        .when({ type: 'AddStock', sku: 'A', quantity })
        .thenThrows('inventory.bad_quantity');
    });
  });

  describe('Command: ReserveStock', () => {
    it('reserves what is available', () => {
      item
        .given([added(5)])
        .when({ type: 'ReserveStock', sku: 'A', orderId: 'o-1', quantity: 5 })
        .thenEmits([reserved('o-1', 5)]);
    });

    it('rejects a reservation larger than what is available, as an event', () => {
      item
        .given([added(5), reserved('o-1', 4)])
        .when({ type: 'ReserveStock', sku: 'A', orderId: 'o-2', quantity: 2 })
        .thenEmits([
          {
            type: 'StockReservationRejected',
            data: { sku: 'A', orderId: 'o-2', requested: 2, available: 1 },
          },
        ]);
    });

    it('does nothing when the order already holds a reservation', () => {
      item
        .given([added(5), reserved('o-1', 2)])
        .when({ type: 'ReserveStock', sku: 'A', orderId: 'o-1', quantity: 2 })
        .thenEmits([]);
    });

    it('refuses a non-positive quantity', () => {
      item
        .given([added(5)])
        .when({ type: 'ReserveStock', sku: 'A', orderId: 'o-1', quantity: 0 })
        .thenThrows('inventory.bad_quantity');
    });
  });

  describe('Command: ReleaseStock', () => {
    it("releases exactly the order's reservation", () => {
      item
        .given([added(5), reserved('o-1', 3)])
        .when({ type: 'ReleaseStock', sku: 'A', orderId: 'o-1' })
        .thenEmits([released('o-1', 3)]);
    });

    it('is idempotent: releasing twice, or with nothing reserved, emits nothing', () => {
      item
        .given([added(5), reserved('o-1', 3), released('o-1', 3)])
        .when({ type: 'ReleaseStock', sku: 'A', orderId: 'o-1' })
        .thenEmits([]);
      item
        .given([added(5)])
        .when({ type: 'ReleaseStock', sku: 'A', orderId: 'o-9' })
        .thenEmits([]);
    });

    it('never makes available stock exceed what was added', () => {
      const state = item.given([added(5), reserved('o-1', 3), released('o-1', 3)]).state();
      expect(state.available).toBe(5);
      expect(state.added).toBe(5);
    });
  });
});
