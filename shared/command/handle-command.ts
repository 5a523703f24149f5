import type { Decider } from '../domain/decider';
import { VersionConflictError } from '../errors';
import type { EventStore, NewEvent, RecordedEvent } from '../event-store/types';
import type { DomainEvent } from '../events/catalog';
import { EventCatalog } from '../events/catalog';
import { validateEventData } from '../events/validate';
import { loadAggregate } from './load-aggregate';
import type { RetryOptions } from './retry';
import { backoffDelay, DEFAULT_MAX_ATTEMPTS, realSleep } from './retry';

/** What the caller knows about the command: ids and time, never generated in the domain. */
export interface CommandContext {
  /** Carried into every event's metadata. */
  readonly correlationId: string;
  /** Usually the command's id. */
  readonly causationId: string;
  /** A fresh UUID for each new event. */
  newEventId(): string;
  /** The current time, ISO 8601. */
  now(): string;
}

export interface HandleCommandOptions<C, E extends DomainEvent, S> {
  readonly store: EventStore;
  readonly decider: Decider<C, E, S>;
  readonly streamId: string;
  readonly command: C;
  readonly context: CommandContext;
  readonly retry?: RetryOptions;
}

export interface CommandResult<S> {
  readonly streamId: string;
  /** The stream's version after the command. */
  readonly version: number;
  /** The events the command appended (none when it decided nothing). */
  readonly events: readonly RecordedEvent[];
  readonly state: S;
  /** Attempts it took (1 without conflicts). */
  readonly attempts: number;
}

/**
 * Runs one command: load → decide → validate → append with the loaded version
 * as the expected version, writing the new state as the snapshot in the same
 * atomic append. On a version conflict it starts again from load, after a
 * jittered back-off, up to `maxAttempts`; then the last conflict is thrown.
 * Domain rule errors and validation errors are thrown as they are.
 */
export async function handleCommand<C, E extends DomainEvent, S>(
  options: HandleCommandOptions<C, E, S>,
): Promise<CommandResult<S>> {
  const { store, decider, streamId, command, context } = options;
  const maxAttempts = options.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const sleep = options.retry?.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    const loaded = await loadAggregate(store, decider, streamId);
    const decided = decider.decide(command, loaded.state);
    if (decided.length === 0) {
      return {
        streamId,
        version: loaded.version,
        events: [],
        state: loaded.state,
        attempts: attempt,
      };
    }
    const newEvents = decided.map((event) => toNewEvent(event, context));
    const state = decided.reduce((s, e) => decider.evolve(s, e), loaded.state);
    try {
      const result = await store.append(streamId, newEvents, {
        expectedVersion: loaded.version,
        snapshot: { key: decider.snapshotKey, state },
      });
      const events = newEvents.map((event, i) => ({
        ...event,
        streamId,
        version: loaded.version + i + 1,
      }));
      return { streamId, version: result.nextExpectedVersion, events, state, attempts: attempt };
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= maxAttempts) throw error;
      await sleep(backoffDelay(attempt, options.retry));
    }
  }
}

function toNewEvent(event: DomainEvent, context: CommandContext): NewEvent {
  const data = validateEventData(event.type, event.data);
  return {
    eventId: context.newEventId(),
    type: event.type,
    schemaVersion: EventCatalog[event.type].schemaVersion,
    data,
    metadata: {
      occurredAt: context.now(),
      correlationId: context.correlationId,
      causationId: context.causationId,
    },
  };
}
