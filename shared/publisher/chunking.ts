import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { putEventsEntrySize } from '../events/entry';

/** Most entries PutEvents accepts in one call. */
export const MAX_ENTRIES_PER_CALL = 10;
/** Most bytes (entry sizes added up) PutEvents accepts in one call. */
export const MAX_BYTES_PER_CALL = 1024 * 1024;

/** An entry to publish and the stream record it came from. */
export interface PendingEntry {
  readonly sequenceNumber: string;
  readonly streamId: string;
  readonly entry: PutEventsRequestEntry;
}

/**
 * Splits entries, in order, into PutEvents calls of at most 10 entries and
 * 1 MB, never putting two events of one stream in the same call: a failed
 * entry is retried, and it must not end up behind a later event of its
 * stream that the same call delivered.
 */
export function chunkEntries(entries: readonly PendingEntry[]): PendingEntry[][] {
  const chunks: PendingEntry[][] = [];
  let current: PendingEntry[] = [];
  let bytes = 0;
  let streams = new Set<string>();
  for (const pending of entries) {
    const size = putEventsEntrySize(pending.entry);
    const full =
      current.length === MAX_ENTRIES_PER_CALL ||
      bytes + size > MAX_BYTES_PER_CALL ||
      streams.has(pending.streamId);
    if (full && current.length > 0) {
      chunks.push(current);
      current = [];
      bytes = 0;
      streams = new Set();
    }
    current.push(pending);
    bytes += size;
    streams.add(pending.streamId);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
