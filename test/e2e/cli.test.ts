import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { DisableRuleCommand, EnableRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalAppHarness } from '../helpers/local-app';
import { eventBridgeEventOf, json, startLocalApp } from '../helpers/local-app';
import type { CliRun } from '../helpers/run-cli';
import { runCli } from '../helpers/run-cli';

let h: LocalAppHarness;
const started = new Date(Date.now() - 60_000);

beforeAll(async () => {
  h = await startLocalApp();
}, 180_000);

afterAll(async () => {
  await h?.stop();
});

/**
 * Runs `eventline <args>` against the local cloud. The binary is another process
 * that polls in real time (`--wait`), so the clock runs in real time while it runs.
 */
const cli = (...args: string[]): Promise<CliRun> =>
  h.whileRunning(runCli(h.app.cloud.url, h.app.cloud.region, args));
const cliJson = (...args: string[]) => cli('--json', ...args);

const post = (path: string, body: unknown) => h.post(path, body);
const output = (key: string) => String(h.outputs[key]);
const doc = () => DynamoDBDocumentClient.from(h.app.clients.dynamodb);

const settle = () => h.settle();

/** Items of the read-model table whose partition key starts with `prefix`, keyed `pk|sk`, without `rev`. */
async function readModelItems(prefix: string): Promise<Map<string, Record<string, unknown>>> {
  const items = new Map<string, Record<string, unknown>>();
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc().send(
      new ScanCommand({
        TableName: output('ReadModelTableName'),
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start as never } : {}),
      }),
    );
    for (const item of out.Items ?? []) {
      if (!String(item.pk).startsWith(prefix)) continue;
      const { rev: _rev, ...rest } = item;
      items.set(`${item.pk}|${item.sk}`, rest);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The projector's rule, as CloudFormation's Ref of a rule on a custom bus names it (`<bus>|<rule>`). */
const projectorRule = () =>
  h.physicalId('AWS::Events::Rule', 'ProjectorRule').split('|').pop() as string;
async function setProjectorRule(enabled: boolean): Promise<void> {
  const input = { Name: projectorRule(), EventBusName: output('EventBusName') };
  await h.app.clients.events.send(
    enabled ? new EnableRuleCommand(input) : new DisableRuleCommand(input),
  );
}

async function visibleMessages(queueKey: string): Promise<number> {
  const { Attributes } = await h.app.clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: output(queueKey),
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible)
  );
}

const storedEvents = (streamId: string) => h.storedEvents(streamId);

/** Adds stock while the projector's rule is off: the events are stored and published, the projector never sees them. */
async function stockMissedByTheProjector(quantities: readonly number[]): Promise<string> {
  const sku = `SKU-X-${randomUUID().slice(0, 6)}`;
  await setProjectorRule(false);
  for (const quantity of quantities) {
    await json(await post(`/inventory/${sku}/stock`, { quantity }));
  }
  await settle();
  await setProjectorRule(true);
  return sku;
}

const stockLevel = (sku: string) =>
  doc()
    .send(
      new ScanCommand({
        TableName: output('ReadModelTableName'),
        ConsistentRead: true,
        FilterExpression: 'sk = :sku',
        ExpressionAttributeValues: { ':sku': sku },
      }),
    )
    .then((out) => out.Items?.[0]);

describe('eventline, the operator’s command line, against the app on the local cloud', () => {
  const customerId = `cust-${randomUUID().slice(0, 8)}`;
  const sku = `SKU-CLI-${randomUUID().slice(0, 6)}`;
  let orderId: string;
  let declinedOrderId: string;

  it('answers --help on every command with exit code 0', async () => {
    // Act
    const runs = await Promise.all(
      [
        [],
        ['stream', 'show'],
        ['replay', 'start'],
        ['replay', 'status'],
        ['dlq', 'redrive'],
        ['outbox', 'republish'],
        ['projection', 'rebuild'],
        ['saga', 'show'],
      ].map((args) => cli(...args, '--help')),
    );

    // Assess
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: eventline/);
    }
  }, 60_000);

  it('refuses bad usage with exit code 2 and names the field and value', async () => {
    // Act
    const badLimit = await cli('stream', 'show', 'order-x', '--limit', '0');
    const badTime = await cli('replay', 'start', '--from', 'yesterday', '--to', 'now');
    const unknown = await cli('dlq', 'show', 'no-such-dlq');
    const status = await cli('saga', 'ls', '--status', 'BROKEN');

    // Assess
    expect(badLimit).toMatchObject({ code: 2 });
    expect(badLimit.stderr).toContain("--limit must be a whole number from 1 to 100000, got '0'");
    expect(badTime).toMatchObject({ code: 2 });
    expect(badTime.stderr).toContain("got 'yesterday'");
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.stderr).toContain("no DLQ named 'no-such-dlq'");
    expect(unknown.stderr).toContain('projector-dlq');
    expect(status.code).toBe(2);
  }, 60_000);

  it('fails with exit code 1 when the stage has no stack, and finds it from an outputs file', async () => {
    // Prepare: the file `cdk deploy --outputs-file` writes.
    const file = join(mkdtempSync(join(tmpdir(), 'eventline-cli-')), 'outputs.json');
    writeFileSync(file, JSON.stringify({ 'eventline-dev': h.outputs }));

    // Act
    const missing = await cli('--stage', 'qa', 'saga', 'ls');
    const fromFile = await cliJson('--outputs-file', file, '--stage', 'dev', 'dlq', 'ls');
    const wrongStage = await cli('--outputs-file', file, '--stage', 'prod', 'dlq', 'ls');

    // Assess
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('eventline-qa');
    expect(fromFile.code).toBe(0);
    expect(fromFile.lines.map((l) => l.name)).toContain('outbox-failures');
    expect(wrongStage.code).toBe(2);
    expect(wrongStage.stderr).toContain('has no stack eventline-prod');
  }, 60_000);

  it('shows one stream’s events as the store holds them, and raw items', async () => {
    // Prepare
    await json(await post(`/inventory/${sku}/stock`, { quantity: 10 }));
    ({ orderId } = await json<{ orderId: string }>(
      await post('/orders', {
        customerId,
        lines: [{ sku, quantity: 2, unitPrice: { amount: 500, currency: 'EUR' } }],
      }),
    ));
    // The saga confirms the order: its stream then has OrderPlaced and OrderConfirmed.
    const expected = await h.until(async () => {
      const events = await storedEvents(`order-${orderId}`);
      return events.length >= 2 ? events : undefined;
    }, 'the order confirmed');
    await settle();

    // Act
    const run = await cliJson('stream', 'show', `order-${orderId}`);
    const fromTwo = await cliJson(
      'stream',
      'show',
      `order-${orderId}`,
      '--from-version',
      '2',
      '--limit',
      '1',
    );
    const raw = await cliJson('stream', 'show', `order-${orderId}`, '--raw', '--limit', '1');

    // Assess
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toEqual(
      expected.map((e) => ({
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
    );
    expect(fromTwo.lines.map((l) => l.version)).toEqual([2]);
    expect(raw.lines[0]).toMatchObject({
      streamId: { S: `order-${orderId}` },
      version: { N: '1' },
      eventId: { S: expected[0]?.eventId },
    });
  }, 90_000);

  it('shows the path of a compensated saga: the declined charge, then refund, release and rejection', async () => {
    // Prepare: the sandbox gateway declines customers named sandbox-decline*.
    ({ orderId: declinedOrderId } = await json<{ orderId: string }>(
      await post('/orders', {
        customerId: `sandbox-decline-${randomUUID().slice(0, 6)}`,
        lines: [{ sku, quantity: 1, unitPrice: { amount: 500, currency: 'EUR' } }],
      }),
    ));
    await settle();

    // Act
    const run = await cliJson('saga', 'show', declinedOrderId);
    const human = await cli('saga', 'show', declinedOrderId);
    const all = await cliJson('saga', 'ls');
    const none = await cli('saga', 'show', 'no-such-order');

    // Assess
    expect(run.code).toBe(0);
    const [saga] = run.lines;
    expect(saga).toMatchObject({
      orderId: declinedOrderId,
      execution: `order-${declinedOrderId}`,
      status: 'SUCCEEDED',
      compensated: true,
    });
    const steps = saga?.steps as { state: string; phase: string; error?: string }[];
    const charge = steps.find((s) => s.state === 'ChargePayment');
    expect(charge).toMatchObject({ phase: 'forward' });
    expect(charge?.error).toBeTruthy();
    const compensation = steps.filter((s) => s.phase === 'compensation').map((s) => s.state);
    expect(compensation).toEqual([
      'ChargePaymentFailed',
      'RefundPayment',
      'ReleaseStock',
      'RejectOrder',
      'OrderRejected',
    ]);
    expect(human.stdout).toMatch(/RefundPayment\s+compensation/);
    expect(all.lines.map((l) => l.execution)).toEqual(
      expect.arrayContaining([`order-${orderId}`, `order-${declinedOrderId}`]),
    );
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no saga for order no-such-order');
  }, 90_000);

  it('replays the archive into the projection rules and brings a wiped read model back to what it was', async () => {
    // Prepare: what the read models hold, then wipe version 1 of each.
    await settle();
    const before = await readModelItems('StockLevel@1');
    const orders = await readModelItems('OrderSummary@1');
    expect(before.size).toBeGreaterThan(0);
    const keys = [...before.values(), ...orders.values()].map((i) => ({ pk: i.pk, sk: i.sk }));
    for (let i = 0; i < keys.length; i += 25) {
      await doc().send(
        new BatchWriteCommand({
          RequestItems: {
            [output('ReadModelTableName')]: keys
              .slice(i, i + 25)
              .map((Key) => ({ DeleteRequest: { Key } })),
          },
        }),
      );
    }
    expect((await readModelItems('StockLevel@1')).size).toBe(0);
    const window = ['--from', started.toISOString(), '--to', new Date(h.clock.now()).toISOString()];

    // Act
    const refused = await cli('replay', 'start', ...window, '--rule', 'notifier');
    const dryRun = await cliJson('replay', 'start', ...window, '--dry-run');
    const run = await cliJson('replay', 'start', ...window, '--name', 'cli-e2e', '--wait');
    await settle();
    const status = await cliJson('replay', 'status', 'cli-e2e');
    const listed = await cliJson('replay', 'ls');

    // Assess
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--include-side-effects');
    expect(dryRun.code).toBe(0);
    expect(dryRun.lines[0]).toMatchObject({ dryRun: true, rules: [projectorRule()] });
    expect(run.code).toBe(0);
    expect(run.lines.at(-1)).toMatchObject({
      name: 'cli-e2e',
      state: 'COMPLETED',
      progress: '100%',
    });
    expect(status.lines[0]).toMatchObject({ name: 'cli-e2e', state: 'COMPLETED' });
    expect(listed.lines.map((l) => l.name)).toContain('cli-e2e');
    expect(await readModelItems('StockLevel@1')).toEqual(before);
    expect(await readModelItems('OrderSummary@1')).toEqual(orders);
  }, 120_000);

  it('redrives a poison message back to the projector once it is fixed, and a rule DLQ by re-sending', async () => {
    // Prepare: a corrupt StockLevel item (a revision that is not a number) makes the projector fail
    // on the SKU's events; after maxReceiveCount (5) receives the message is in the DLQ.
    const poisoned = `SKU-P-${randomUUID().slice(0, 6)}`;
    const corrupt = { pk: 'StockLevel@1', sk: poisoned };
    await doc().send(
      new PutCommand({
        TableName: output('ReadModelTableName'),
        Item: { ...corrupt, model: 'StockLevel', sku: poisoned, version: 0, rev: 'broken' },
      }),
    );
    await json(await post(`/inventory/${poisoned}/stock`, { quantity: 4 }));
    const [added] = await storedEvents(`inventory-${poisoned}`);
    await h.until(
      async () => ((await visibleMessages('ProjectorDeadLetterQueueUrl')) === 1 ? true : undefined),
      'the poison message in the projector DLQ',
      // Five receives, each after the queue's visibility timeout (6 × the 30 s function timeout).
      { limitMs: 30 * 60_000 },
    );
    // A rule DLQ message: an event EventBridge could not deliver to the projector's queue.
    const viaRule = await stockMissedByTheProjector([6]);
    const [ruled] = await storedEvents(`inventory-${viaRule}`);
    if (!added || !ruled) throw new Error('no StockAdded in the store');
    await h.app.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: output('ProjectorTargetDeadLetterQueueUrl'),
        MessageBody: eventBridgeEventOf(ruled),
        // The attributes EventBridge sets on a DLQ message.
        MessageAttributes: {
          RULE_ARN: {
            DataType: 'String',
            StringValue: `arn:aws:events:::rule/bus/${projectorRule()}`,
          },
          ERROR_CODE: { DataType: 'String', StringValue: 'NO_PERMISSIONS' },
          ERROR_MESSAGE: { DataType: 'String', StringValue: 'not allowed to send' },
        },
      }),
    );

    // Act: look, fix the read model, then redrive.
    const listed = await cliJson('dlq', 'ls');
    const shown = await cliJson('dlq', 'show', 'projector-dlq');
    const shownRule = await cliJson('dlq', 'show', 'projector-rule-dlq');
    const dryRun = await cliJson('dlq', 'redrive', 'projector-dlq', '--dry-run');
    await doc().send(new DeleteCommand({ TableName: output('ReadModelTableName'), Key: corrupt }));
    const redriven = await cliJson('dlq', 'redrive', 'projector-dlq', '--wait', '--rate', '10');
    const resent = await cliJson('dlq', 'redrive', 'projector-rule-dlq');
    await settle();

    // Assess
    const row = (name: string) => listed.lines.find((l) => l.name === name);
    expect(row('projector-dlq')).toMatchObject({ kind: 'queue', visible: 1 });
    expect(row('projector-rule-dlq')).toMatchObject({ kind: 'rule-target', visible: 1 });
    expect(listed.lines).toHaveLength(9);
    expect(shown.lines).toEqual([
      expect.objectContaining({
        eventType: 'StockAdded',
        position: `inventory-${poisoned}@1`,
        eventId: added.eventId,
      }),
    ]);
    // SQS names the source queue in DeadLetterQueueSourceArn when it moves a message.
    expect(String(shown.lines[0]?.reason)).toMatch(
      /^failed processing in .*Projector.*received \d+ times/,
    );
    expect(shownRule.lines[0]).toMatchObject({
      eventType: 'StockAdded',
      eventId: ruled.eventId,
      reason: `rule ${projectorRule()}: NO_PERMISSIONS not allowed to send`,
    });
    expect(dryRun.lines[0]).toMatchObject({ dryRun: true, count: 1 });
    expect(redriven.code, redriven.stderr).toBe(0);
    expect(redriven.lines.at(-1)).toMatchObject({ status: 'COMPLETED', moved: 1 });
    expect(resent.code, resent.stderr).toBe(0);
    expect(resent.lines.at(-1)).toMatchObject({ status: 'COMPLETED', moved: 1, failed: 0 });
    expect(await visibleMessages('ProjectorDeadLetterQueueUrl')).toBe(0);
    expect(await visibleMessages('ProjectorTargetDeadLetterQueueUrl')).toBe(0);
    expect(
      await h.until(async () => {
        const level = await stockLevel(poisoned);
        return level &&
          expect.objectContaining({ added: 4, available: 4, version: 1 }).asymmetricMatch(level)
          ? level
          : undefined;
      }, 'the projector to apply the re-delivered events'),
    ).toMatchObject({ added: 4, available: 4, version: 1 });
    expect(
      await h.until(async () => {
        const level = await stockLevel(viaRule);
        return level && expect.objectContaining({ added: 6, available: 6 }).asymmetricMatch(level)
          ? level
          : undefined;
      }, 'the projector to apply the re-delivered events'),
    ).toMatchObject({ added: 6, available: 6 });
  }, 180_000);

  it('republishes exactly the events of a failed outbox batch, from the stream, and removes the record', async () => {
    // Prepare: two events the consumers missed, and the failure record Lambda writes for their batch.
    const missed = await stockMissedByTheProjector([2, 3]);
    const { Table } = await h.app.clients.dynamodb.send(
      new DescribeTableCommand({ TableName: output('EventTableName') }),
    );
    const streamArn = Table?.LatestStreamArn as string;
    const found = await recordsOf(streamArn, `inventory-${missed}`);
    expect(found.map((r) => r.version)).toEqual(['1', '2']);
    await h.app.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: output('OutboxFailureQueueUrl'),
        MessageBody: JSON.stringify({
          requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 11 },
          DDBStreamBatchInfo: {
            shardId: found[0]?.shardId,
            startSequenceNumber: found[0]?.sequenceNumber,
            endSequenceNumber: found[1]?.sequenceNumber,
            batchSize: 2,
            streamArn,
          },
        }),
      }),
    );

    // Act
    const dryRun = await cliJson('outbox', 'republish', '--dry-run');
    const run = await cliJson('outbox', 'republish');
    await settle();

    // Assess
    expect(dryRun.lines[0]).toMatchObject({
      dryRun: true,
      count: 2,
      events: [`inventory-${missed}@1`, `inventory-${missed}@2`],
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toEqual([
      expect.objectContaining({
        readFrom: 'stream',
        events: [`inventory-${missed}@1`, `inventory-${missed}@2`],
        published: 2,
        unpublished: 0,
        removed: true,
      }),
    ]);
    expect(await visibleMessages('OutboxFailureQueueUrl')).toBe(0);
    expect(
      await h.until(async () => {
        const level = await stockLevel(missed);
        return level &&
          expect.objectContaining({ added: 5, available: 5, version: 2 }).asymmetricMatch(level)
          ? level
          : undefined;
      }, 'the projector to apply the re-delivered events'),
    ).toMatchObject({ added: 5, available: 5, version: 2 });
  }, 120_000);

  it('republishes from the event table when the stream no longer has the batch', async () => {
    // Prepare: a failure record naming a shard the stream does not have (as after its 24-hour retention).
    const missed = await stockMissedByTheProjector([7]);
    const [event] = await storedEvents(`inventory-${missed}`);
    if (!event) throw new Error('no StockAdded in the store');
    const { Table } = await h.app.clients.dynamodb.send(
      new DescribeTableCommand({ TableName: output('EventTableName') }),
    );
    await h.app.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: output('OutboxFailureQueueUrl'),
        MessageBody: JSON.stringify({
          requestContext: { condition: 'RecordAgeExceeded' },
          DDBStreamBatchInfo: {
            shardId: 'shardId-00000000000000000000-00000000',
            startSequenceNumber: '000000000000000000100',
            endSequenceNumber: '000000000000000000200',
            approximateArrivalOfFirstRecord: event.metadata.occurredAt,
            approximateArrivalOfLastRecord: event.metadata.occurredAt,
            batchSize: 1,
            streamArn: Table?.LatestStreamArn,
          },
        }),
      }),
    );

    // Act
    const run = await cliJson('outbox', 'republish', '--yes');
    await settle();

    // Assess: the events of that time are published again (consumers are idempotent on the event id).
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toEqual([
      expect.objectContaining({ readFrom: 'store', unpublished: 0, removed: true }),
    ]);
    expect(run.lines[0]?.events).toContain(`inventory-${missed}@1`);
    expect(
      await h.until(async () => {
        const level = await stockLevel(missed);
        return level && expect.objectContaining({ added: 7, version: 1 }).asymmetricMatch(level)
          ? level
          : undefined;
      }, 'the projector to apply the re-delivered events'),
    ).toMatchObject({ added: 7, version: 1 });
    expect(await visibleMessages('OutboxFailureQueueUrl')).toBe(0);
  }, 120_000);

  it('lists the read models and rebuilds one into a new version equal to the live one, then switches', async () => {
    // Prepare
    await settle();
    const live = await readModelItems('StockLevel@1');

    // Act
    const before = await cliJson('projection', 'ls');
    const rebuilt = await cliJson(
      'projection',
      'rebuild',
      'StockLevel',
      '--segments',
      '2',
      '--switch',
    );
    const after = await cliJson('projection', 'ls');
    const refused = await cli('projection', 'rebuild', 'CustomerOrders');

    // Assess
    expect(before.lines.map((l) => l.readModel)).toEqual([
      'OrderSummary',
      'CustomerOrders',
      'StockLevel',
      'SalesDaily',
    ]);
    expect(before.lines.find((l) => l.readModel === 'StockLevel')).toMatchObject({
      activeVersion: 1,
      items: live.size,
      queueDepth: 0,
      dlqDepth: 0,
    });
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.lines.at(-1)).toMatchObject({
      projection: 'StockLevel',
      version: 2,
      complete: true,
      active: 2,
      droppedVersion: 1,
      droppedItems: live.size,
    });
    expect(after.lines.find((l) => l.readModel === 'StockLevel')).toMatchObject({
      activeVersion: 2,
      items: live.size,
    });
    const strip = (items: Map<string, Record<string, unknown>>) =>
      [...items.values()].map(({ pk: _pk, ...rest }) => rest);
    expect(strip(await readModelItems('StockLevel@2'))).toEqual(strip(live));
    expect((await readModelItems('StockLevel@1')).size).toBe(0);
    expect(refused.code).toBe(2);
  }, 120_000);
});

/** The INSERT records of one stream in the table's stream, read from the trim horizon. */
async function recordsOf(
  streamArn: string,
  streamId: string,
): Promise<{ shardId: string; sequenceNumber: string; version: string }[]> {
  const found: { shardId: string; sequenceNumber: string; version: string }[] = [];
  const { StreamDescription } = await h.app.clients.streams.send(
    new DescribeStreamCommand({ StreamArn: streamArn }),
  );
  for (const shard of StreamDescription?.Shards ?? []) {
    let { ShardIterator: iterator } = await h.app.clients.streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    while (iterator) {
      const page = await h.app.clients.streams.send(
        new GetRecordsCommand({ ShardIterator: iterator }),
      );
      for (const record of page.Records ?? []) {
        if (record.eventName === 'INSERT' && record.dynamodb?.Keys?.streamId?.S === streamId) {
          found.push({
            shardId: shard.ShardId as string,
            sequenceNumber: record.dynamodb.SequenceNumber as string,
            version: record.dynamodb.Keys.version?.N as string,
          });
        }
      }
      if ((page.Records ?? []).length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return found;
}
