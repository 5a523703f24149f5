import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Replay } from '@aws-sdk/client-eventbridge';
import {
  CancelReplayCommand,
  DescribeEventBusCommand,
  DescribeReplayCommand,
  ListArchivesCommand,
  ListReplaysCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { contextOf } from '../context';
import { CliError, UsageError } from '../errors';
import type { BusRule } from '../rules';
import { busRules } from '../rules';
import { confirmPlan, parseTime } from '../safety';

interface StartOptions {
  readonly from: Date;
  readonly to: Date;
  readonly projections?: boolean;
  readonly rule?: string[];
  readonly includeSideEffects?: boolean;
  readonly name?: string;
  readonly yes?: boolean;
  readonly dryRun?: boolean;
  readonly wait?: boolean;
}

/** Archives lag: AWS documents that events can reach an archive minutes after they were put. */
const ARCHIVE_LAG_MS = 10 * 60_000;
/** A window longer than this needs `--yes`. */
const LONG_WINDOW_MS = 24 * 3_600_000;
const POLL_MS = 500;
const REPLAY_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

/** `replay start | status | ls | cancel`. */
export function registerReplayCommands(program: Command): void {
  const replay = program
    .command('replay')
    .description('Re-deliver a window of the bus archive to consumers');
  replay
    .command('start')
    .description('Start an archive replay into the projection rules (default) or named rules')
    .requiredOption(
      '--from <time>',
      'window start: ISO 8601, now, or a span ago (2h)',
      parseTime('--from'),
    )
    .requiredOption('--to <time>', 'window end (exclusive)', parseTime('--to'))
    .option('--projections', 'only the projector’s rule (the default)')
    .option(
      '--rule <name...>',
      'these rules: a rule name, or a consumer (projector, notifier, saga-starter, cancellation)',
    )
    .option(
      '--include-side-effects',
      'allow rules whose consumers email, start sagas or undo orders (needs --yes)',
    )
    .option('--name <name>', 'the replay’s name (default: eventline-<time>-<random>)')
    .option('--yes', 'go on with side effects or a window over 24 h')
    .option('--dry-run', 'show the replay it would start')
    .option('--wait', 'wait until it ends, with progress')
    .action(async (options: StartOptions, command: Command) => start(contextOf(command), options));
  replay
    .command('status')
    .description('A replay’s state and progress (last replayed event time over the window)')
    .argument('<name>')
    .option('--wait', 'wait until it ends, with progress')
    .action(async (name: string, options: { wait?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      await status(ctx, options.wait ? await waitFor(ctx, name) : await describe(ctx, name));
    });
  replay
    .command('ls')
    .description('Replays, newest first')
    .action(async (_options: object, command: Command) => list(contextOf(command)));
  replay
    .command('cancel')
    .description('Cancel a running replay')
    .argument('<name>')
    .action(async (name: string, _options: object, command: Command) => {
      const ctx = contextOf(command);
      const out = await ctx.clients.events.send(new CancelReplayCommand({ ReplayName: name }));
      ctx.out.record({ name, state: out.State, reason: out.StateReason });
    });
}

async function start(ctx: CommandContext, options: StartOptions): Promise<void> {
  if (options.to.getTime() <= options.from.getTime()) {
    throw new UsageError(
      `--to (${options.to.toISOString()}) must be after --from (${options.from.toISOString()})`,
    );
  }
  if (options.projections && options.rule)
    throw new UsageError('--projections and --rule exclude each other');
  const name = options.name ?? defaultName();
  if (!REPLAY_NAME.test(name))
    throw new UsageError(`--name must match ${REPLAY_NAME}, got '${name}'`);
  const resources = await ctx.resources();
  const rules = chooseRules(
    await busRules(ctx.clients.events, ctx.clients.sqs, resources),
    options,
  );
  const sideEffects = rules.filter((r) => r.sideEffects);
  if (sideEffects.length > 0 && !options.includeSideEffects) {
    throw new UsageError(
      `rules ${sideEffects.map((r) => r.name).join(', ')} have side effects (emails, sagas, cancellations): add --include-side-effects --yes`,
    );
  }
  if (Date.now() - options.to.getTime() < ARCHIVE_LAG_MS) {
    ctx.out.warn(
      '--to is less than 10 minutes ago: AWS archives lag, the newest events may not be replayed yet',
    );
  }
  const { Arn: busArn } = await ctx.clients.events.send(
    new DescribeEventBusCommand({ Name: resources.eventBus }),
  );
  const { Archives = [] } = await ctx.clients.events.send(
    new ListArchivesCommand({ EventSourceArn: busArn }),
  );
  const archive = Archives[0];
  if (!archive?.ArchiveName) throw new CliError(`the bus ${resources.eventBus} has no archive`);
  const archiveArn = (busArn ?? '').replace(/:event-bus\/.*$/, `:archive/${archive.ArchiveName}`);
  const windowMs = options.to.getTime() - options.from.getTime();
  const go = confirmPlan(
    ctx.out,
    {
      action: `replay ${name}`,
      details: {
        archive: archive.ArchiveName,
        archivedEvents: archive.EventCount,
        from: options.from.toISOString(),
        to: options.to.toISOString(),
        rules: rules.map((r) => r.name),
      },
    },
    {
      threshold: Number.POSITIVE_INFINITY,
      yes: options.yes,
      dryRun: options.dryRun,
      ...(sideEffects.length > 0
        ? { alwaysAsk: 'reaches rules with side effects' }
        : windowMs > LONG_WINDOW_MS
          ? { alwaysAsk: 'covers more than 24 hours' }
          : {}),
    },
  );
  if (!go) return;
  await ctx.clients.events.send(
    new StartReplayCommand({
      ReplayName: name,
      EventSourceArn: archiveArn,
      EventStartTime: options.from,
      EventEndTime: options.to,
      Destination: { Arn: busArn, FilterArns: rules.map((r) => r.arn) },
    }),
  );
  ctx.out.note(`started replay ${name}`);
  await status(ctx, options.wait ? await waitFor(ctx, name) : await describe(ctx, name));
}

function chooseRules(all: readonly BusRule[], options: StartOptions): BusRule[] {
  if (!options.rule) {
    const projector = all.filter((r) => r.consumer === 'Projector');
    if (projector.length === 0)
      throw new CliError('no rule on the bus targets the projector’s queue');
    return projector;
  }
  return options.rule.map((wanted) => {
    const consumer = wanted.replace(/-/g, '').toLowerCase();
    const found = all.find((r) => r.name === wanted || r.consumer?.toLowerCase() === consumer);
    if (!found) {
      throw new UsageError(
        `--rule ${wanted}: no such rule on the bus (rules: ${all.map((r) => r.name).join(', ')})`,
      );
    }
    return found;
  });
}

function defaultName(): string {
  const time = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `eventline-${time}-${randomBytes(2).toString('hex')}`;
}

async function describe(ctx: CommandContext, name: string): Promise<Replay> {
  return ctx.clients.events.send(new DescribeReplayCommand({ ReplayName: name }));
}

/** Polls the replay until it leaves STARTING/RUNNING/CANCELLING, showing its progress. */
async function waitFor(ctx: CommandContext, name: string): Promise<Replay> {
  const progress = ctx.out.progress(`replay ${name}`, Date.now, true);
  for (;;) {
    const replay = await describe(ctx, name);
    const percent = Math.round(fractionDone(replay) * 100);
    progress.update(percent, 100, replay.State);
    if (!['STARTING', 'RUNNING', 'CANCELLING'].includes(replay.State ?? '')) {
      progress.finish(replay.State);
      return replay;
    }
    await sleep(POLL_MS);
  }
}

/** How far the replay is: the last replayed event's time over the window (1 when completed). */
function fractionDone(replay: Replay): number {
  if (replay.State === 'COMPLETED') return 1;
  const from = replay.EventStartTime?.getTime();
  const to = replay.EventEndTime?.getTime();
  const last = replay.EventLastReplayedTime?.getTime();
  if (from === undefined || to === undefined || last === undefined || to <= from) return 0;
  return Math.min(1, Math.max(0, (last - from) / (to - from)));
}

async function status(ctx: CommandContext, replay: Replay): Promise<void> {
  ctx.out.record({
    name: replay.ReplayName,
    state: replay.State,
    progress: `${Math.round(fractionDone(replay) * 100)}%`,
    from: replay.EventStartTime?.toISOString(),
    to: replay.EventEndTime?.toISOString(),
    lastReplayed: replay.EventLastReplayedTime?.toISOString(),
    started: replay.ReplayStartTime?.toISOString(),
    ended: replay.ReplayEndTime?.toISOString(),
    reason: replay.StateReason,
  });
  if (replay.State === 'FAILED')
    throw new CliError(`replay ${replay.ReplayName} failed: ${replay.StateReason ?? ''}`);
}

async function list(ctx: CommandContext): Promise<void> {
  const replays: Replay[] = [];
  let next: string | undefined;
  do {
    const page = await ctx.clients.events.send(
      new ListReplaysCommand({ ...(next ? { NextToken: next } : {}) }),
    );
    replays.push(...(page.Replays ?? []));
    next = page.NextToken;
  } while (next);
  replays.sort((a, b) => (b.ReplayStartTime?.getTime() ?? 0) - (a.ReplayStartTime?.getTime() ?? 0));
  ctx.out.rows(
    replays.map((r) => ({
      name: r.ReplayName,
      state: r.State,
      progress: `${Math.round(fractionDone(r) * 100)}%`,
      from: r.EventStartTime?.toISOString(),
      to: r.EventEndTime?.toISOString(),
      started: r.ReplayStartTime?.toISOString(),
    })),
    [
      { header: 'name', value: (r) => r.name },
      { header: 'state', value: (r) => r.state },
      { header: 'progress', value: (r) => r.progress },
      { header: 'from', value: (r) => r.from },
      { header: 'to', value: (r) => r.to },
      { header: 'started', value: (r) => r.started },
    ],
  );
}
