import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import type { Command } from 'commander';
import { DynamoDbEventStore } from '../../shared/event-store/dynamodb';
import type { RecordedEvent } from '../../shared/event-store/types';
import type { CommandContext } from '../context';
import { contextOf } from '../context';
import { parseWholeNumber } from '../safety';

interface ShowOptions {
  readonly fromVersion: number;
  readonly limit: number;
  readonly raw?: boolean;
}

/** Events read per call (the store's page limit is 1000). */
const PAGE = 1000;

/** `stream show`: the events of one stream. */
export function registerStreamCommands(program: Command): void {
  const stream = program.command('stream').description('Look at the event store');
  stream
    .command('show')
    .description('The events of one stream: type, version, time, correlation and causation ids')
    .argument('<streamId>', 'e.g. order-<orderId>, inventory-<sku>, payment-<paymentId>')
    .option(
      '--from-version <n>',
      'first version to show',
      parseWholeNumber('--from-version', 1, Number.MAX_SAFE_INTEGER),
      1,
    )
    .option('--limit <n>', 'at most this many events', parseWholeNumber('--limit', 1, 100_000), 100)
    .option('--raw', 'the items as stored in the event table (DynamoDB attribute values)')
    .action(async (streamId: string, options: ShowOptions, command: Command) => {
      const ctx = contextOf(command);
      if (options.raw) await showRaw(ctx, streamId, options);
      else await showEvents(ctx, streamId, options);
    });
}

async function showEvents(
  ctx: CommandContext,
  streamId: string,
  options: ShowOptions,
): Promise<void> {
  const resources = await ctx.resources();
  const store = new DynamoDbEventStore({
    client: ctx.clients.dynamodb,
    tableName: resources.eventTable,
  });
  const events: RecordedEvent[] = [];
  let from: number | undefined = options.fromVersion;
  while (from !== undefined && events.length < options.limit) {
    const page = await store.read(streamId, {
      fromVersion: from,
      maxCount: Math.min(PAGE, options.limit - events.length),
    });
    events.push(...page.events);
    from = page.nextVersion;
  }
  if (events.length === 0)
    ctx.out.note(`stream ${streamId} has no events from version ${options.fromVersion}`);
  ctx.out.rows(
    events.map((e) => ({
      streamId: e.streamId,
      version: e.version,
      type: e.type,
      schemaVersion: e.schemaVersion,
      eventId: e.eventId,
      occurredAt: e.metadata.occurredAt,
      correlationId: e.metadata.correlationId,
      causationId: e.metadata.causationId,
      data: e.data,
    })),
    [
      { header: 'version', value: (e) => e.version },
      { header: 'type', value: (e) => e.type },
      { header: 'occurredAt', value: (e) => e.occurredAt },
      { header: 'eventId', value: (e) => e.eventId },
      { header: 'correlationId', value: (e) => e.correlationId },
      { header: 'causationId', value: (e) => e.causationId },
    ],
  );
}

async function showRaw(ctx: CommandContext, streamId: string, options: ShowOptions): Promise<void> {
  const resources = await ctx.resources();
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await ctx.clients.dynamodb.send(
      new QueryCommand({
        TableName: resources.eventTable,
        KeyConditionExpression: 'streamId = :s AND version >= :v',
        ExpressionAttributeValues: {
          ':s': { S: streamId },
          ':v': { N: String(options.fromVersion) },
        },
        ConsistentRead: true,
        Limit: Math.min(PAGE, options.limit - items.length),
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start && items.length < options.limit);
  ctx.out.rows(items, [
    { header: 'version', value: (i) => i.version?.N },
    { header: 'item', value: (i) => i },
  ]);
}
