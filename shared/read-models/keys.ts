import type { ProjectionName, ReadModelName } from './names';

/**
 * Keys of the read-model table (`pk`, `sk`, both strings). Every read model
 * carries its version in its partition key (`OrderSummary@2#…`), so a
 * rebuild writes a new version beside the live one and a switch makes it
 * active without touching either.
 */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

const prefix = (model: ReadModelName, version: number) => `${model}@${version}`;

export const Keys = {
  /** One order's summary. */
  orderSummary: (version: number, orderId: string): ItemKey => ({
    pk: `${prefix('OrderSummary', version)}#${orderId}`,
    sk: 'summary',
  }),
  /** One order in its customer's collection, newest first by `placedAt`. */
  customerOrder: (
    version: number,
    customerId: string,
    placedAt: string,
    orderId: string,
  ): ItemKey => ({
    pk: customerOrdersPartition(version, customerId),
    sk: `${placedAt}#${orderId}`,
  }),
  /** One SKU's stock level; all SKUs share one partition, sorted by SKU. */
  stockLevel: (version: number, sku: string): ItemKey => ({
    pk: stockLevelsPartition(version),
    sk: sku,
  }),
  /** One day's sales in one currency; all days share one partition, sorted by day. */
  salesDay: (version: number, day: string, currency: string): ItemKey => ({
    pk: salesDailyPartition(version),
    sk: `${day}#${currency}`,
  }),
  /** Marks an event as counted in `SalesDaily` (written in the counters' transaction). */
  salesMarker: (version: number, eventId: string): ItemKey => ({
    pk: `${prefix('SalesDaily', version)}#counted`,
    sk: eventId,
  }),
  /** Which version of a projection is active, and which is being built. */
  projectionState: (projection: ProjectionName): ItemKey => ({
    pk: '_projections',
    sk: projection,
  }),
} as const;

export function customerOrdersPartition(version: number, customerId: string): string {
  return `${prefix('CustomerOrders', version)}#${customerId}`;
}
export function stockLevelsPartition(version: number): string {
  return prefix('StockLevel', version);
}
export function salesDailyPartition(version: number): string {
  return prefix('SalesDaily', version);
}
/** Partition key prefix shared by every item of one version of a read model. */
export function versionPrefix(model: ReadModelName, version: number): string {
  return prefix(model, version);
}
