/** The read models the projector maintains. */
export const ReadModelNames = {
  OrderSummary: 'OrderSummary',
  CustomerOrders: 'CustomerOrders',
  StockLevel: 'StockLevel',
  SalesDaily: 'SalesDaily',
} as const;
export type ReadModelName = (typeof ReadModelNames)[keyof typeof ReadModelNames];

/**
 * Read models that are rebuilt and switched as one: `CustomerOrders` is
 * written in the same transaction as `OrderSummary` (it is that model's index
 * by customer), so it follows `OrderSummary`'s version.
 */
export const ProjectionNames = {
  OrderSummary: 'OrderSummary',
  StockLevel: 'StockLevel',
  SalesDaily: 'SalesDaily',
} as const;
export type ProjectionName = (typeof ProjectionNames)[keyof typeof ProjectionNames];

/** Every projection, in a stable order. */
export const PROJECTIONS: readonly ProjectionName[] = Object.values(ProjectionNames);

/** True when `name` is one of the projections. */
export function isProjectionName(name: string): name is ProjectionName {
  return (PROJECTIONS as readonly string[]).includes(name);
}
