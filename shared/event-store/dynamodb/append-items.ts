import { LimitExceededError, PayloadTooLargeError } from '../../errors';
import type { NewEvent, SnapshotToWrite } from '../types';
import type { Item } from './EventTable';
import { eventToItem } from './item-codec';
import {
  itemSize,
  MAX_ITEM_BYTES,
  MAX_TRANSACTION_ACTIONS,
  MAX_TRANSACTION_BYTES,
} from './item-size';

/**
 * The items of an append at versions `base + 1 …`, the snapshot on the last
 * one, checked against DynamoDB's limits so that nothing too large is ever
 * sent. A snapshot that would push its item over 400 KB is left out (loading
 * then folds the events instead); an event that is over it alone is refused.
 * @throws PayloadTooLargeError naming the stream, the event and the sizes,
 *   for an item over 400 KB or items over 4 MB in all (one transaction).
 * @throws LimitExceededError above 100 items (one transaction's actions).
 */
export function appendItems(
  streamId: string,
  events: readonly NewEvent[],
  base: number,
  snapshot: SnapshotToWrite | undefined,
): Item[] {
  if (events.length > MAX_TRANSACTION_ACTIONS) {
    throw new LimitExceededError(
      `actions of the DynamoDB transaction appending to '${streamId}'`,
      events.length,
      MAX_TRANSACTION_ACTIONS,
    );
  }
  const snapshotState = snapshot === undefined ? undefined : JSON.stringify(snapshot.state);
  const items = events.map((event, i) => {
    const recorded = { ...event, streamId, version: base + i + 1 };
    const last = i === events.length - 1;
    const bare = eventToItem(recorded);
    const bareSize = itemSize(bare);
    if (bareSize > MAX_ITEM_BYTES) {
      throw new PayloadTooLargeError(
        `event ${event.eventId} (${event.type}) of stream '${streamId}' as a DynamoDB item`,
        bareSize,
        MAX_ITEM_BYTES,
      );
    }
    if (!last || snapshot === undefined || snapshotState === undefined) return bare;
    const withSnapshot = eventToItem(recorded, { key: snapshot.key, state: snapshotState });
    return itemSize(withSnapshot) <= MAX_ITEM_BYTES ? withSnapshot : bare;
  });
  let total = items.reduce((sum, item) => sum + itemSize(item), 0);
  const lastIndex = items.length - 1;
  const last = items[lastIndex];
  if (total > MAX_TRANSACTION_BYTES && last?.snapshot !== undefined) {
    // The snapshot is what tips the transaction over: leave it out, as for an item.
    const bare = eventToItem({
      ...(events[lastIndex] as NewEvent),
      streamId,
      version: base + items.length,
    });
    total += itemSize(bare) - itemSize(last);
    items[lastIndex] = bare;
  }
  if (total > MAX_TRANSACTION_BYTES) {
    throw new PayloadTooLargeError(
      `append of ${events.length} events to '${streamId}' as a DynamoDB transaction`,
      total,
      MAX_TRANSACTION_BYTES,
    );
  }
  return items;
}
