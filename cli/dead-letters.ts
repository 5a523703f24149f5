import type { Message } from '@aws-sdk/client-sqs';
import type { DeadLetterKind } from './queues';

/** A DLQ message, decoded for an operator. */
export interface DeadLetter {
  readonly messageId: string;
  /** When it was first sent (ISO 8601). */
  readonly sentAt?: string;
  readonly receiveCount?: number;
  /** EventBridge `detail-type` of the event it holds. */
  readonly eventType?: string;
  /** `streamId@version` of the event (or the stream batch, for the outbox). */
  readonly position?: string;
  readonly eventId?: string;
  /** Why it is there: the error, or the rule and error that sent it. */
  readonly reason: string;
  /** What could not be decoded, if anything. */
  readonly undecodable?: string;
}

interface EventBridgeEvent {
  readonly 'detail-type'?: string;
  readonly detail?: {
    readonly metadata?: { streamId?: string; version?: number; eventId?: string };
  };
}

/** The stream batch description the outbox's failure destination receives (Lambda's on-failure record). */
export interface StreamBatchInfo {
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly batchSize?: number;
  readonly streamArn: string;
  readonly approximateArrivalOfFirstRecord?: string;
  readonly approximateArrivalOfLastRecord?: string;
}

/** Decodes one DLQ message of the given kind. */
export function decodeDeadLetter(message: Message, kind: DeadLetterKind): DeadLetter {
  const sent = message.Attributes?.SentTimestamp;
  const base = {
    messageId: message.MessageId ?? '',
    ...(sent ? { sentAt: new Date(Number(sent)).toISOString() } : {}),
    ...(message.Attributes?.ApproximateReceiveCount
      ? { receiveCount: Number(message.Attributes.ApproximateReceiveCount) }
      : {}),
  };
  const body = message.Body ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ...base, reason: reasonOf(message, kind), undecodable: body.slice(0, 120) };
  }
  if (kind === 'outbox') {
    const info = batchInfoOf(parsed);
    const context = (parsed as { requestContext?: { condition?: string } }).requestContext;
    return {
      ...base,
      position: info
        ? `${info.shardId} ${info.startSequenceNumber}..${info.endSequenceNumber}`
        : undefined,
      reason: `${context?.condition ?? 'unknown condition'}${info?.batchSize ? ` (${info.batchSize} records)` : ''}`,
      ...(info ? {} : { undecodable: body.slice(0, 120) }),
    };
  }
  const event = parsed as EventBridgeEvent;
  const metadata = event.detail?.metadata;
  return {
    ...base,
    eventType: event['detail-type'],
    ...(metadata?.streamId ? { position: `${metadata.streamId}@${metadata.version}` } : {}),
    ...(metadata?.eventId ? { eventId: metadata.eventId } : {}),
    reason: reasonOf(message, kind),
  };
}

/** The `DDBStreamBatchInfo` of an outbox failure record, when it has one. */
export function batchInfoOf(record: unknown): StreamBatchInfo | undefined {
  const info = (record as { DDBStreamBatchInfo?: Partial<StreamBatchInfo> } | null)
    ?.DDBStreamBatchInfo;
  if (!info?.shardId || !info.startSequenceNumber || !info.endSequenceNumber || !info.streamArn) {
    return undefined;
  }
  return info as StreamBatchInfo;
}

function reasonOf(message: Message, kind: DeadLetterKind): string {
  const attr = (name: string) => message.MessageAttributes?.[name]?.StringValue;
  if (kind === 'rule-target') {
    // EventBridge sets these attributes on a DLQ message (user guide, "Using dead-letter queues").
    const rule = attr('RULE_ARN')?.split('/').pop();
    return `rule ${rule ?? '?'}: ${attr('ERROR_CODE') ?? '?'} ${attr('ERROR_MESSAGE') ?? ''}`.trim();
  }
  const from = message.Attributes?.DeadLetterQueueSourceArn?.split(':').pop();
  const count = message.Attributes?.ApproximateReceiveCount;
  return from
    ? `failed processing in ${from} (maxReceiveCount reached; received ${count ?? '?'} times)`
    : `sent to the DLQ directly (received ${count ?? '?'} times)`;
}
