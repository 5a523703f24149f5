import type { PendingEntry } from '../../shared/publisher';
import { chunkEntries } from '../../shared/publisher';

/** One stream record: when it became readable and its stream. */
export interface StreamRecordArrival {
  readonly at: number;
  readonly streamId: string;
}

/**
 * PutEvents entries per call the outbox would make for these stream records
 * if each stream batch closed `max(windowMs, pollMs)` after its first record
 * (or at `batchSize` records): Lambda polls a shard about four times a second
 * (`pollMs` 250) and, with a batching window, waits up to the window before
 * invoking. Each batch is packed by the publisher's own `chunkEntries`.
 * Invocation time is not modelled (a batch is taken at once), so the figure
 * is a lower bound of what a slower function would reach.
 */
export function simulateOutbox(
  arrivals: readonly StreamRecordArrival[],
  windowMs: number,
  pollMs = 250,
  batchSize = 100,
): { batches: number; calls: number; entriesPerCall: number } {
  const sorted = [...arrivals].sort((a, b) => a.at - b.at);
  let batches = 0;
  let calls = 0;
  for (let i = 0; i < sorted.length; ) {
    const closes = (sorted[i] as StreamRecordArrival).at + Math.max(windowMs, pollMs);
    const batch: PendingEntry[] = [];
    while (
      i < sorted.length &&
      batch.length < batchSize &&
      (sorted[i] as StreamRecordArrival).at <= closes
    ) {
      const { streamId } = sorted[i] as StreamRecordArrival;
      batch.push({ sequenceNumber: String(i), streamId, version: i, entry: { Detail: '{}' } });
      i++;
    }
    batches += 1;
    calls += chunkEntries(batch).length;
  }
  return {
    batches,
    calls,
    entriesPerCall: calls === 0 ? 0 : Math.round((sorted.length / calls) * 100) / 100,
  };
}
