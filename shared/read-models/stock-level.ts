import type { ProjectedEvent } from './projected-event';
import { later } from './time';

/** The `StockLevel` read model: one SKU's stock. */
export interface StockLevel {
  readonly sku: string;
  /** Everything ever added. */
  readonly added: number;
  /** Held by reservations not released. */
  readonly reserved: number;
  /** added − reserved. */
  readonly available: number;
  /** Last applied version of `inventory-<sku>`. */
  readonly version: number;
  /** Time of the newest event applied. */
  readonly updatedAt: string;
}

/** The SKU an event changes the stock level of, or undefined. */
export function stockContribution(event: ProjectedEvent): string | undefined {
  switch (event.type) {
    case 'StockAdded':
    case 'StockReserved':
    case 'StockReservationRejected':
    case 'StockReleased':
      return event.data.sku;
    default:
      return undefined;
  }
}

export function emptyStockLevel(sku: string): StockLevel {
  return { sku, added: 0, reserved: 0, available: 0, version: 0, updatedAt: '' };
}

/** Applies one inventory event (the next version of the SKU's stream). */
export function applyToStockLevel(level: StockLevel, event: ProjectedEvent): StockLevel {
  let { added, reserved } = level;
  if (event.type === 'StockAdded') added += event.data.quantity;
  else if (event.type === 'StockReserved') reserved += event.data.quantity;
  else if (event.type === 'StockReleased') reserved -= event.data.quantity;
  return {
    sku: level.sku,
    added,
    reserved,
    available: added - reserved,
    version: event.version,
    updatedAt: later(event.occurredAt, level.updatedAt),
  };
}
