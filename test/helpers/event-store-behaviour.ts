import { describe } from 'vitest';
import type { EventStore } from '../../shared/event-store/types';
import { appendBehaviour } from './event-store-behaviour/append';
import { concurrencyBehaviour } from './event-store-behaviour/concurrency';
import { idempotencyBehaviour } from './event-store-behaviour/idempotency';
import { readBehaviour } from './event-store-behaviour/read';
import { snapshotBehaviour } from './event-store-behaviour/snapshots';
import type { BehaviourContext } from './event-store-behaviour/types';

export interface EventStoreBehaviourOptions {
  /** Most events the implementation accepts in one append. @default 100 */
  readonly maxEventsPerAppend?: number;
  /** Timeout of each concurrency test. @default 60_000 ms */
  readonly concurrencyTimeoutMs?: number;
}

/**
 * The behaviour every `EventStore` implementation must show, as vitest tests:
 * expected versions, contiguous versions, atomic appends, idempotent
 * re-appends, the append limit, validation, reads and paging, snapshots,
 * isolation from callers' objects, and correctness under concurrent callers.
 *
 * It uses only the port, a fresh stream id in every test (so one store may
 * serve all tests, as a DynamoDB table does), and no timing assumptions, so
 * the same suite runs on the in-memory store and on DynamoDB Local.
 */
export function eventStoreBehaviour(
  name: string,
  makeStore: () => EventStore | Promise<EventStore>,
  options: EventStoreBehaviourOptions = {},
): void {
  const context: BehaviourContext = {
    name,
    makeStore: async () => makeStore(),
    maxEventsPerAppend: options.maxEventsPerAppend ?? 100,
    concurrencyTimeoutMs: options.concurrencyTimeoutMs ?? 60_000,
  };
  describe(`EventStore behaviour: ${name}`, () => {
    describe('Method: append', () => appendBehaviour(context));
    describe('Idempotency', () => idempotencyBehaviour(context));
    describe('Method: read', () => readBehaviour(context));
    describe('Method: readSnapshot', () => snapshotBehaviour(context));
    describe('Concurrency', () => concurrencyBehaviour(context));
  });
}
