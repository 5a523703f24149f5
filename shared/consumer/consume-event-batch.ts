import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { parse } from '@aws-lambda-powertools/parser';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { TypedEnvelope } from '../events/entry';
import { PoisonMessageError } from './errors';
import { EventBridgeInSqsRecordSchema } from './schemas';

/** What a consumer's handler receives with each event. */
export interface ConsumedEventContext {
  /** The SQS record the event came in. */
  readonly record: SQSRecord;
  /** The function's logger, with the event's correlation id, event id and type. */
  readonly logger: Logger;
  /** The Lambda context of the invocation. */
  readonly lambdaContext: Context;
}

/** Handles one parsed event; throws to report the record as a batch item failure. */
export type EventHandler = (event: TypedEnvelope, context: ConsumedEventContext) => Promise<void>;

export interface ConsumeEventBatchOptions {
  readonly logger: Logger;
  readonly handle: EventHandler;
}

type Parsed =
  | { readonly ok: true; readonly event: TypedEnvelope }
  | { readonly ok: false; readonly reason: string; readonly cause: unknown };

/**
 * Consumes one SQS batch of EventBridge events with Powertools batch
 * (`processPartialResponse`): each record is parsed with Powertools parser
 * and our EventBridge-in-SQS envelope into a typed, upcast event, then
 * handed to `handle`. Records of one stream run one after the other in
 * stream-version order (whatever order SQS delivered them in); records of
 * different streams run in parallel.
 *
 * A record that cannot be parsed (poison) is logged — message id, reason,
 * source queue — and reported as a batch item failure; it never holds back
 * the rest of the batch, and after the queue's `maxReceiveCount` it lands in
 * the DLQ. A handler failure fails only its record. The response lists the
 * failed message ids (`ReportBatchItemFailures`).
 */
export async function consumeEventBatch(
  batch: SQSEvent,
  lambdaContext: Context,
  options: ConsumeEventBatchOptions,
): Promise<SQSBatchResponse> {
  const parsed = new Map<string, Parsed>(
    batch.Records.map((record) => [record.messageId, parseRecord(record)]),
  );
  const previous = orderWithinStreams(parsed);
  // One settled-signal per record, made before any runs, so a record can wait
  // for its stream's earlier version whichever of the two SQS put first.
  const settled = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  for (const record of batch.Records) {
    let resolve = () => {};
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    settled.set(record.messageId, { promise, resolve });
  }

  const processOne = async (record: SQSRecord): Promise<void> => {
    const result = parsed.get(record.messageId);
    if (!result?.ok) {
      const reason = result ? result.reason : 'record missing from the batch';
      options.logger.error('poison message: cannot parse, left for the DLQ', {
        messageId: record.messageId,
        sourceQueue: record.eventSourceARN,
        receiveCount: record.attributes?.ApproximateReceiveCount,
        reason,
      });
      throw new PoisonMessageError(record.messageId, record.eventSourceARN, reason, {
        cause: result?.cause,
      });
    }
    const before = previous.get(record.messageId);
    // Wait for the stream's earlier version, whether it succeeded or not:
    // a failure of one record must not fail the next (its handler decides).
    if (before) await settled.get(before)?.promise;
    const { event } = result;
    const logger = options.logger.createChild({
      persistentKeys: {
        correlation_id: event.metadata.correlationId,
        eventId: event.metadata.eventId,
        eventType: event.type,
        position: `${event.metadata.streamId}@${event.metadata.version}`,
        ...(event.metadata.replay ? { replayName: event.metadata.replay.replayName } : {}),
      },
    });
    await options.handle(event, { record, logger, lambdaContext });
  };

  const processor = new BatchProcessor(EventType.SQS);
  return processPartialResponse(
    batch,
    async (record: SQSRecord) => {
      try {
        await processOne(record);
      } finally {
        settled.get(record.messageId)?.resolve();
      }
    },
    processor,
    {
      context: lambdaContext,
      // Parallel is what lets a record wait for its stream's predecessor.
      processInParallel: true,
      // A batch whose every record failed is answered with the list of
      // failures too: SQS redelivers each and counts its receives as usual.
      throwOnFullBatchFailure: false,
    },
  );
}

function parseRecord(record: SQSRecord): Parsed {
  const result = parse(record, undefined, EventBridgeInSqsRecordSchema, true);
  if (result.success) return { ok: true, event: result.data.body };
  const issues =
    result.error.cause && typeof result.error.cause === 'object' && 'issues' in result.error.cause
      ? (result.error.cause as { issues: { path: PropertyKey[]; message: string }[] }).issues
      : undefined;
  const reason = issues?.length
    ? issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ')
    : result.error.message;
  return { ok: false, reason, cause: result.error };
}

/** For each record, the message id of the same stream's previous version in this batch. */
function orderWithinStreams(parsed: ReadonlyMap<string, Parsed>): Map<string, string> {
  const byStream = new Map<string, { messageId: string; version: number }[]>();
  for (const [messageId, result] of parsed) {
    if (!result.ok) continue;
    const { streamId, version } = result.event.metadata;
    const list = byStream.get(streamId) ?? [];
    list.push({ messageId, version });
    byStream.set(streamId, list);
  }
  const previous = new Map<string, string>();
  for (const list of byStream.values()) {
    list.sort((a, b) => a.version - b.version);
    for (let i = 1; i < list.length; i++) {
      previous.set(
        (list[i] as { messageId: string }).messageId,
        (list[i - 1] as { messageId: string }).messageId,
      );
    }
  }
  return previous;
}
