export type {
  ConsumedEventContext,
  ConsumeEventBatchOptions,
  EventHandler,
} from './consume-event-batch';
export { consumeEventBatch } from './consume-event-batch';
export { PoisonMessageError } from './errors';
export type { IdempotentOperation, IdempotentOperationOptions } from './idempotent-operation';
export { IDEMPOTENCY_EXPIRY_SECONDS, idempotentOperation } from './idempotent-operation';
export type { EventBridgeInSqsRecord } from './schemas';
export { DomainEventBridgeEventSchema, EventBridgeInSqsRecordSchema } from './schemas';
