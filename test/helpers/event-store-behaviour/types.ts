import type { EventStore } from '../../../shared/event-store/types';

/** What each part of the behaviour suite needs. */
export interface BehaviourContext {
  readonly name: string;
  readonly makeStore: () => Promise<EventStore>;
  readonly maxEventsPerAppend: number;
  readonly concurrencyTimeoutMs: number;
}
