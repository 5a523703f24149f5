import type { EventStore, RecordedEvent } from '../../../shared/event-store/types';

/** Every event of a stream, following the forward cursor page by page. */
export async function readAll(
  store: EventStore,
  streamId: string,
  maxCount = 1000,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let from: number | undefined = 1;
  while (from !== undefined) {
    const page = await store.read(streamId, { fromVersion: from, maxCount });
    events.push(...page.events);
    from = page.nextVersion;
  }
  return events;
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}
