import { EventlineError } from '../errors';

/**
 * Some, but not all, of an append's event ids are already in the stream. The
 * append is refused: it is neither a retry of an earlier append (all ids
 * present) nor a new one (no id present), so writing it would duplicate or
 * lose events.
 */
export class IdempotencyConflictError extends EventlineError {
  readonly streamId: string;
  /** The ids of the append that are already in the stream. */
  readonly existingEventIds: readonly string[];

  constructor(streamId: string, existingEventIds: readonly string[], options?: ErrorOptions) {
    super(
      `Append to stream '${streamId}' repeats ${existingEventIds.length} event id(s) already in the stream (${existingEventIds.join(', ')}) alongside new ones`,
      options,
    );
    this.name = 'IdempotencyConflictError';
    this.streamId = streamId;
    this.existingEventIds = existingEventIds;
  }
}
