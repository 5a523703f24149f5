export type { DynamoDbEventStoreProps } from './DynamoDbEventStore';
export { DynamoDbEventStore, SNAPSHOT_LOOKBACK } from './DynamoDbEventStore';
export type { ConsumedCapacityListener } from './EventTable';
export { EventTableError } from './errors';
export type { ItemSnapshot } from './item-codec';
export { eventToItem, ItemKind, itemSnapshot, itemToRecordedEvent } from './item-codec';
export {
  itemSize,
  MAX_ITEM_BYTES,
  MAX_TRANSACTION_ACTIONS,
  MAX_TRANSACTION_BYTES,
} from './item-size';
export { eventTableDefinition } from './table-definition';
