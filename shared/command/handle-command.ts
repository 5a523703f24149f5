import type { Decider } from '../domain/decider';
import { VersionConflictError } from '../errors';
import type { EventStore, NewEvent, RecordedEvent } from '../event-store/types';
import type { DomainEvent } from '../events/catalog';
import { EventCatalog } from '../events/catalog';
import { validateEventData } from '../events/validate';
import type { RetryOptions } from '../runtime/retry';
import { maxAttempts as attemptsOf, backoff } from '../runtime/retry';
import type { LoadedAggregate } from './load-aggregate';
import { loadAggregate } from './load-aggregate';
import { COMMAND_RETRY, validateRetryOptions } from './retry';

/** What the caller knows about the command: ids and time, never generated in the domain. */
export interface CommandContext {
  /** Carried into every event's metadata. */
  readonly correlationId: string;
  /** Usually the command's id. */
  readonly causationId: string;
  /** A fresh UUID for each new event. */
  newEventId(): string;
  /**
   * The id of the `index`-th event (from 0) of this command, when ids must be
   * deterministic (a saga step derives them from its execution and state, so
   * that a retried step re-appends the same ids, which the store absorbs).
   * Takes precedence over `newEventId`.
   */
  eventIdFor?(index: number): string;
  /** The current time, ISO 8601. */
  now(): string;
}

export interface HandleCommandOptions<C, E extends DomainEvent, S> {
  readonly store: EventStore;
  readonly decider: Decider<C, E, S>;
  readonly streamId: string;
  readonly command: C;
  readonly context: CommandContext;
  /** @default up to 8 attempts, full-jitter back-off from 10 ms capped at 1 s */
  readonly retry?: RetryOptions;
}

export interface CommandResult<S> {
  readonly streamId: string;
  /** The stream's version after the command. */
  readonly version: number;
  /** The events the command appended (none when it decided nothing). */
  readonly events: readonly RecordedEvent[];
  /** The state after the command, as a fold of the stored events gives it. */
  readonly state: S;
  /** Attempts it took (1 without conflicts). */
  readonly attempts: number;
}

/**
 * Runs one command: load → decide → validate → append, with the loaded
 * version as the expected version and the new state as the snapshot, written
 * in the same atomic append. A decision of no events appends nothing.
 *
 * On a `VersionConflictError` it starts again from load (the command is
 * decided against fresh state, with fresh event ids) after a full-jitter
 * back-off, up to `retry.maxAttempts` attempts in all; then it throws the
 * last conflict. Every other error — `DomainRuleError` from `decide`,
 * `ValidationError` for event data the catalog refuses, store errors — is
 * thrown at once, as it is.
 */
export async function handleCommand<C, E extends DomainEvent, S>(
  options: HandleCommandOptions<C, E, S>,
): Promise<CommandResult<S>> {
  validateRetryOptions(options.retry);
  const maxAttempts = attemptsOf(options.retry, COMMAND_RETRY);
  for (let attempt = 1; ; attempt++) {
    try {
      return { ...(await attemptCommand(options)), attempts: attempt };
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= maxAttempts) throw error;
      await backoff(attempt, options.retry, COMMAND_RETRY);
    }
  }
}

/** One attempt, each step named; a version conflict escapes to the retry loop. */
async function attemptCommand<C, E extends DomainEvent, S>(
  options: HandleCommandOptions<C, E, S>,
): Promise<Omit<CommandResult<S>, 'attempts'>> {
  const { store, decider, streamId, command, context } = options;
  const loaded = await loadAggregate(store, decider, streamId);
  const decided = decider.decide(command, loaded.state);
  if (decided.length === 0) {
    return { streamId, version: loaded.version, events: [], state: loaded.state };
  }
  const events = validateEvents(decided);
  // Folded from the validated data, so the snapshot equals a fold of what is stored.
  const state = events.reduce((s, e) => decider.evolve(s, e), loaded.state);
  const newEvents = events.map((event, index) => toNewEvent(event, context, index));
  const version = await appendDecided(options, loaded, newEvents, state);
  const first = version - newEvents.length + 1;
  return {
    streamId,
    version,
    events: newEvents.map((event, i) => ({ ...event, streamId, version: first + i })),
    state,
  };
}

/**
 * Checks each decided event's data against the catalog's current schema.
 * @returns the events with their parsed data (unknown keys stripped).
 * @throws ValidationError naming the event type and each bad field's path.
 */
function validateEvents<E extends DomainEvent>(events: readonly E[]): E[] {
  return events.map((event) => ({ ...event, data: validateEventData(event.type, event.data) }));
}

/** A decided event as the store takes it: id, schema version and metadata added. */
function toNewEvent(event: DomainEvent, context: CommandContext, index: number): NewEvent {
  return {
    eventId: context.eventIdFor ? context.eventIdFor(index) : context.newEventId(),
    type: event.type,
    schemaVersion: EventCatalog[event.type].schemaVersion,
    data: event.data,
    metadata: {
      occurredAt: context.now(),
      correlationId: context.correlationId,
      causationId: context.causationId,
    },
  };
}

/** Appends at the loaded version with the new state as snapshot; returns the new version. */
async function appendDecided<C, E extends DomainEvent, S>(
  options: HandleCommandOptions<C, E, S>,
  loaded: LoadedAggregate<S>,
  newEvents: readonly NewEvent[],
  state: S,
): Promise<number> {
  const result = await options.store.append(options.streamId, newEvents, {
    expectedVersion: loaded.version,
    snapshot: { key: options.decider.snapshotKey, state },
  });
  return result.nextExpectedVersion;
}
