import { DeleteTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { StartReplayCommand } from '@aws-sdk/client-eventbridge';
import {
  GetQueueAttributesCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import type { ScheduledTimer } from '../local/core/clock';
import { IDLE_POLL_TIMER, ManualClock } from '../local/core/clock';
import { memoryLogger } from '../local/core/console-logger';
import type { ScheduledRequest } from '../local/core/scheduler';
import { ACTOR_HEADER, MAIN_ACTOR, SEQUENCE_HEADER } from '../local/core/scheduler';
import type { RunningApp } from '../local/run-app';
import { runAppLocally } from '../local/run-app';
import type { FaultKind, FaultPlan } from './faults';
import {
  CONSUMER_FUNCTIONS,
  CONSUMERS,
  DynamoFaultDecider,
  LambdaFaultDecider,
  PutEventsFaultDecider,
  planFaults,
} from './faults';
import type { InvariantReport } from './invariants';
import { checkInvariants } from './invariants';
import { Prng } from './prng';
import { seedProcessIds } from './seeded-ids';
import type { TraceLine } from './trace';
import { Trace } from './trace';
import type { WorkloadOptions, WorkloadStep } from './workload';
import { planWorkload } from './workload';

/** What a run shares with the other runs of the process. */
export interface SimulationEnv {
  /** The synthesized cloud assembly (synthesized once per process). */
  readonly assemblyDir: string;
  /** A DynamoDB Local shared by the runs; each run deploys fresh tables and deletes them after. */
  readonly dynamoDbEndpoint: string;
}

/** A command the workload sent and what the API answered. */
export interface CommandRecord {
  readonly step: number;
  readonly kind: WorkloadStep['kind'];
  readonly path: string;
  readonly status: number;
  readonly body: Record<string, unknown>;
  /** The order a `cancel` was for. */
  readonly orderId?: string;
}

/** A deliberately broken variant: changes the deployed app through the local cloud's hooks. */
export type Variant = (app: RunningApp) => void | Promise<void>;

export interface RunOptions {
  readonly faults: readonly FaultKind[];
  readonly workload?: WorkloadOptions;
  /** Installed after the deploy, before the workload: a broken variant under test. */
  readonly variant?: Variant;
  /** Told of each trace line as it happens. */
  readonly onTrace?: (line: TraceLine) => void;
  /** Told of each request the scheduler lets through, in order (`--schedule`). */
  readonly onSchedule?: (seed: number, request: ScheduledRequest, clockMs: number) => void;
  /** Clock time the system may take to become quiet. @default 30 minutes */
  readonly quietLimitMs?: number;
}

/** Faults injected in a run, by kind. */
export type FaultCounts = Record<FaultKind, number>;

/** The outcome of one seeded run. */
export interface RunResult {
  readonly seed: number;
  readonly commands: number;
  readonly events: number;
  readonly orders: number;
  readonly faults: FaultCounts;
  readonly plan: FaultPlan;
  readonly invariants: InvariantReport;
  readonly trace: Trace;
  /** Clock time the run took, and real time. */
  readonly clockMs: number;
  readonly realMs: number;
  /** Final order statuses in placement order: compared across runs of a seed. */
  readonly outcome: readonly string[];
  /** The local cloud's warnings and errors in the run (dead-lettered messages, failed batches…). */
  readonly cloudLog: readonly string[];
  /** Real time of each phase of the run (deploy, workload, settle, check), in ms. */
  readonly phases: Readonly<Record<string, number>>;
}

const CLOCK_START = Date.UTC(2026, 0, 1);
/** The reason an outage's refused invocations carry (counted apart from `fail-before`). */
const OUTAGE = 'sim outage';

/**
 * One seeded run: deploys the app on a fresh local cloud with a manual clock,
 * drives the seed's workload with the seed's faults, lets the clock run until
 * the system is quiet, checks the invariants, and tears everything down.
 */
export async function runSimulation(
  env: SimulationEnv,
  seed: number,
  options: RunOptions,
): Promise<RunResult> {
  const started = Date.now();
  const prng = new Prng(seed);
  // Each of the cloud's random sources draws from a seed of its own (see `deriveSeed`); the
  // scheduler takes the run's seed itself, and every environment's randomness derives from it.
  const restoreIds = seedProcessIds(prng.fork('cloud/ids').seed);
  const steps = planWorkload(prng.fork('workload'), options.workload);
  const plan = planFaults(prng.fork('faults'), options.faults, steps.length);
  const clock = new ManualClock(CLOCK_START);
  const trace = new Trace(() => clock.now(), options.onTrace);
  trace.add('state', `seed ${seed}: deploying`);
  const logger = memoryLogger();
  const phases: Record<string, number> = {};
  let phaseStart = Date.now();
  const phase = (name: string) => {
    const now = Date.now();
    phases[name] = now - phaseStart;
    phaseStart = now;
  };
  let app: RunningApp;
  try {
    app = await runAppLocally({
      assemblyDir: env.assemblyDir,
      clock,
      logger,
      dynamodb: { endpoint: env.dynamoDbEndpoint },
      sqs: {
        duplicateRate: plan.duplicateRate,
        reorder: plan.reorder,
        seed: prng.fork('cloud/sqs').seed,
      },
      replays: { shuffle: true, seed: prng.fork('cloud/replays').seed },
      deterministic: {
        seed,
        ...(options.onSchedule
          ? {
              onGrant: (request: ScheduledRequest) =>
                options.onSchedule?.(seed, request, clock.now() - CLOCK_START),
            }
          : {}),
      },
    });
  } catch (error) {
    restoreIds();
    throw error;
  }
  // SIM_DEBUG=1: every 10 s of real time, name the work in flight (a hang shows what holds it).
  const watchdog = process.env.SIM_DEBUG
    ? setInterval(() => {
        trace.add(
          'state',
          `debug: work in flight [${clock.workInFlight.join('; ')}], ${clock.pendingTimers} timers`,
        );
      }, 10_000)
    : undefined;
  watchdog?.unref();
  phase('deploy');
  try {
    const outputs = Object.values(app.deployment.outputs)[0] ?? {};
    const output = (key: string) => {
      const value = outputs[key];
      if (typeof value !== 'string') throw new Error(`the stack has no output ${key}`);
      return value;
    };
    trace.add('state', `seed ${seed}: ${steps.length} commands; faults ${JSON.stringify(plan)}`);
    const published = new Set<string>();
    app.cloud.eventBridge.onEvent(({ event, archivedIn }) => {
      const eventId = (event.detail.metadata as { eventId?: string } | undefined)?.eventId;
      if (!eventId) return;
      if (event['replay-name']) return;
      if (archivedIn.length > 0) published.add(eventId);
    });
    // Activity: what changes the system's state (invocations, saga steps, bus events).
    let activity = 0;
    app.cloud.eventBridge.onEvent(() => {
      activity++;
    });
    app.cloud.stepFunctions.onExecutionEvent(() => {
      activity++;
    });
    const decider = new LambdaFaultDecider(plan, prng.fork('lambda'));
    app.cloud.faults.lambda.add(({ functionName }) => {
      activity++;
      const when = decider.decide(functionName);
      if (!when) return undefined;
      trace.add(
        'fault',
        when === 'timeout'
          ? `lambda timed out: ${shortName(functionName)}`
          : `lambda ${when} handler: ${shortName(functionName)}`,
      );
      return { when, reason: `sim seed ${seed}` };
    });
    // DynamoDB and PutEvents faults: on while the workload runs and the system settles,
    // off for the invariant checks (they read through the same endpoint).
    const dynamo = new DynamoFaultDecider(plan, prng.fork('dynamodb'));
    const removeDynamoRule = app.cloud.faults.dynamodb.add(({ operation, transactItems }) => {
      const fault = dynamo.decide(operation, transactItems);
      if (fault) trace.add('fault', `dynamodb ${operation}: ${fault.kind}`);
      return fault;
    });
    const putEvents = new PutEventsFaultDecider(plan, prng.fork('putEvents'));
    const removePutEventsRule = app.cloud.faults.putEvents.add(({ entries }) => {
      const fault = putEvents.decide(entries.length);
      if (fault)
        trace.add(
          'fault',
          fault.kind === 'throttle'
            ? 'PutEvents call throttled'
            : `PutEvents: ${fault.failed.length} of ${entries.length} entries failed (${fault.errorCode})`,
        );
      return fault;
    });
    await options.variant?.(app);

    const commands: CommandRecord[] = [];
    const placed: string[] = [];
    const poisons: { consumer: string; body: string }[] = [];
    let replays = 0;
    let endOutage: (() => void) | undefined;
    /** Replays the whole archive so far to the bus; false when the stack has no archive. */
    const replayArchive = async (name: string) => {
      const archive = app.deployment.resources.find((r) => r.type === 'AWS::Events::Archive');
      if (!archive?.physicalId) return false;
      const { region, context } = app.cloud;
      await app.clients.events.send(
        new StartReplayCommand({
          ReplayName: name,
          EventSourceArn: `arn:aws:events:${region}:${context.accountId}:archive/${archive.physicalId}`,
          EventStartTime: new Date(CLOCK_START - 60_000),
          EventEndTime: new Date(clock.now() + 1000),
          Destination: {
            Arn: `arn:aws:events:${region}:${context.accountId}:event-bus/${output('EventBusName')}`,
          },
        }),
      );
      return true;
    };
    // A command is one of the scheduler's requests: it goes when the cloud is at rest,
    // and the cloud is not at rest until its answer has been read.
    const api = async (path: string, body: unknown) => {
      const scheduled = app.cloud.scheduler?.mainRequest();
      let text: string;
      let res: Response;
      try {
        res = await fetch(`${app.apiUrl}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(scheduled
              ? { [ACTOR_HEADER]: MAIN_ACTOR, [SEQUENCE_HEADER]: String(scheduled.seq) }
              : {}),
          },
          body: JSON.stringify(body),
        });
        text = await res.text();
      } finally {
        scheduled?.done();
      }
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(text) as Record<string, unknown>;
      } catch {
        parsed = { text };
      }
      return { status: res.status, body: parsed };
    };

    // Messages in the consumer queues: all of them (in flight and delayed too), and the
    // visible ones — while there are some, a poller has work to find. Read from the local
    // cloud's queues, as GetQueueAttributes would answer (ApproximateNumberOfMessages,
    // …NotVisible, …Delayed), without four requests per look; the sagas running likewise
    // (ListExecutions with statusFilter RUNNING).
    const sqs = app.cloud.sqs;
    const queues = CONSUMERS.map((c) => sqs.registry.queueByUrl(output(`${c}QueueUrl`)));
    const countQueues = () => {
      let queued = 0;
      let visible = 0;
      for (const queue of queues) {
        queued += sqs.depth(queue.arn);
        visible += queue.counts().visible;
      }
      return { queued, visible };
    };
    // What the simulator reads of the cloud's state, it reads at rest: the same in every run of a seed.
    const atRest = async <T>(label: string, read: () => T): Promise<T> =>
      app.cloud.scheduler ? app.cloud.scheduler.atRest(label, read) : read();
    const visibleMessages = async () =>
      (await atRest('simulator: consumer queue depths', countQueues)).visible;
    for (const [index, step] of steps.entries()) {
      if (step.afterMs > 0)
        await advanceSkippingIdlePolls({
          clock,
          ms: step.afterMs,
          activity: () => activity,
          visible: visibleMessages,
        });
      if (step.kind === 'addStock') {
        const path = `/inventory/${step.sku}/stock`;
        const out = await api(path, { quantity: step.quantity });
        commands.push({ step: index, kind: step.kind, path, ...out });
        trace.add('command', `addStock ${step.sku} +${step.quantity} → ${out.status}`);
      } else if (step.kind === 'placeOrder') {
        const out = await api('/orders', {
          customerId: step.customerId,
          customerEmail: step.customerEmail,
          lines: step.lines,
        });
        commands.push({ step: index, kind: step.kind, path: '/orders', ...out });
        const orderId = typeof out.body.orderId === 'string' ? out.body.orderId : undefined;
        if (orderId) placed.push(orderId);
        trace.add(
          'command',
          `placeOrder ${step.customerId} ${step.lines.map((l) => `${l.sku}×${l.quantity}`).join(',')} → ${out.status} ${orderId ?? ''}`,
        );
      } else {
        const orderId = placed[step.orderIndex % Math.max(1, placed.length)];
        if (orderId) {
          const path = `/orders/${orderId}/cancel`;
          const out = await api(path, { reason: `sim step ${index}` });
          commands.push({ step: index, kind: step.kind, path, orderId, ...out });
          trace.add(
            'command',
            `cancel ${orderId} → ${out.status} ${String(out.body.status ?? '')}`,
          );
        }
      }
      if (plan.poison?.afterStep === index) {
        const consumer = plan.poison.consumer;
        const body = `{"poison":"sim seed ${seed}", "step": ${index}`;
        await app.clients.sqs.send(
          new SendMessageCommand({ QueueUrl: output(`${consumer}QueueUrl`), MessageBody: body }),
        );
        poisons.push({ consumer, body });
        trace.add('fault', `poison message to the ${consumer} queue`);
      }
      if (plan.replayAfterStep === index && (await replayArchive(`sim-${seed}-${index}`))) {
        replays++;
        trace.add('fault', 'archive replay of the run so far, while commands continue');
      }
      if (plan.outage?.afterStep === index) {
        const { consumer } = plan.outage;
        endOutage = app.cloud.faults.lambda.add(({ functionName }) =>
          functionName.includes(CONSUMER_FUNCTIONS[consumer])
            ? { when: 'before', reason: `${OUTAGE} of ${consumer}` }
            : undefined,
        );
        trace.add('fault', `${consumer} down: every delivery fails until its DLQ holds them`);
      }
    }

    phase('workload');
    // Quiet: no saga running, no message in a consumer queue, no work in flight, twice in a row.
    const untilQuiet = () =>
      waitUntilQuiet({
        clock,
        activity: () => activity,
        limitMs: options.quietLimitMs ?? 30 * 60_000,
        trace,
        state: systemState,
      });
    const sagaArn = output('OrderSagaStateMachineArn');
    const systemState = async (): Promise<SystemState> =>
      atRest('simulator: system state', () => ({
        sagas: app.cloud.stepFunctions.executions(sagaArn, 'RUNNING').length,
        ...countQueues(),
        held: app.heldStreamRecords(),
      }));
    await untilQuiet();
    let redriven = 0;
    if (endOutage && plan.outage) {
      // The consumer is back; its messages wait in its DLQ. The operator redrives them (what
      // `eventline dlq redrive` does), while the archive is replayed again when the plan has
      // a replay: a replay during a redrive.
      endOutage();
      const { consumer } = plan.outage;
      const dlq = await app.clients.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: output(`${consumer}DeadLetterQueueUrl`),
          AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'],
        }),
      );
      redriven = Number(dlq.Attributes?.ApproximateNumberOfMessages ?? 0);
      await app.clients.sqs.send(
        new StartMessageMoveTaskCommand({ SourceArn: dlq.Attributes?.QueueArn }),
      );
      trace.add('fault', `${consumer} back; redrive of its DLQ: ${redriven} message(s)`);
      if (plan.replayAfterStep !== undefined && (await replayArchive(`sim-${seed}-redrive`))) {
        replays++;
        trace.add('fault', 'archive replay of the run so far, during the redrive');
      }
      await untilQuiet();
    }
    phase('settle');
    const scheduler = app.cloud.scheduler;
    trace.add(
      'state',
      `quiet; checking the invariants (${scheduler?.granted ?? 0} requests in seeded order, ${scheduler?.forced ?? 0} let through before rest)`,
    );
    removeDynamoRule();
    removePutEventsRule();

    const sqsInjected = app.cloud.sqs.messages.deliveryFaults.injected;
    const lambdaInjected = app.cloud.faults.lambda.injected;
    const dynamoInjected = app.cloud.faults.dynamodb.injected;
    const putEventsInjected = app.cloud.faults.putEvents.injected;
    const faults: FaultCounts = {
      duplicate: sqsInjected.duplicated,
      reorder: sqsInjected.reordered,
      'crash-after': lambdaInjected.filter((f) => f.when === 'after').length,
      'fail-before': lambdaInjected.filter(
        (f) => f.when === 'before' && !f.reason?.startsWith(OUTAGE),
      ).length,
      poison: poisons.length,
      replay: replays,
      timeout: lambdaInjected.filter((f) => f.when === 'timeout').length,
      'dynamodb-throttle': dynamoInjected.filter((f) => f.kind !== 'transaction-conflict').length,
      'transaction-conflict': dynamoInjected.filter((f) => f.kind === 'transaction-conflict')
        .length,
      'putevents-partial': putEventsInjected
        .filter((f) => f.kind === 'partial')
        .reduce((n, f) => n + f.entries, 0),
      'putevents-throttle': putEventsInjected.filter((f) => f.kind === 'throttle').length,
      'outage-redrive': redriven,
    };
    const invariants = await checkInvariants({
      app,
      output,
      commands,
      placed,
      published,
      poisons,
      trace,
    });
    phase('check');
    for (const v of invariants.violations) trace.add('violation', `${v.invariant}: ${v.evidence}`);
    traceEvidence(trace, invariants);
    return {
      seed,
      commands: commands.length,
      events: invariants.events,
      orders: invariants.orderStatuses.length,
      faults,
      plan,
      invariants,
      trace,
      clockMs: clock.now() - CLOCK_START,
      realMs: Date.now() - started,
      outcome: invariants.orderStatuses,
      cloudLog: logger.lines.filter((l) => !l.startsWith('info ')),
      phases,
    };
  } finally {
    if (watchdog) clearInterval(watchdog);
    await app.stop();
    await deleteAllTables(env.dynamoDbEndpoint);
    restoreIds();
  }
}

/**
 * What the quiet check sees: sagas running, messages in the consumer queues
 * (all, and visible), and stream records an event source mapping holds for its
 * batching window or for the retry of a failed batch (the outbox's: not yet
 * published, yet no work in flight).
 */
interface SystemState {
  readonly sagas: number;
  readonly queued: number;
  readonly visible: number;
  readonly held: number;
}

/** Clock time in which every idle poller looks at least once (their interval is 200 ms). */
const POLL_WINDOW_MS = 400;

/**
 * Advances the clock until the system is quiet (no saga running, no message
 * queued, no stream record held, no work in flight) twice in a row. Waiting out a visibility
 * timeout or a retry is most of a run's clock time, and stepping through it
 * fired every poller's empty polls (5 per second each): when a whole poll
 * window passed with no activity and no message is visible, every poller has
 * looked since the last change, so nothing can happen before the next timer
 * that is not an idle poll — the clock jumps there
 * (`ManualClock.advanceToNextTimer`), and the polls run right after it.
 */
async function waitUntilQuiet(input: {
  readonly clock: ManualClock;
  readonly activity: () => number;
  readonly state: () => Promise<SystemState>;
  readonly limitMs: number;
  readonly trace: Trace;
}): Promise<void> {
  const { clock, trace } = input;
  const limit = clock.now() + input.limitMs;
  let quietChecks = 0;
  let lastReport = clock.now();
  for (;;) {
    await clock.idle();
    const state = await input.state();
    const quiet = state.sagas === 0 && state.queued === 0 && state.held === 0;
    quietChecks = quiet ? quietChecks + 1 : 0;
    if (quietChecks >= 2) return;
    if (clock.now() >= limit)
      throw new Error(
        `the system was not quiet after ${input.limitMs} ms of clock time: ${state.sagas} sagas running, ${state.queued} messages queued, ${state.held} stream records held`,
      );
    if (!quiet && clock.now() - lastReport >= 60_000) {
      lastReport = clock.now();
      trace.add('state', `waiting: ${state.sagas} sagas running, ${state.queued} messages queued`);
    }
    const mark = input.activity();
    await clock.advance(POLL_WINDOW_MS);
    if (quiet || input.activity() !== mark) continue;
    const after = await input.state();
    if (after.visible > 0) continue;
    await clock.advanceToNextTimer(isIdlePoll, Math.max(0, limit - clock.now()));
  }
}

/** Idle polls: their firing changes nothing while nothing else happens. */
const isIdlePoll = (timer: ScheduledTimer) => timer.label === IDLE_POLL_TIMER;

/**
 * Moves the clock `ms` forward (the pause between two workload steps) as
 * {@link waitUntilQuiet} does: whenever a whole poll window passed with no
 * activity and no message visible, every poller has looked since the last
 * change, so the clock jumps over the idle polls to the next timer that
 * matters or to the end of the pause.
 */
async function advanceSkippingIdlePolls(input: {
  readonly clock: ManualClock;
  readonly ms: number;
  readonly activity: () => number;
  readonly visible: () => Promise<number>;
}): Promise<void> {
  const { clock } = input;
  const target = clock.now() + input.ms;
  while (clock.now() < target) {
    const mark = input.activity();
    await clock.advance(Math.min(POLL_WINDOW_MS, target - clock.now()));
    if (clock.now() >= target) return;
    if (input.activity() !== mark || (await input.visible()) > 0) continue;
    await clock.advanceSkipping(isIdlePoll, target - clock.now());
  }
}

/** Adds to the trace the store's events of every order and SKU a violation names. */
function traceEvidence(trace: Trace, report: InvariantReport): void {
  const named = new Set<string>();
  for (const v of report.violations) {
    for (const [id] of v.evidence.matchAll(/[0-9a-f]{8}-[0-9a-f-]{27}/g)) named.add(`order-${id}`);
    for (const [sku] of v.evidence.matchAll(/SKU-SIM-\d+/g)) named.add(`inventory-${sku}`);
  }
  for (const stream of named) {
    for (const e of report.streams.get(stream) ?? []) {
      const data = JSON.stringify(e.data);
      trace.add(
        'state',
        `store ${stream}@${e.version} ${e.type} ${data.length > 120 ? `${data.slice(0, 120)}…` : data} (cause ${e.metadata.causationId})`,
      );
    }
  }
}

/** The part of a physical function name that says which function it is. */
export function shortName(functionName: string): string {
  return functionName.replace(/^eventline-[a-z]+-/, '').replace(/[0-9A-F]{8}$/, '');
}

/** Deletes every table of the shared DynamoDB Local, so the next run deploys fresh ones. */
async function deleteAllTables(endpoint: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    let start: string | undefined;
    do {
      const out = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
      await Promise.all(
        (out.TableNames ?? []).map((name) =>
          client.send(new DeleteTableCommand({ TableName: name })),
        ),
      );
      start = out.LastEvaluatedTableName;
    } while (start);
  } finally {
    client.destroy();
  }
}
