export { ProjectionConflictError, ProjectionStateError } from './errors';
export type { ItemKey } from './keys';
export { Keys, versionPrefix } from './keys';
export type { ProjectionName, ReadModelName } from './names';
export { isProjectionName, PROJECTIONS, ProjectionNames, ReadModelNames } from './names';
export type { OrderSummary, PaymentStatus, ReservationStatus } from './order-summary';
export type { ProjectionOutcome, ProjectorOptions } from './Projector';
export { fromItem, Projector } from './Projector';
export type { ProjectedEvent } from './projected-event';
export { fromEnvelope, fromRecorded } from './projected-event';
export type { ProjectionState } from './projection-states';
export {
  beginRebuild,
  FIRST_VERSION,
  readProjectionStates,
  switchToVersion,
} from './projection-states';
export type { Freshness, ReadModelPage } from './queries';
export { ReadModelQueries } from './queries';
export type { ItemPage, QueryOptions, StoredItem } from './ReadModelTable';
export { CursorError, ReadModelTable } from './ReadModelTable';
export type { RebuildCheckpoint, RebuildOptions, RebuildProgress, RebuildResult } from './rebuild';
export { rebuildProjection } from './rebuild';
export type { SalesDay } from './sales-daily';
export type { StockLevel } from './stock-level';
export { readModelTableDefinition } from './table-definition';
