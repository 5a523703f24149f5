import type { Message } from '@aws-sdk/client-sqs';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Command } from 'commander';
import { eventRecords, OutboxPublisher } from '../../shared/publisher';
import type { CommandContext } from '../context';
import { contextOf } from '../context';
import { batchInfoOf } from '../dead-letters';
import { CliError } from '../errors';
import { releaseMessages } from '../queues';
import { confirmPlan } from '../safety';
import type { BatchRecords } from '../stream-batches';
import { readBatch } from '../stream-batches';

/** Above this many events a republish needs `--yes`. */
const REPUBLISH_THRESHOLD = 100;
/** Seconds the failure records stay hidden while they are handled. */
const HANDLING_VISIBILITY_S = 300;

interface RepublishOptions {
  readonly dryRun?: boolean;
  readonly yes?: boolean;
}

interface Handled {
  readonly message: Message;
  readonly batch?: BatchRecords & { readonly shardId: string; readonly range: string };
}

/** `outbox republish`. */
export function registerOutboxCommands(program: Command): void {
  const outbox = program.command('outbox').description('The outbox publisher’s failures');
  outbox
    .command('republish')
    .description(
      'Publish again the events of the stream batches in the outbox failure queue, then remove them',
    )
    .option('--dry-run', 'show the events it would publish')
    .option('--yes', `needed above ${REPUBLISH_THRESHOLD} events`)
    .action(async (options: RepublishOptions, command: Command) =>
      republish(contextOf(command), options),
    );
}

async function republish(ctx: CommandContext, options: RepublishOptions): Promise<void> {
  const resources = await ctx.resources();
  const queueUrl = resources.outboxFailureQueueUrl;
  const handled: Handled[] = [];
  for (const message of await receiveAll(ctx, queueUrl)) {
    const info = batchInfoOf(safeJson(message.Body));
    if (!info) {
      ctx.out.warn(
        `message ${message.MessageId} is not a stream batch description; left in the queue`,
      );
      handled.push({ message });
      continue;
    }
    const batch = await readBatch(
      ctx.clients.streams,
      ctx.clients.dynamodb,
      resources.eventTable,
      info,
    );
    handled.push({
      message,
      batch: {
        ...batch,
        shardId: info.shardId,
        range: `${info.startSequenceNumber}..${info.endSequenceNumber}`,
      },
    });
  }
  const withEvents = handled.filter((h) => h.batch);
  const positions = (h: Handled) =>
    eventRecords(h.batch?.records ?? []).map((r) =>
      'event' in r
        ? `${r.event.streamId}@${r.event.version}`
        : `undecodable ${r.position ?? r.sequenceNumber}`,
    );
  const total = withEvents.reduce((n, h) => n + positions(h).length, 0);
  const go = confirmPlan(
    ctx.out,
    {
      action: 'outbox republish',
      count: total,
      details: {
        failureRecords: withEvents.length,
        bus: resources.eventBus,
        events: withEvents.flatMap(positions),
      },
    },
    { threshold: REPUBLISH_THRESHOLD, yes: options.yes, dryRun: options.dryRun },
  );
  if (!go) {
    await releaseMessages(
      ctx.clients.sqs,
      queueUrl,
      handled.map((h) => h.message),
    );
    return;
  }
  const publisher = new OutboxPublisher({
    client: ctx.clients.events,
    eventBusName: resources.eventBus,
  });
  const rows = [];
  let failed = 0;
  for (const h of withEvents) {
    const batch = h.batch as NonNullable<Handled['batch']>;
    // Throws UnpublishableEventError when the batch's first event can never be published.
    const result = await publisher.publish(batch.records).catch((error: unknown) => {
      ctx.out.warn(
        `batch ${batch.range}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    });
    const done = result !== undefined && result.batchItemFailures.length === 0;
    if (done) {
      await ctx.clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: h.message.ReceiptHandle }),
      );
    } else {
      failed += 1;
      await releaseMessages(ctx.clients.sqs, queueUrl, [h.message]);
    }
    rows.push({
      messageId: h.message.MessageId,
      shardId: batch.shardId,
      sequenceNumbers: batch.range,
      readFrom: batch.source,
      events: positions(h),
      published: result?.published ?? 0,
      unpublished: result ? result.unpublished : positions(h).length,
      removed: done,
    });
  }
  await releaseMessages(
    ctx.clients.sqs,
    queueUrl,
    handled.filter((h) => !h.batch).map((h) => h.message),
  );
  ctx.out.rows(rows, [
    { header: 'shardId', value: (r) => r.shardId },
    { header: 'sequenceNumbers', value: (r) => r.sequenceNumbers },
    { header: 'readFrom', value: (r) => r.readFrom },
    { header: 'published', value: (r) => r.published },
    { header: 'unpublished', value: (r) => r.unpublished },
    { header: 'removed', value: (r) => r.removed },
  ]);
  if (failed > 0)
    throw new CliError(
      `${failed} failure records were not fully published; they stay in the queue`,
    );
}

/** Every message of the queue, each hidden while it is handled. */
async function receiveAll(ctx: CommandContext, queueUrl: string): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const { Messages = [] } = await ctx.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: HANDLING_VISIBILITY_S,
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages.length === 0) return messages;
    messages.push(...Messages);
  }
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}
