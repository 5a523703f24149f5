import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import {
  ChangeMessageVisibilityBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { UsageError } from './errors';
import type { Consumer, Resources } from './resources';
import { CONSUMERS } from './resources';

/** How messages get into a DLQ, which decides how they go back. */
export type DeadLetterKind = 'queue' | 'rule-target' | 'outbox';

/** One dead-letter queue of the app. */
export interface DeadLetterQueue {
  /** The name the command line knows it by, e.g. `projector-dlq`. */
  readonly name: string;
  readonly kind: DeadLetterKind;
  readonly url: string;
  /** What sends messages there, in words. */
  readonly source: string;
  /** The consumer queue its messages go back to (queue and rule-target DLQs). */
  readonly sourceQueueUrl?: string;
}

const kebab = (consumer: Consumer) => consumer.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

/** Every DLQ of the app: each consumer's queue DLQ and rule-target DLQ, and the outbox's failure queue. */
export function deadLetterQueues(resources: Resources): DeadLetterQueue[] {
  const queues: DeadLetterQueue[] = CONSUMERS.flatMap((consumer) => [
    {
      name: `${kebab(consumer)}-dlq`,
      kind: 'queue' as const,
      url: resources.deadLetterQueueUrl(consumer),
      source: `queue ${kebab(consumer)} (receives exhausted)`,
      sourceQueueUrl: resources.queueUrl(consumer),
    },
    {
      name: `${kebab(consumer)}-rule-dlq`,
      kind: 'rule-target' as const,
      url: resources.targetDeadLetterQueueUrl(consumer),
      source: `rule → queue ${kebab(consumer)} (delivery failed)`,
      sourceQueueUrl: resources.queueUrl(consumer),
    },
  ]);
  queues.push({
    name: 'outbox-failures',
    kind: 'outbox',
    url: resources.outboxFailureQueueUrl,
    source: 'outbox publisher (stream batches not published)',
  });
  return queues;
}

/** @throws UsageError naming the known DLQs when `name` is not one. */
export function deadLetterQueue(resources: Resources, name: string): DeadLetterQueue {
  const all = deadLetterQueues(resources);
  const found = all.find((q) => q.name === name);
  if (!found) {
    throw new UsageError(`no DLQ named '${name}' (known: ${all.map((q) => q.name).join(', ')})`);
  }
  return found;
}

/** A queue's attributes we read. */
export async function queueAttributes(
  sqs: SQSClient,
  url: string,
): Promise<{ arn: string; visible: number; inFlight: number }> {
  const { Attributes: a = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: [
        'QueueArn',
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
      ],
    }),
  );
  return {
    arn: a.QueueArn ?? '',
    visible: Number(a.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}

/** How long peeked messages stay hidden before they are released (seconds). */
const PEEK_VISIBILITY_S = 30;

/**
 * Looks at up to `limit` messages without consuming them: receives them
 * (hidden for a moment, so each receive brings new ones) and then makes them
 * visible again. Each peek counts as a receive (`ApproximateReceiveCount`).
 */
export async function peekMessages(sqs: SQSClient, url: string, limit: number): Promise<Message[]> {
  const seen = new Map<string, Message>();
  while (seen.size < limit) {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: Math.min(10, limit - seen.size),
        VisibilityTimeout: PEEK_VISIBILITY_S,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const fresh = (out.Messages ?? []).filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const m of fresh) seen.set(m.MessageId as string, m);
  }
  await releaseMessages(sqs, url, [...seen.values()]);
  return [...seen.values()];
}

/** Makes received messages visible again at once. */
export async function releaseMessages(
  sqs: SQSClient,
  url: string,
  messages: readonly Message[],
): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    const chunk = messages.slice(i, i + 10);
    const out = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: chunk.map((m, j) => ({
          Id: `m${j}`,
          ReceiptHandle: m.ReceiptHandle,
          VisibilityTimeout: 0,
        })),
      }),
    );
    // A failed release only delays the message by the peek's visibility timeout.
    for (const failed of out.Failed ?? []) {
      process.stderr.write(
        `warning: message not released (${failed.Code}); visible again in ${PEEK_VISIBILITY_S}s\n`,
      );
    }
  }
}
