import type { ExecutionListItem, ExecutionStatus, HistoryEvent } from '@aws-sdk/client-sfn';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
} from '@aws-sdk/client-sfn';
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { contextOf } from '../context';
import { CliError, UsageError } from '../errors';
import { parseWholeNumber } from '../safety';
import { sagaPath } from '../saga-path';

const STATUSES = [
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'ABORTED',
  'PENDING_REDRIVE',
] as const;

/** `saga show | ls`. */
export function registerSagaCommands(program: Command): void {
  const saga = program.command('saga').description('The order saga’s executions');
  saga
    .command('show')
    .description('An order’s saga: states, retries, compensations, error and times')
    .argument('<orderId>', 'the order; its execution is named order-<orderId>')
    .action(async (orderId: string, _options: object, command: Command) =>
      show(contextOf(command), orderId),
    );
  saga
    .command('ls')
    .description('Executions, newest first')
    .option('--status <status>', `only these: ${STATUSES.join('|')}`, (text: string) => {
      if (!(STATUSES as readonly string[]).includes(text)) {
        throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, got '${text}'`);
      }
      return text as ExecutionStatus;
    })
    .option('--limit <n>', 'at most this many', parseWholeNumber('--limit', 1, 10_000), 50)
    .action(async (options: { status?: ExecutionStatus; limit: number }, command: Command) =>
      list(contextOf(command), options),
    );
}

async function show(ctx: CommandContext, orderId: string): Promise<void> {
  const resources = await ctx.resources();
  // An execution ARN is the state machine's with `:execution:` and the execution's name.
  const executionArn = `${resources.stateMachineArn.replace(':stateMachine:', ':execution:')}:order-${orderId}`;
  let execution: Awaited<ReturnType<typeof describe>>;
  try {
    execution = await describe(ctx, executionArn);
  } catch (error) {
    if ((error as { name?: string }).name === 'ExecutionDoesNotExist') {
      throw new CliError(
        `no saga for order ${orderId} (execution order-${orderId} does not exist)`,
      );
    }
    throw error;
  }
  const events: HistoryEvent[] = [];
  let next: string | undefined;
  do {
    const page = await ctx.clients.sfn.send(
      new GetExecutionHistoryCommand({
        executionArn,
        maxResults: 1000,
        ...(next ? { nextToken: next } : {}),
      }),
    );
    events.push(...(page.events ?? []));
    next = page.nextToken;
  } while (next);
  const path = sagaPath(events);
  ctx.out.record({
    orderId,
    execution: `order-${orderId}`,
    status: execution.status,
    started: execution.startDate?.toISOString(),
    stopped: execution.stopDate?.toISOString(),
    compensated: path.compensated,
    error: execution.error ?? path.error,
    cause: execution.cause ?? path.cause,
    steps: ctx.out.json ? path.steps : undefined,
  });
  if (!ctx.out.json) {
    ctx.out.rows(path.steps, [
      { header: 'state', value: (s) => s.state },
      { header: 'phase', value: (s) => s.phase },
      { header: 'attempts', value: (s) => (s.attempts > 0 ? s.attempts : '') },
      { header: 'entered', value: (s) => s.entered },
      { header: 'exited', value: (s) => s.exited },
      { header: 'error', value: (s) => s.error },
    ]);
  }
}

function describe(ctx: CommandContext, executionArn: string) {
  return ctx.clients.sfn.send(new DescribeExecutionCommand({ executionArn }));
}

async function list(
  ctx: CommandContext,
  options: { status?: ExecutionStatus; limit: number },
): Promise<void> {
  const resources = await ctx.resources();
  const executions: ExecutionListItem[] = [];
  let next: string | undefined;
  do {
    const page = await ctx.clients.sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: resources.stateMachineArn,
        maxResults: Math.min(1000, options.limit - executions.length),
        ...(options.status ? { statusFilter: options.status } : {}),
        ...(next ? { nextToken: next } : {}),
      }),
    );
    executions.push(...(page.executions ?? []));
    next = page.nextToken;
  } while (next && executions.length < options.limit);
  ctx.out.rows(
    executions.map((e) => ({
      orderId: e.name?.replace(/^order-/, ''),
      execution: e.name,
      status: e.status,
      started: e.startDate?.toISOString(),
      stopped: e.stopDate?.toISOString(),
    })),
    [
      { header: 'execution', value: (e) => e.execution },
      { header: 'status', value: (e) => e.status },
      { header: 'started', value: (e) => e.started },
      { header: 'stopped', value: (e) => e.stopped },
    ],
  );
}
