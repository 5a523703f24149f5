import { setTimeout as sleep } from 'node:timers/promises';
import type { Message } from '@aws-sdk/client-sqs';
import {
  DeleteMessageBatchCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { contextOf } from '../context';
import { decodeDeadLetter } from '../dead-letters';
import { CliError, UsageError } from '../errors';
import { formatDuration } from '../output';
import type { DeadLetterQueue } from '../queues';
import { deadLetterQueue, deadLetterQueues, peekMessages, queueAttributes } from '../queues';
import { confirmPlan, parseWholeNumber, rateLimiter } from '../safety';

interface RedriveOptions {
  readonly rate?: number;
  readonly dryRun?: boolean;
  readonly wait?: boolean;
  readonly yes?: boolean;
}

/** Above this many messages a redrive needs `--yes`. */
const REDRIVE_THRESHOLD = 100;
/** How often a move task's progress is polled. */
const POLL_MS = 500;

/** `dlq ls | show | redrive`. */
export function registerDlqCommands(program: Command): void {
  const dlq = program
    .command('dlq')
    .description('Dead-letter queues: look, and send back after a fix');
  dlq
    .command('ls')
    .description('Every DLQ of the app with its source, visible messages and the age of the oldest')
    .action(async (_options: object, command: Command) => list(contextOf(command)));
  dlq
    .command('show')
    .description('Decoded messages: event type, stream@version, event id, and why they are there')
    .argument('<name>', 'a DLQ as `dlq ls` names it, e.g. projector-dlq')
    .option('--limit <n>', 'at most this many messages', parseWholeNumber('--limit', 1, 1000), 10)
    .action(async (name: string, options: { limit: number }, command: Command) =>
      show(contextOf(command), name, options.limit),
    );
  dlq
    .command('redrive')
    .description('Send the messages back to their source queue, then summarize')
    .argument('<name>', 'a DLQ as `dlq ls` names it')
    .option('--rate <n>', 'messages per second at most', parseWholeNumber('--rate', 1, 500))
    .option('--dry-run', 'show what would move, move nothing')
    .option('--wait', 'wait for a queue DLQ’s move task to end (rule DLQs always do)')
    .option('--yes', `needed above ${REDRIVE_THRESHOLD} messages`)
    .action(async (name: string, options: RedriveOptions, command: Command) =>
      redrive(contextOf(command), name, options),
    );
}

async function list(ctx: CommandContext): Promise<void> {
  const resources = await ctx.resources();
  const rows = [];
  for (const queue of deadLetterQueues(resources)) {
    const attributes = await queueAttributes(ctx.clients.sqs, queue.url);
    // SQS has no attribute for the oldest message's age: peek (CloudWatch's metric lags minutes).
    const sample = attributes.visible > 0 ? await peekMessages(ctx.clients.sqs, queue.url, 10) : [];
    const oldest = Math.min(
      ...sample.map((m) => Number(m.Attributes?.SentTimestamp ?? Date.now())),
    );
    rows.push({
      name: queue.name,
      kind: queue.kind,
      source: queue.source,
      visible: attributes.visible,
      inFlight: attributes.inFlight,
      oldestAgeSeconds:
        sample.length > 0 ? Math.max(0, Math.round((Date.now() - oldest) / 1000)) : null,
    });
  }
  ctx.out.rows(rows, [
    { header: 'name', value: (r) => r.name },
    { header: 'visible', value: (r) => r.visible },
    {
      header: 'oldest',
      value: (r) => (r.oldestAgeSeconds === null ? '-' : formatDuration(r.oldestAgeSeconds * 1000)),
    },
    { header: 'source', value: (r) => r.source },
  ]);
}

async function show(ctx: CommandContext, name: string, limit: number): Promise<void> {
  const queue = deadLetterQueue(await ctx.resources(), name);
  const messages = await peekMessages(ctx.clients.sqs, queue.url, limit);
  ctx.out.rows(
    messages.map((m) => ({ dlq: queue.name, ...decodeDeadLetter(m, queue.kind) })),
    [
      { header: 'eventType', value: (d) => d.eventType ?? (d.undecodable ? 'undecodable' : '-') },
      { header: 'position', value: (d) => d.position },
      { header: 'eventId', value: (d) => d.eventId },
      { header: 'sentAt', value: (d) => d.sentAt },
      { header: 'reason', value: (d) => d.reason },
    ],
  );
}

async function redrive(ctx: CommandContext, name: string, options: RedriveOptions): Promise<void> {
  const queue = deadLetterQueue(await ctx.resources(), name);
  if (queue.kind === 'outbox') {
    throw new UsageError(
      `${name} holds stream batch descriptions, not events: use \`eventline outbox republish\``,
    );
  }
  const attributes = await queueAttributes(ctx.clients.sqs, queue.url);
  const target = await queueAttributes(ctx.clients.sqs, queue.sourceQueueUrl as string);
  const go = confirmPlan(
    ctx.out,
    {
      action: `redrive ${name}`,
      count: attributes.visible,
      details: { from: queue.url, to: queue.sourceQueueUrl, rate: options.rate ?? 'unlimited' },
    },
    { threshold: REDRIVE_THRESHOLD, yes: options.yes, dryRun: options.dryRun },
  );
  if (!go) return;
  if (queue.kind === 'queue') await moveTask(ctx, queue, attributes.arn, target.arn, options);
  else await resend(ctx, queue, options.rate);
}

/** SQS's own redrive: a message move task from the DLQ to the source queue, named explicitly. */
async function moveTask(
  ctx: CommandContext,
  queue: DeadLetterQueue,
  sourceArn: string,
  destinationArn: string,
  options: RedriveOptions,
): Promise<void> {
  // Named, because a message sent to the DLQ directly has no source queue of its own.
  const { TaskHandle } = await ctx.clients.sqs.send(
    new StartMessageMoveTaskCommand({
      SourceArn: sourceArn,
      DestinationArn: destinationArn,
      ...(options.rate ? { MaxNumberOfMessagesPerSecond: options.rate } : {}),
    }),
  );
  if (!options.wait) {
    ctx.out.record({ dlq: queue.name, status: 'RUNNING', taskHandle: TaskHandle });
    return;
  }
  const progress = ctx.out.progress('moved');
  for (;;) {
    const { Results = [] } = await ctx.clients.sqs.send(
      new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 10 }),
    );
    const task = Results.find((t) => t.TaskHandle === TaskHandle) ?? Results[0];
    const moved = task?.ApproximateNumberOfMessagesMoved ?? 0;
    const toMove = task?.ApproximateNumberOfMessagesToMove;
    progress.update(moved, toMove);
    if (task && task.Status !== 'RUNNING') {
      progress.finish(task.Status);
      ctx.out.record({
        dlq: queue.name,
        status: task.Status,
        moved,
        toMove,
        ...(task.FailureReason ? { failureReason: task.FailureReason } : {}),
      });
      if (task.Status !== 'COMPLETED')
        throw new CliError(`move task ${task.Status}: ${task.FailureReason ?? ''}`);
      return;
    }
    await sleep(POLL_MS);
  }
}

/**
 * A rule-target DLQ holds events EventBridge could not deliver to the
 * consumer's queue: they are sent to that queue again, rate-limited, and
 * deleted from the DLQ once the queue accepted them.
 */
async function resend(
  ctx: CommandContext,
  queue: DeadLetterQueue,
  rate: number | undefined,
): Promise<void> {
  const limiter = rateLimiter(rate);
  const progress = ctx.out.progress('resent');
  let moved = 0;
  let failed = 0;
  for (;;) {
    const { Messages = [] } = await ctx.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.url,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 60,
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages.length === 0) break;
    await limiter.take(Messages.length);
    const sent = await sendBatch(ctx, queue.sourceQueueUrl as string, Messages);
    failed += Messages.length - sent.length;
    if (sent.length > 0) {
      const out = await ctx.clients.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queue.url,
          Entries: sent.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
        }),
      );
      for (const f of out.Failed ?? [])
        ctx.out.warn(`sent but not deleted from the DLQ (${f.Code}): it will be sent again`);
    }
    moved += sent.length;
    progress.update(moved);
    // Messages that failed to send stay hidden until their visibility timeout: stop rather than loop on them.
    if (sent.length < Messages.length) break;
  }
  progress.finish();
  ctx.out.record({ dlq: queue.name, status: failed === 0 ? 'COMPLETED' : 'FAILED', moved, failed });
  if (failed > 0)
    throw new CliError(`${failed} messages could not be sent back; they stay in ${queue.name}`);
}

/** @returns the messages the queue accepted (each `Failed` entry is read). */
async function sendBatch(
  ctx: CommandContext,
  url: string,
  messages: readonly Message[],
): Promise<Message[]> {
  const out = await ctx.clients.sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: url,
      Entries: messages.map((m, i) => ({ Id: `m${i}`, MessageBody: m.Body ?? '' })),
    }),
  );
  for (const f of out.Failed ?? []) ctx.out.warn(`not sent (${f.Code}): ${f.Message ?? ''}`);
  const ok = new Set((out.Successful ?? []).map((s) => s.Id));
  return messages.filter((_, i) => ok.has(`m${i}`));
}
