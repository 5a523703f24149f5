import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { App } from 'aws-cdk-lib';
import { createApp } from '../../infra/app';
import { ManualClock } from '../../local/core/clock';
import { memoryLogger } from '../../local/core/console-logger';
import type { RunningApp } from '../../local/run-app';
import { runAppLocally } from '../../local/run-app';
import { DynamoDbEventStore } from '../../shared/event-store/dynamodb';
import type { RecordedEvent } from '../../shared/event-store/types';
import { toEnvelope } from '../../shared/events/entry';
import { BackgroundClock } from './running-clock';

/** The synthesized app (bundles included, as `cdk synth` makes them) running on a local cloud with a manual clock. */
export interface LocalAppHarness {
  readonly app: RunningApp;
  readonly clock: ManualClock;
  readonly logger: ReturnType<typeof memoryLogger>;
  /** The stack's outputs, resolved to local values. */
  readonly outputs: Record<string, unknown>;
  /** The app's event store, read through the local cloud. */
  readonly store: DynamoDbEventStore;
  /** Every event of a stream, in version order. */
  storedEvents(streamId: string): Promise<RecordedEvent[]>;
  /**
   * Advances the clock until no saga runs and nothing is in flight (the saga
   * reacts to every order); fails after 10 minutes of clock time.
   */
  settle(): Promise<void>;
  /**
   * Advances the manual clock 2 s at a time, letting the work in flight finish
   * at each step, until `check` gives a value; fails, naming `what`, once
   * `limitMs` of clock time (default 10 minutes) has passed. No real time is slept.
   */
  until<T>(
    check: () => Promise<T | undefined | false>,
    what: string,
    options?: { readonly limitMs?: number },
  ): Promise<T>;
  /**
   * Runs the clock in the background, in real time, while `work` runs: for a
   * process outside the cloud that polls it in real time (the CLI), which no
   * clock step can wait for.
   */
  whileRunning<T>(work: Promise<T>): Promise<T>;
  /** Calls the HTTP API with a JSON content type. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** POSTs a JSON body to the HTTP API. */
  post(path: string, body: unknown): Promise<Response>;
  /** The physical id of the resource whose logical id starts with `prefix`. */
  physicalId(type: string, prefix: string): string;
  stop(): Promise<void>;
}

/** Clock time per step of {@link LocalAppHarness.until}: larger than every poll interval of the cloud. */
const STEP_MS = 2_000;
const LIMIT_MS = 10 * 60_000;

/** Synthesizes the real app and runs it on a fresh local cloud with a manual clock. */
export async function startLocalApp(): Promise<LocalAppHarness> {
  const outdir = mkdtempSync(join(tmpdir(), 'eventline-e2e-'));
  createApp(new App({ outdir })).synth();
  const clock = new ManualClock(Date.now());
  const logger = memoryLogger();
  const app = await runAppLocally({
    assemblyDir: outdir,
    clock,
    logger,
    // Its own DynamoDB Local: e2e files run in parallel and deploy the same table names.
    dynamodb: 'start',
  });
  const background = new BackgroundClock(clock, STEP_MS);
  const outputs = Object.values(app.deployment.outputs)[0] ?? {};
  const store = new DynamoDbEventStore({
    client: app.clients.dynamodb,
    tableName: String(outputs.EventTableName),
  });
  const api = (path: string, init?: RequestInit) =>
    fetch(`${app.apiUrl}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...init?.headers },
    });
  return {
    app,
    clock,
    logger,
    outputs,
    store,
    async storedEvents(streamId) {
      return [...(await store.read(streamId)).events];
    },
    async settle() {
      const noSagaRuns = async () => {
        const out = await app.clients.sfn.send(
          new ListExecutionsCommand({
            stateMachineArn: String(outputs.OrderSagaStateMachineArn),
            statusFilter: 'RUNNING',
          }),
        );
        return (out.executions ?? []).length === 0;
      };
      for (let round = 0; round < 2; round++) {
        // One step first: what was written since the pollers last looked is read and delivered.
        await clock.advance(STEP_MS);
        await clock.advanceUntil(noSagaRuns, {
          stepMs: STEP_MS,
          limitMs: LIMIT_MS,
          what: 'every saga to close',
        });
        await app.idle();
      }
    },
    until(check, what, options) {
      return clock.advanceUntil(check, {
        stepMs: STEP_MS,
        limitMs: options?.limitMs ?? LIMIT_MS,
        what,
      });
    },
    // Handlers are work in flight, so large steps never time one out.
    whileRunning: (work) => background.during(work),
    api,
    post: (path, body) => api(path, { method: 'POST', body: JSON.stringify(body) }),
    physicalId(type, prefix) {
      const found = app.deployment.resources.find(
        (r) => r.type === type && r.logicalId.startsWith(prefix),
      );
      if (!found?.physicalId) throw new Error(`no ${type} ${prefix}*`);
      return found.physicalId;
    },
    async stop() {
      await app.stop();
    },
  };
}

/**
 * The EventBridge event a rule would put in a queue for a stored event
 * (what the outbox publishes), e.g. to deliver it again by hand.
 */
export function eventBridgeEventOf(recorded: RecordedEvent, time = new Date()): string {
  const envelope = toEnvelope(recorded);
  return JSON.stringify({
    version: '0',
    id: randomUUID(),
    'detail-type': envelope.type,
    source: envelope.source,
    account: '000000000000',
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    resources: [],
    detail: { metadata: envelope.metadata, data: envelope.data },
  });
}

/** The JSON body of a response, or an error naming its status and body when it is not 2xx. */
export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  const body = (await res.json()) as T;
  if (res.status >= 300) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body)}`);
  return body;
}
