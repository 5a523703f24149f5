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
import { eventually, runClock } from './running-clock';

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
  /** Waits until no saga runs and nothing is in flight (the saga reacts to every order). */
  settle(): Promise<void>;
  /** Calls the HTTP API with a JSON content type. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** POSTs a JSON body to the HTTP API. */
  post(path: string, body: unknown): Promise<Response>;
  /** The physical id of the resource whose logical id starts with `prefix`. */
  physicalId(type: string, prefix: string): string;
  stop(): Promise<void>;
}

/** Synthesizes the real app and runs it on a fresh local cloud whose manual clock runs fast. */
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
  // Handlers are work in flight, so large steps never time one out; they make
  // minutes of visibility timeouts and retries pass in seconds.
  const stopClock = runClock(clock, 2000);
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
      for (let round = 0; round < 2; round++) {
        await eventually(
          async () => {
            const out = await app.clients.sfn.send(
              new ListExecutionsCommand({
                stateMachineArn: String(outputs.OrderSagaStateMachineArn),
                statusFilter: 'RUNNING',
              }),
            );
            return (out.executions ?? []).length === 0 ? true : undefined;
          },
          60_000,
          'every saga to close',
        );
        await app.idle();
      }
    },
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
      await stopClock();
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
