import { EventlineError } from '../errors';

/**
 * A stored event this code cannot turn into a domain event: its type is not
 * in the catalog, or its data cannot be upcast to the current schema version.
 * Loading the aggregate stops rather than folding a state that skips it.
 */
export class UnreadableEventError extends EventlineError {
  readonly streamId: string;
  readonly version: number;
  readonly type: string;

  constructor(
    streamId: string,
    version: number,
    type: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`Cannot read event ${type} at ${streamId}@${version}: ${reason}`, options);
    this.name = 'UnreadableEventError';
    this.streamId = streamId;
    this.version = version;
    this.type = type;
  }
}
