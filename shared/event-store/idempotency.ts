import { IdempotencyConflictError } from './errors';
import type { AppendResult, ExpectedVersion, NewEvent, RecordedEvent } from './types';

/**
 * Which stored versions an append's event ids are looked for at, given the
 * stream's current version — the places where a retry of the same append
 * finds its events, as in EventStoreDB:
 * - an exact expected version `e` (`no_stream` = 0) below the current
 *   version: `e + 1 … e + k`, where the original append put them;
 * - `any` or `stream_exists`: the stream's newest `k` events;
 * - an exact version equal to or above the current one: nowhere (the append
 *   is either new or a version conflict).
 *
 * `k` is the number of events in the append. Ids further back in the stream
 * are not searched, so an append at the current version whose ids occur
 * earlier in the stream is written again.
 * @returns the inclusive range of versions to look at, or undefined for none.
 */
export function idempotencyWindow(
  expected: ExpectedVersion,
  current: number,
  count: number,
): { readonly from: number; readonly to: number } | undefined {
  if (expected === 'any' || expected === 'stream_exists') {
    return current === 0 ? undefined : { from: Math.max(1, current - count + 1), to: current };
  }
  const e = expected === 'no_stream' ? 0 : expected;
  return e < current ? { from: e + 1, to: Math.min(current, e + count) } : undefined;
}

/**
 * Decides whether an append was already made, from the stored events in its
 * idempotency window (oldest first).
 * @returns `{ written: false }` with the version of the append's last event
 *   when the window holds exactly the append's ids in the append's order;
 *   undefined when it holds none of them (a new append).
 * @throws IdempotencyConflictError when it holds some of them, or all in
 *   another order: the append is neither a retry nor new, so writing it
 *   would duplicate events and refusing it silently would lose some.
 */
export function priorAppendResult(
  streamId: string,
  events: readonly NewEvent[],
  window: readonly RecordedEvent[],
): AppendResult | undefined {
  const stored = new Set(window.map((e) => e.eventId.toLowerCase()));
  const present = events.filter((e) => stored.has(e.eventId.toLowerCase()));
  if (present.length === 0) return undefined;
  const retried =
    window.length === events.length &&
    events.every((e, i) => window[i]?.eventId.toLowerCase() === e.eventId.toLowerCase());
  if (!retried) {
    throw new IdempotencyConflictError(
      streamId,
      present.map((e) => e.eventId),
    );
  }
  return { nextExpectedVersion: window[window.length - 1]?.version ?? 0, written: false };
}
