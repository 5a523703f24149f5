/**
 * The typed errors every eventline module raises. Each carries the context an
 * operator needs (the field, the value, the limit) and, where it wraps another
 * failure, its `cause`. Adapters turn SDK errors into these.
 */

/** Base class of every eventline error. */
export class EventlineError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EventlineError';
  }
}

/** One problem found while validating input: where, and what is wrong. */
export interface ValidationIssue {
  /** Path to the bad field, e.g. `lines.0.quantity` (empty for the root). */
  readonly path: string;
  /** What is wrong with it. */
  readonly message: string;
}

/** Input failed validation. Lists every bad field, each with its path. */
export class ValidationError extends EventlineError {
  readonly issues: readonly ValidationIssue[];
  /** What was being validated, e.g. an event type or `request body`. */
  readonly subject: string;

  constructor(subject: string, issues: readonly ValidationIssue[], options?: ErrorOptions) {
    const summary = issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
    super(`Invalid ${subject}: ${summary}`, options);
    this.name = 'ValidationError';
    this.subject = subject;
    this.issues = issues;
  }
}

/** The stream's version was not the one the append expected. */
export class VersionConflictError extends EventlineError {
  readonly streamId: string;
  /** The expected version the caller passed (`any`, `no_stream`, `stream_exists` or a number). */
  readonly expected: string | number;
  /** The stream's version when the append was refused (0 = no stream), when known. */
  readonly actual: number | undefined;

  constructor(
    streamId: string,
    expected: string | number,
    actual: number | undefined,
    options?: ErrorOptions,
  ) {
    super(
      `Version conflict on stream '${streamId}': expected ${String(expected)}, actual ${
        actual === undefined ? 'unknown' : String(actual)
      }`,
      options,
    );
    this.name = 'VersionConflictError';
    this.streamId = streamId;
    this.expected = expected;
    this.actual = actual;
  }
}

/** A domain rule refused a command (e.g. confirming a cancelled order). */
export class DomainRuleError extends EventlineError {
  /** A stable, machine-readable code for the rule, e.g. `order.not_placed`. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DomainRuleError';
    this.code = code;
  }
}

/** A payload is over a service limit; refused before any call. */
export class PayloadTooLargeError extends EventlineError {
  /** What is too large, e.g. `event 3f2a… (OrderPlaced)` or `append to order-1`. */
  readonly subject: string;
  readonly sizeBytes: number;
  readonly limitBytes: number;

  constructor(subject: string, sizeBytes: number, limitBytes: number, options?: ErrorOptions) {
    super(`${subject} is ${sizeBytes} bytes, over the limit of ${limitBytes} bytes`, options);
    this.name = 'PayloadTooLargeError';
    this.subject = subject;
    this.sizeBytes = sizeBytes;
    this.limitBytes = limitBytes;
  }
}

/** A request exceeds a count limit (events per append, entries per batch). */
export class LimitExceededError extends EventlineError {
  readonly subject: string;
  readonly count: number;
  readonly limit: number;

  constructor(subject: string, count: number, limit: number, options?: ErrorOptions) {
    super(`${subject}: ${count} is over the limit of ${limit}`, options);
    this.name = 'LimitExceededError';
    this.subject = subject;
    this.count = count;
    this.limit = limit;
  }
}

/** A stream that was required to exist does not. */
export class StreamNotFoundError extends EventlineError {
  readonly streamId: string;

  constructor(streamId: string, options?: ErrorOptions) {
    super(`Stream '${streamId}' does not exist`, options);
    this.name = 'StreamNotFoundError';
    this.streamId = streamId;
  }
}
