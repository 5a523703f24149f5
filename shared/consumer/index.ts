export type {
  ConsumedEventContext,
  ConsumeEventBatchOptions,
  EventHandler,
} from './consume-event-batch';
export { consumeEventBatch } from './consume-event-batch';
export { PoisonMessageError } from './errors';
// Not `./idempotent-operation`: importing it loads Powertools idempotency and
// its JMESPath engine, whose modules run code when loaded, so a bundler keeps
// them in every consumer that imports this index. Consumers with side effects
// import `shared/consumer/idempotent-operation` themselves.
export type { EventBridgeInSqsRecord } from './schemas';
export { DomainEventBridgeEventSchema, EventBridgeInSqsRecordSchema } from './schemas';
