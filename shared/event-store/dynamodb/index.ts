export type { DynamoDbEventStoreProps } from './DynamoDbEventStore';
export { DynamoDbEventStore, guardKey, MAX_EVENTS_PER_DYNAMODB_APPEND } from './DynamoDbEventStore';
export { eventToItem, ItemKind, itemToRecordedEvent } from './item-codec';
export {
  itemSize,
  MAX_ITEM_BYTES,
  MAX_TRANSACTION_ACTIONS,
  MAX_TRANSACTION_BYTES,
} from './item-size';
export { eventTableDefinition } from './table-definition';
