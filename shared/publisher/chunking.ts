import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { EVENTBRIDGE_MAX_ENTRY_BYTES, putEventsEntrySize } from '../events/entry';

/** Most entries PutEvents accepts in one call. */
export const MAX_ENTRIES_PER_CALL = 10;
/** Most bytes (entry sizes added up, as AWS measures them) PutEvents accepts in one call. */
export const MAX_BYTES_PER_CALL = EVENTBRIDGE_MAX_ENTRY_BYTES;

/** An entry to publish and the stream record it came from. */
export interface PendingEntry {
  readonly sequenceNumber: string;
  readonly streamId: string;
  /** The event's position in its stream. */
  readonly version: number;
  readonly entry: PutEventsRequestEntry;
}

/**
 * Splits entries, in order, into PutEvents calls of at most 10 entries and
 * 1 MiB, never putting two events of one stream in the same call. Why: only
 * the failed entries of a call are retried, so if a stream's event N failed
 * while its event N+1 in the same call went through, the retry would put N
 * on the bus after N+1. One event per stream per call keeps each stream's
 * events accepted in order; the price is one call per event when a batch
 * holds a single busy stream.
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
