import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { putEventsEntrySize } from '../../../shared/events/entry';
import type { PendingEntry } from '../../../shared/publisher';
import { chunkEntries, MAX_BYTES_PER_CALL, MAX_ENTRIES_PER_CALL } from '../../../shared/publisher';

/** An entry of exactly `bytes` bytes as AWS measures it, for `streamId`. */
function entryOf(streamId: string, bytes: number, n = 0): PendingEntry {
  const frame: PutEventsRequestEntry = { Source: 's', DetailType: 'd', Detail: '{"x":""}' };
  const pad = bytes - putEventsEntrySize(frame);
  const entry = { ...frame, Detail: `{"x":"${'y'.repeat(pad)}"}` };
  expect(putEventsEntrySize(entry)).toBe(bytes);
  return { sequenceNumber: String(n), streamId, version: 1, entry };
}

const sizes = (chunks: PendingEntry[][]) => chunks.map((c) => c.map((p) => p.streamId));

describe('Function: chunkEntries', () => {
  it('fills a call to exactly 1 MiB and starts a new one for one byte more', () => {
    // Prepare
    const half = MAX_BYTES_PER_CALL / 2;
    const exact = [entryOf('a', half), entryOf('b', half)];
    const over = [entryOf('a', half), entryOf('b', half + 1)];

    // Act / Assess
    expect(sizes(chunkEntries(exact))).toEqual([['a', 'b']]);
    expect(sizes(chunkEntries(over))).toEqual([['a'], ['b']]);
  });

  it('puts at most 10 entries in a call, keeping their order', () => {
    const entries = Array.from({ length: 21 }, (_, i) => entryOf(`s${i}`, 100, i));

    const chunks = chunkEntries(entries);

    expect(chunks.map((c) => c.length)).toEqual([MAX_ENTRIES_PER_CALL, MAX_ENTRIES_PER_CALL, 1]);
    expect(chunks.flat()).toEqual(entries);
  });

  it('starts a new call when a stream already has an event in the current one', () => {
    const chunks = chunkEntries([entryOf('a', 10), entryOf('b', 10), entryOf('a', 10)]);

    expect(sizes(chunks)).toEqual([['a', 'b'], ['a']]);
  });

  it('gives nothing for nothing', () => {
    expect(chunkEntries([])).toEqual([]);
  });
});
