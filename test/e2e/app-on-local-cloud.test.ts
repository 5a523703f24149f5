import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { DeleteEventBusCommand, DescribeArchiveCommand } from '@aws-sdk/client-eventbridge';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../infra/app';
import { ManualClock } from '../../local/core/clock';
import { memoryLogger } from '../../local/core/console-logger';
import type { RunningApp } from '../../local/run-app';
import { runAppLocally } from '../../local/run-app';
import { replayArchiveToNewRule } from '../../local/services/eventbridge/archive-replay';
import { DynamoDbEventStore } from '../../shared/event-store/dynamodb';

let app: RunningApp;
const logger = memoryLogger();
let clock: ManualClock;
let outputs: Record<string, unknown>;
/** Lambda functions in the synthesized templates, counted from the JSON itself (not by the deployer). */
let templateFunctions = 0;
const physicalId = (type: string) =>
  app.deployment.resources.find((r) => r.type === type)?.physicalId as string;

beforeAll(async () => {
  // Synthesize the real app, bundles included, as `cdk synth` does.
  const outdir = mkdtempSync(join(tmpdir(), 'eventline-e2e-'));
  createApp(new App({ outdir })).synth();
  for (const file of readdirSync(outdir).filter((f) => f.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(join(outdir, file), 'utf8')) as {
      Resources?: Record<string, { Type: string }>;
    };
    templateFunctions += Object.values(template.Resources ?? {}).filter(
      (r) => r.Type === 'AWS::Lambda::Function',
    ).length;
  }
  clock = new ManualClock(Date.now());
  app = await runAppLocally({
    assemblyDir: outdir,
    clock,
    logger,
    // Its own DynamoDB Local: the consumers end-to-end test deploys the same app, with the
    // same table names, on the shared one.
    dynamodb: 'start',
    // The app claims at-least-once tolerance: run it with AWS's weaker guarantees on.
    sqs: { duplicateRate: 0.3, reorder: true, seed: 2026 },
    replays: { shuffle: true, seed: 2026 },
  });
  outputs = Object.values(app.deployment.outputs)[0] ?? {};
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

const api = (path: string, init?: RequestInit) =>
  fetch(`${app.apiUrl}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...init?.headers },
  });

const placeOrder = async (customerId: string) => {
  const res = await api('/orders', {
    method: 'POST',
    headers: { 'x-correlation-id': `e2e-${customerId}` },
    body: JSON.stringify({
      customerId,
      lines: [{ sku: 'SKU-E2E', quantity: 3, unitPrice: { amount: 700, currency: 'EUR' } }],
    }),
  });
  if (res.status !== 201)
    console.error(
      'place order failed',
      res.status,
      logger.lines.filter((l) => l.startsWith('error')),
    );
  expect(res.status).toBe(201);
  return (await res.json()) as { orderId: string; version: number };
};

describe('The synthesized app on the local cloud', () => {
  const start = Date.now() - 1000;
  let orderId: string;

  it('deploys every resource of the template, none unsupported', () => {
    expect(app.deployment.resources.filter((r) => r.status === 'unsupported')).toEqual([]);
    expect(
      app.deployment.resources.filter(
        (r) => r.type === 'AWS::Lambda::Function' && r.status === 'emulated',
      ),
    ).toHaveLength(templateFunctions);
    expect(templateFunctions).toBeGreaterThan(0);
    expect(app.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('POST /orders → events in the store → published by the outbox → archived → folded by GET', async () => {
    // Act
    ({ orderId } = await placeOrder('c-e2e'));

    // Assess: the event is in the event store, with the request's correlation id.
    const store = new DynamoDbEventStore({
      client: app.clients.dynamodb,
      tableName: String(outputs.EventTableName),
    });
    const page = await store.read(`order-${orderId}`);
    expect(page.events.map((e) => [e.type, e.version, e.metadata.correlationId])).toEqual([
      ['OrderPlaced', 1, 'e2e-c-e2e'],
    ]);

    // ...the outbox published it and the bus archived it.
    const archiveName = physicalId('AWS::Events::Archive');
    await clock.advanceUntil(
      async () => {
        const archive = await app.clients.events.send(
          new DescribeArchiveCommand({ ArchiveName: archiveName }),
        );
        return (archive.EventCount ?? 0) >= 1 ? archive : undefined;
      },
      { what: 'the archive to hold the event', limitMs: 60_000 },
    );

    // ...and the query side folds it.
    const res = await api(`/orders/${orderId}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'placed',
      customerId: 'c-e2e',
      total: { amount: 2100, currency: 'EUR' },
      version: 1,
    });
  }, 60_000);

  it('replays the archive window to the filtered rule, with replay-name', async () => {
    // Act: replay to a rule created after the events were published, so only the replay reaches it.
    const events = await replayArchiveToNewRule(app, {
      replayName: 'e2e-replay',
      pattern: { source: ['eventline.orders'] },
      from: new Date(start),
      // The handlers stamp events with the wall clock (they run in worker threads), and the
      // cloud clock only moves when the test advances it: the window must cover both.
      to: new Date(Math.max(Date.now(), app.cloud.clock.now()) + 1000),
    });

    // Assess
    expect(events.length).toBeGreaterThanOrEqual(1);
    for (const event of events) {
      expect(event['replay-name']).toBe('e2e-replay');
      expect(event.source).toBe('eventline.orders');
    }
    expect(
      events.map((e) => (e.detail as { metadata: { streamId: string } }).metadata.streamId),
    ).toContain(`order-${orderId}`);
  }, 60_000);

  it('sends a record the outbox cannot publish to its failure destination', async () => {
    // Prepare: without its bus, every PutEvents of the outbox fails.
    await app.clients.events.send(
      new DeleteEventBusCommand({ Name: String(outputs.EventBusName) }),
    );

    // Act
    const { orderId: lost } = await placeOrder('c-lost');

    // Assess: after its retries (minutes of cloud time), the mapping describes the batch in the failure queue.
    const failureQueueUrl = String(outputs.OutboxFailureQueueUrl);
    const message = await clock.advanceUntil(
      async () => {
        const out = await app.clients.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: failureQueueUrl, MaxNumberOfMessages: 1 }),
        );
        return out.Messages?.[0];
      },
      { what: 'the failure destination to receive the record', stepMs: 1_000, limitMs: 1_800_000 },
    );
    const record = JSON.parse(message.Body as string);
    expect(record.requestContext.condition).toBe('RetryAttemptsExhausted');
    expect(record.DDBStreamBatchInfo).toMatchObject({ batchSize: 1 });
    // ...and the range it names, read back with the Streams API, is the lost order's event.
    const info = record.DDBStreamBatchInfo as {
      shardId: string;
      streamArn: string;
      startSequenceNumber: string;
      endSequenceNumber: string;
    };
    const { ShardIterator } = await app.clients.streams.send(
      new GetShardIteratorCommand({
        StreamArn: info.streamArn,
        ShardId: info.shardId,
        ShardIteratorType: 'AT_SEQUENCE_NUMBER',
        SequenceNumber: info.startSequenceNumber,
      }),
    );
    const page = await app.clients.streams.send(new GetRecordsCommand({ ShardIterator }));
    const described = (page.Records ?? []).filter(
      (r) =>
        BigInt(r.dynamodb?.SequenceNumber ?? '0') <= BigInt(info.endSequenceNumber) &&
        BigInt(r.dynamodb?.SequenceNumber ?? '0') >= BigInt(info.startSequenceNumber),
    );
    expect(
      described.map((r) => [r.dynamodb?.NewImage?.streamId?.S, r.dynamodb?.NewImage?.version?.N]),
    ).toEqual([[`order-${lost}`, '1']]);
  }, 120_000);
});
