import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DynamoDBBatchItemFailure, DynamoDBRecord } from 'aws-lambda';
import { PayloadTooLargeError, ValidationError, type ValidationIssue } from '../errors';
import { toEnvelope, toPutEventsEntry } from '../events/entry';
import type { RetryDefaults, RetryOptions } from '../runtime/retry';
import { maxAttempts as attemptsOf, backoff, retryOptionIssues } from '../runtime/retry';
import type { PendingEntry } from './chunking';
import { chunkEntries } from './chunking';
import { UnpublishableEventError, UnpublishableReason } from './errors';
import { classifyEntryError, isRetryableCallError } from './retryable';
import type { EventRecord, UndecodableRecord } from './stream-records';
import { eventRecords } from './stream-records';

/** Where the publisher reports what it does (Powertools' Logger fits). */
export interface PublisherLogger {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

export interface OutboxPublisherProps {
  /** The EventBridge client; inject a mock in tests. */
  readonly client: EventBridgeClient;
  /** Name or ARN of the bus the events are put on. */
  readonly eventBusName: string;
  /**
   * How one PutEvents call is retried (failed entries only, or the whole
   * call when it was throttled or failed on the server side): attempts in
   * all, and "full jitter" exponential back-off between them.
   * @default - 4 attempts, back-off ceiling 100 ms doubling up to 2 s
   */
  readonly retry?: RetryOptions;
  /** @default - nothing is logged */
  readonly logger?: PublisherLogger;
}

/** What one stream batch came to. */
export interface PublishResult {
  /** For the Lambda response: the stream resumes at the first unpublished record. */
  readonly batchItemFailures: DynamoDBBatchItemFailure[];
  /** Events EventBridge accepted. */
  readonly published: number;
  /** Records that were not event inserts (other items, MODIFY, REMOVE). */
  readonly skipped: number;
  /** Events handed back to the stream (from the resume point on), to be published again. */
  readonly unpublished: number;
  /** Records that can never be published (0 or 1: the batch stops at the first). */
  readonly unpublishable: number;
  /** PutEvents calls made, retries included. */
  readonly calls: number;
}

const DEFAULT_RETRY: RetryDefaults = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 2000 };

/** The first record of a batch that did not get published, and whether it never can be. */
interface StopPoint {
  readonly sequenceNumber: string;
  readonly unpublishable?: { readonly reason: UnpublishableReason; readonly detail: string };
  readonly position?: string;
}

/**
 * The outbox publisher: the one path by which committed events reach
 * EventBridge. It reads a DynamoDB stream batch of the event table, turns each
 * new event into a PutEvents entry, and publishes them in record order, ≤ 10
 * entries and ≤ 1 MiB per call, one event per stream per call (see
 * `chunkEntries`). It reads `FailedEntryCount` and each entry's `ErrorCode`
 * and retries exactly the failed entries — and whole calls that were throttled
 * or failed on the server side — with jittered exponential back-off, a bounded
 * number of times.
 *
 * What still fails stops the batch: later calls are not made, and the first
 * unpublished record is returned as the batch item failure, so the stream
 * resumes there (event source mapping with `ReportBatchItemFailures`).
 * Nothing is lost and each stream stays in order; events of other streams
 * that were published after that point are published again (consumers are
 * idempotent on the event id).
 *
 * A record that can never be published — over EventBridge's entry limit,
 * undecodable, or refused by EventBridge for its content — is logged as an
 * error and counted. Everything before it is published and the stream
 * resumes at it; when it is the first record of its batch, `publish` throws
 * `UnpublishableEventError`, so that the mapping's bisect-on-error narrows the
 * batch to that single record, which after the retries goes to the on-failure
 * destination for an operator. Reporting it as a batch item failure instead
 * would, once the retries ran out, discard the valid records behind it too.
 */
export class OutboxPublisher {
  readonly #props: OutboxPublisherProps;
  readonly #retry: RetryOptions;

  constructor(props: OutboxPublisherProps) {
    validateProps(props);
    this.#props = props;
    this.#retry = props.retry ?? {};
  }

  /**
   * Publishes the events of one stream batch.
   * @throws UnpublishableEventError when the batch's first record can never be published.
   */
  async publish(records: readonly DynamoDBRecord[]): Promise<PublishResult> {
    const decoded = eventRecords(records);
    const { pending, poison } = this.#toEntries(decoded);
    const counters = { published: 0, calls: 0 };
    let stop: StopPoint | undefined;
    for (const chunk of chunkEntries(pending)) {
      stop = await this.#publishChunk(chunk, counters);
      if (stop) break;
    }
    stop ??= poison;
    const result = { ...counters, skipped: records.length - decoded.length };
    if (!stop) return { ...result, batchItemFailures: [], unpublished: 0, unpublishable: 0 };
    const unpublished =
      decoded.length - decoded.findIndex((r) => r.sequenceNumber === stop.sequenceNumber);
    this.#reportStop(stop, unpublished, records[0]?.dynamodb?.SequenceNumber);
    return {
      ...result,
      batchItemFailures: [{ itemIdentifier: stop.sequenceNumber }],
      unpublished,
      unpublishable: stop.unpublishable ? 1 : 0,
    };
  }

  /**
   * Logs where the batch stopped.
   * @throws UnpublishableEventError when it stopped at a record that can never
   *   be published and that heads the batch.
   */
  #reportStop(stop: StopPoint, unpublished: number, firstOfBatch: string | undefined): void {
    const { sequenceNumber, position, unpublishable } = stop;
    if (!unpublishable) {
      this.#props.logger?.error('events not published; the stream resumes at the first', {
        resumeAt: sequenceNumber,
        position,
        unpublished,
      });
      return;
    }
    this.#props.logger?.error('event cannot be published', {
      sequenceNumber,
      position,
      reason: unpublishable.reason,
      detail: unpublishable.detail,
    });
    if (sequenceNumber === firstOfBatch) {
      throw new UnpublishableEventError(
        sequenceNumber,
        unpublishable.reason,
        position,
        unpublishable.detail,
      );
    }
  }

  /** PutEvents entries of the decoded records, up to the first that can never be one. */
  #toEntries(decoded: readonly (EventRecord | UndecodableRecord)[]): {
    pending: PendingEntry[];
    poison?: StopPoint;
  } {
    const pending: PendingEntry[] = [];
    for (const record of decoded) {
      const { sequenceNumber } = record;
      if ('error' in record) {
        const unpublishable = {
          reason: UnpublishableReason.undecodable,
          detail: record.error.message,
        };
        return { pending, poison: { sequenceNumber, position: record.position, unpublishable } };
      }
      const { event } = record;
      const position = `${event.streamId}@${event.version}`;
      try {
        const entry = toPutEventsEntry(toEnvelope(event), this.#props.eventBusName);
        pending.push({ sequenceNumber, streamId: event.streamId, version: event.version, entry });
      } catch (error) {
        if (!(error instanceof PayloadTooLargeError || error instanceof ValidationError)) {
          throw error;
        }
        const reason =
          error instanceof PayloadTooLargeError
            ? UnpublishableReason.tooLarge
            : UnpublishableReason.undecodable;
        const unpublishable = { reason, detail: error.message };
        return { pending, poison: { sequenceNumber, position, unpublishable } };
      }
    }
    return { pending };
  }

  /**
   * Publishes one call's entries, retrying what failed and may succeed.
   * @returns where the batch must stop, or undefined when every entry went through.
   */
  async #publishChunk(
    chunk: readonly PendingEntry[],
    counters: { published: number; calls: number },
  ): Promise<StopPoint | undefined> {
    const maxAttempts = attemptsOf(this.#retry, DEFAULT_RETRY);
    let remaining = chunk;
    // A failure no retry can fix, behind entries that are still being retried.
    let held: StopPoint | undefined;
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= maxAttempts;
      counters.calls += 1;
      let results: readonly { ErrorCode?: string }[];
      try {
        const out = await this.#props.client.send(
          new PutEventsCommand({ Entries: remaining.map((p) => p.entry) }),
        );
        results = out.Entries ?? [];
      } catch (error) {
        const retryable = isRetryableCallError(error);
        this.#props.logger?.warn('PutEvents call failed', {
          attempt,
          entries: remaining.length,
          retryable,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        if (!retryable || last) return stopAt(remaining[0] as PendingEntry);
        await this.#backoff(attempt);
        continue;
      }
      // Results answer the entries in request order; a missing answer counts as a failure.
      const failed = remaining.flatMap((pending, i) => {
        const code = results[i] ? results[i]?.ErrorCode : 'NoResult';
        return code ? [{ pending, code, kind: classifyEntryError(code) }] : [];
      });
      counters.published += remaining.length - failed.length;
      if (failed.length === 0) return held;
      this.#props.logger?.warn('PutEvents entries failed', {
        attempt,
        failed: failed.length,
        of: remaining.length,
        codes: [...new Set(failed.map((f) => f.code))],
      });
      const blocking = failed.findIndex((f) => f.kind !== 'retry');
      if (blocking >= 0) {
        const f = failed[blocking] as (typeof failed)[number];
        held =
          f.kind === 'content'
            ? stopAt(f.pending, {
                reason: UnpublishableReason.refused,
                detail: `EventBridge refused the entry: ${f.code}`,
              })
            : stopAt(f.pending);
      }
      // Only the transient failures before the blocking one are worth another call.
      const retry = failed.slice(0, blocking >= 0 ? blocking : undefined);
      if (retry.length === 0) return held;
      if (last) return stopAt((retry[0] as (typeof failed)[number]).pending);
      remaining = retry.map((f) => f.pending);
      await this.#backoff(attempt);
    }
  }

  async #backoff(attempt: number): Promise<void> {
    await backoff(attempt, this.#retry, DEFAULT_RETRY);
  }
}

function stopAt(pending: PendingEntry, unpublishable?: StopPoint['unpublishable']): StopPoint {
  const position = `${pending.streamId}@${pending.version}`;
  return unpublishable
    ? { sequenceNumber: pending.sequenceNumber, position, unpublishable }
    : { sequenceNumber: pending.sequenceNumber, position };
}

/** @throws ValidationError naming each bad prop and its value, at construction. */
function validateProps(props: OutboxPublisherProps): void {
  const issues: ValidationIssue[] = [];
  if (!props.eventBusName) {
    issues.push({
      path: 'eventBusName',
      message: `must be a bus name or ARN, got '${props.eventBusName}'`,
    });
  }
  issues.push(...retryOptionIssues(props.retry));
  if (issues.length > 0) throw new ValidationError('outbox publisher options', issues);
}
