import type { ValidationIssue } from '../errors';
import { ValidationError } from '../errors';

/**
 * An incoming event could not be parsed into a typed envelope. Names the
 * event type (or `unknown`), and each problem with its path.
 */
export class EventParseError extends ValidationError {
  /** The event's `detail-type`, when it had one. */
  readonly eventType: string;

  constructor(eventType: string, issues: readonly ValidationIssue[], options?: ErrorOptions) {
    super(`${eventType} event`, issues, options);
    this.name = 'EventParseError';
    this.eventType = eventType;
  }
}
