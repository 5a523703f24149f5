export { IdempotencyConflictError } from './errors';
export { idempotencyWindow, priorAppendResult } from './idempotency';
export type { InMemoryEventStoreOptions } from './in-memory/InMemoryEventStore';
export { InMemoryEventStore } from './in-memory/InMemoryEventStore';
export type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  NewEvent,
  NewEventMetadata,
  ReadOptions,
  ReadPage,
  RecordedEvent,
  Snapshot,
  SnapshotToWrite,
} from './types';
export { MAX_EVENTS_PER_APPEND } from './types';
export type { ResolvedReadOptions } from './validation';
export {
  DEFAULT_PAGE_SIZE,
  expectedVersionHolds,
  MAX_PAGE_SIZE,
  MAX_STREAM_ID_LENGTH,
  resolveReadOptions,
  validateAppend,
  validateExpectedVersion,
  validateStreamId,
} from './validation';
