import type { EventBridgeClient, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DynamoDBBatchItemFailure, DynamoDBRecord } from 'aws-lambda';
import { PayloadTooLargeError } from '../errors';
import { toEnvelope, toPutEventsEntry } from '../events/entry';
import type { PendingEntry } from './chunking';
import { chunkEntries } from './chunking';
import { eventRecords } from './stream-records';

/** Where the publisher reports what it does (Powertools' Logger fits). */
export interface PublisherLogger {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

export interface OutboxPublisherProps {
  readonly client: EventBridgeClient;
  readonly eventBusName: string;
  /**
   * Attempts per call, the first included, before the rest of the batch is
   * handed back to the stream.
   * @default 4
   */
  readonly maxAttempts?: number;
  /** @default 100 ms */
  readonly baseDelayMs?: number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly logger?: PublisherLogger;
}

/** What one stream batch came to. */
export interface PublishResult {
  /** For the Lambda response: the stream resumes at the first unpublished record. */
  readonly batchItemFailures: DynamoDBBatchItemFailure[];
  readonly published: number;
  /** Records that were not event inserts. */
  readonly skipped: number;
  /** Events EventBridge can never accept (over its entry size limit). */
  readonly unpublishable: number;
}

/**
 * The outbox publisher: the one path by which committed events reach
 * EventBridge. It reads a DynamoDB stream batch of the event table, turns each
 * new event into a PutEvents entry, and publishes them in order, ≤10 entries
 * and ≤1 MB per call. It reads `FailedEntryCount` and retries exactly the
 * failed entries (and whole calls that were throttled or failed) with
 * exponential back-off and jitter. What still fails stops the batch: the
 * first unpublished record is reported as a batch item failure, so the stream
 * resumes from there and nothing is lost; later records are not published
 * before it, which keeps each stream in order.
 *
 * An event over EventBridge's entry limit can never be published. It is
 * reported as a failure like any other, so the event source mapping's retries
 * run out and its on-failure destination receives it for an operator.
 */
export class OutboxPublisher {
  readonly #props: OutboxPublisherProps;

  constructor(props: OutboxPublisherProps) {
    this.#props = props;
  }

  async publish(records: readonly DynamoDBRecord[]): Promise<PublishResult> {
    const events = eventRecords(records);
    const skipped = records.length - events.length;
    const pending: PendingEntry[] = [];
    for (const { sequenceNumber, event } of events) {
      try {
        pending.push({
          sequenceNumber,
          streamId: event.streamId,
          entry: toPutEventsEntry(toEnvelope(event), this.#props.eventBusName),
        });
      } catch (error) {
        if (!(error instanceof PayloadTooLargeError)) throw error;
        this.#props.logger?.error('event cannot be published: over the EventBridge entry limit', {
          streamId: event.streamId,
          version: event.version,
          eventId: event.eventId,
          sizeBytes: error.sizeBytes,
        });
        // Everything before it is published; the stream stops at it.
        return this.#finish(pending, sequenceNumber, skipped, 1);
      }
    }
    return this.#finish(pending, undefined, skipped, 0);
  }

  async #finish(
    pending: PendingEntry[],
    stopAt: string | undefined,
    skipped: number,
    unpublishable: number,
  ): Promise<PublishResult> {
    let published = 0;
    for (const chunk of chunkEntries(pending)) {
      const failed = await this.#publishChunk(chunk);
      published += chunk.length - failed.length;
      if (failed.length > 0) {
        const first = failed[0] as PendingEntry;
        return {
          batchItemFailures: [{ itemIdentifier: first.sequenceNumber }],
          published,
          skipped,
          unpublishable,
        };
      }
    }
    return {
      batchItemFailures: stopAt ? [{ itemIdentifier: stopAt }] : [],
      published,
      skipped,
      unpublishable,
    };
  }

  /** Publishes one call's entries, retrying the failed ones; returns those that never went through. */
  async #publishChunk(chunk: PendingEntry[]): Promise<PendingEntry[]> {
    const maxAttempts = this.#props.maxAttempts ?? 4;
    let remaining = chunk;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let results: PutEventsResultEntry[];
      try {
        const out = await this.#props.client.send(
          new PutEventsCommand({ Entries: remaining.map((p) => p.entry) }),
        );
        results = out.Entries ?? [];
        if ((out.FailedEntryCount ?? 0) === 0 && results.length === remaining.length) return [];
      } catch (error) {
        // Throttling or a network failure: the whole call is retried.
        this.#props.logger?.warn('PutEvents call failed', {
          attempt,
          entries: remaining.length,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        if (attempt < maxAttempts) await this.#backoff(attempt);
        continue;
      }
      // Entries answer in request order; a missing answer counts as a failure.
      const failed = remaining.filter((_, i) => !results[i] || results[i]?.ErrorCode);
      this.#props.logger?.warn('PutEvents entries failed', {
        attempt,
        failed: failed.length,
        of: remaining.length,
        codes: [...new Set(results.map((r) => r.ErrorCode).filter(Boolean))],
      });
      remaining = failed;
      if (attempt < maxAttempts) await this.#backoff(attempt);
    }
    return remaining;
  }

  async #backoff(attempt: number): Promise<void> {
    const base = this.#props.baseDelayMs ?? 100;
    const delay = Math.floor(Math.random() * base * 2 ** (attempt - 1));
    await (this.#props.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(delay);
  }
}
