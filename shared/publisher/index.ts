export type { PendingEntry } from './chunking';
export { chunkEntries, MAX_BYTES_PER_CALL, MAX_ENTRIES_PER_CALL } from './chunking';
export type { OutboxPublisherProps, PublisherLogger, PublishResult } from './OutboxPublisher';
export { OutboxPublisher } from './OutboxPublisher';
export type { EventRecord } from './stream-records';
export { eventRecords } from './stream-records';
