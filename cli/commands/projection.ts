import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { Command } from 'commander';
import { DynamoDbEventStore } from '../../shared/event-store/dynamodb';
import type { ProjectionName, ReadModelName } from '../../shared/read-models';
import {
  beginRebuild,
  isProjectionName,
  PROJECTIONS,
  Projector,
  ReadModelNames,
  ReadModelTable,
  readProjectionStates,
  rebuildProjection,
  switchToVersion,
} from '../../shared/read-models';
import type { CommandContext } from '../context';
import { contextOf } from '../context';
import { UsageError } from '../errors';
import { queueAttributes } from '../queues';
import { dropVersion, summarizeVersions } from '../read-model-items';
import { confirmPlan, parseWholeNumber, rateLimiter } from '../safety';

interface RebuildOptions {
  readonly segments: number;
  readonly rate?: number;
  readonly switch?: boolean;
  readonly dryRun?: boolean;
}

/** Each read model and the projection whose version it follows (CustomerOrders is OrderSummary's index). */
const PROJECTION_OF: Record<ReadModelName, ProjectionName> = {
  OrderSummary: 'OrderSummary',
  CustomerOrders: 'OrderSummary',
  StockLevel: 'StockLevel',
  SalesDaily: 'SalesDaily',
};

/** `projection ls | rebuild`. */
export function registerProjectionCommands(program: Command): void {
  const projection = program
    .command('projection')
    .description('Read models: versions, freshness, rebuilds');
  projection
    .command('ls')
    .description('Each read model: active version, newest applied event, queue and DLQ depth')
    .action(async (_options: object, command: Command) => list(contextOf(command)));
  projection
    .command('rebuild')
    .description('Rebuild a projection from the event store into its next version')
    .argument('<name>', PROJECTIONS.join(' | '))
    .option('--segments <n>', 'parallel scan segments', parseWholeNumber('--segments', 1, 1000), 4)
    .option(
      '--rate <n>',
      'events applied per second at most',
      parseWholeNumber('--rate', 1, 100_000),
    )
    .option('--switch', 'make the rebuilt version active, then drop the old one')
    .option('--dry-run', 'show what it would rebuild')
    .action(async (name: string, options: RebuildOptions, command: Command) =>
      rebuild(contextOf(command), name, options),
    );
}

async function list(ctx: CommandContext): Promise<void> {
  const resources = await ctx.resources();
  const table = new ReadModelTable({
    client: ctx.clients.dynamodb,
    tableName: resources.readModelTable,
  });
  const states = await readProjectionStates(table);
  const versions = await summarizeVersions(ctx.clients.dynamodb, resources.readModelTable);
  // One projector queue and DLQ feed every read model.
  const queue = await queueAttributes(ctx.clients.sqs, resources.queueUrl('Projector'));
  const dlq = await queueAttributes(ctx.clients.sqs, resources.deadLetterQueueUrl('Projector'));
  const rows = Object.values(ReadModelNames).map((model) => {
    const state = states[PROJECTION_OF[model]];
    const active = versions.find((v) => v.model === model && v.version === state.active);
    return {
      readModel: model,
      projection: state.projection,
      activeVersion: state.active,
      buildingVersion: state.building ?? null,
      items: active?.items ?? 0,
      newestEvent: active?.newestEvent ?? null,
      queueDepth: queue.visible + queue.inFlight,
      dlqDepth: dlq.visible + dlq.inFlight,
    };
  });
  ctx.out.rows(rows, [
    { header: 'readModel', value: (r) => r.readModel },
    { header: 'active', value: (r) => r.activeVersion },
    { header: 'building', value: (r) => r.buildingVersion },
    { header: 'items', value: (r) => r.items },
    { header: 'newestEvent', value: (r) => r.newestEvent },
    { header: 'queue', value: (r) => r.queueDepth },
    { header: 'dlq', value: (r) => r.dlqDepth },
  ]);
}

async function rebuild(ctx: CommandContext, name: string, options: RebuildOptions): Promise<void> {
  if (!isProjectionName(name)) {
    throw new UsageError(
      `projection must be one of ${PROJECTIONS.join(', ')}, got '${name}' (CustomerOrders is rebuilt with OrderSummary)`,
    );
  }
  const resources = await ctx.resources();
  const table = new ReadModelTable({
    client: ctx.clients.dynamodb,
    tableName: resources.readModelTable,
  });
  const state = (await readProjectionStates(table))[name];
  const { Table } = await ctx.clients.dynamodb.send(
    new DescribeTableCommand({ TableName: resources.eventTable }),
  );
  // ItemCount is refreshed about every six hours on AWS: an estimate for the ETA only.
  const estimate = Table?.ItemCount;
  const go = confirmPlan(
    ctx.out,
    {
      action: `rebuild ${name}`,
      count: estimate,
      details: {
        activeVersion: state.active,
        buildVersion: state.active + 1,
        segments: options.segments,
        switch: options.switch === true,
      },
    },
    { threshold: Number.POSITIVE_INFINITY, yes: true, dryRun: options.dryRun },
  );
  if (!go) return;
  const version = await beginRebuild(table, name);
  const store = new DynamoDbEventStore({
    client: ctx.clients.dynamodb,
    tableName: resources.eventTable,
  });
  const limiter = rateLimiter(options.rate);
  const progress = ctx.out.progress(`rebuild ${name}@${version} items`);
  let taken = 0;
  let applied = 0;
  const result = await rebuildProjection({
    eventTable: { client: ctx.clients.dynamodb, tableName: resources.eventTable },
    store,
    projector: new Projector({ table, store }),
    projection: name,
    version,
    segments: options.segments,
    onProgress: (p) => {
      applied = p.eventsApplied;
      progress.update(
        p.itemsScanned,
        estimate,
        `${p.eventsApplied} events applied (${p.eventsPerSecond} events/s)`,
      );
    },
    // Awaited after each page: the rate limit holds the next page back.
    onCheckpoint: async () => {
      await limiter.take(Math.max(0, applied - taken));
      taken = applied;
    },
  });
  progress.finish(`${result.eventsApplied} events applied`);
  let dropped: number | undefined;
  if (options.switch && result.complete) {
    await switchToVersion(table, name, version);
    const models = Object.values(ReadModelNames).filter((m) => PROJECTION_OF[m] === name);
    dropped = await dropVersion(
      ctx.clients.dynamodb,
      resources.readModelTable,
      models,
      state.active,
    );
  }
  ctx.out.record({
    projection: name,
    version,
    complete: result.complete,
    itemsScanned: result.itemsScanned,
    streams: result.streams,
    eventsApplied: result.eventsApplied,
    eventsPerSecond: result.eventsPerSecond,
    elapsedMs: result.elapsedMs,
    active: options.switch ? version : state.active,
    ...(dropped !== undefined ? { droppedVersion: state.active, droppedItems: dropped } : {}),
  });
}
