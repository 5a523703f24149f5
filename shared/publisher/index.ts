export type { PendingEntry } from './chunking';
export { chunkEntries, MAX_BYTES_PER_CALL, MAX_ENTRIES_PER_CALL } from './chunking';
export { UnpublishableEventError, UnpublishableReason } from './errors';
export type { OutboxPublisherProps, PublisherLogger, PublishResult } from './OutboxPublisher';
export { OutboxPublisher } from './OutboxPublisher';
export type { EntryFailureKind } from './retryable';
export { classifyEntryError, isRetryableCallError } from './retryable';
export type { EventRecord, UndecodableRecord } from './stream-records';
export { eventRecords, fromStreamImage } from './stream-records';
