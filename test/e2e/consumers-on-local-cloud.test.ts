import { randomUUID } from 'node:crypto';
import {
  DescribeReplayCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbEventStore } from '../../shared/event-store/dynamodb';
import {
  beginRebuild,
  PROJECTIONS,
  Projector,
  ReadModelTable,
  rebuildProjection,
  switchToVersion,
} from '../../shared/read-models';
import { paymentIdFor } from '../../shared/saga';
import type { LocalAppHarness } from '../helpers/local-app';
import { eventBridgeEventOf, json, startLocalApp } from '../helpers/local-app';

let h: LocalAppHarness;
let store: DynamoDbEventStore;
let readModels: ReadModelTable;
const started = new Date(Date.now() - 60_000);

beforeAll(async () => {
  h = await startLocalApp();
  store = h.store;
  readModels = new ReadModelTable({
    client: h.app.clients.dynamodb,
    tableName: String(h.outputs.ReadModelTableName),
  });
}, 180_000);

afterAll(async () => {
  await h?.stop();
});

const post = (path: string, body: unknown) => h.post(path, body);

/** Emails the local SES accepted for `to`, as LocalStack's `/_aws/ses` lists them. */
async function emailsTo(to: string): Promise<Record<string, unknown>[]> {
  const { messages } = (await (await fetch(`${h.app.cloud.url}/_aws/ses`)).json()) as {
    messages: { Destination?: { ToAddresses?: string[] } }[];
  };
  return messages.filter((m) => m.Destination?.ToAddresses?.includes(to));
}

/** Every item of the read-model table, keyed `pk|sk`. */
async function readModelItems(): Promise<Map<string, Record<string, unknown>>> {
  const items = new Map<string, Record<string, unknown>>();
  let start: Record<string, unknown> | undefined;
  do {
    const out = await DynamoDBDocumentClient.from(h.app.clients.dynamodb).send(
      new ScanCommand({
        TableName: String(h.outputs.ReadModelTableName),
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start as never } : {}),
      }),
    );
    for (const item of out.Items ?? []) {
      items.set(`${item.pk}|${item.sk}`, item);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

const queueUrl = (output: string) => String(h.outputs[output]);

const settle = () => h.settle();

const emailsAbout = async (to: string, subject: RegExp) =>
  (await emailsTo(to)).filter((m) => subject.test(String(m.Subject)));
// A rule on a custom bus is referenced as `<bus>|<rule>` (CloudFormation's Ref of AWS::Events::Rule).
const projectorRule = () =>
  h.physicalId('AWS::Events::Rule', 'ProjectorRule').split('|').pop() as string;
const bus = () => String(h.outputs.EventBusName);

const storedEvents = (streamId: string) => h.storedEvents(streamId);

describe('The consuming side of the app on the local cloud', () => {
  const customerId = `cust-${randomUUID().slice(0, 8)}`;
  const email = `${customerId}@example.com`;
  const sku = `SKU-C-${randomUUID().slice(0, 6)}`;
  let orderId: string;

  it('shows a placed order in the customer’s orders, confirmed by the saga, and the stock in the inventory list', async () => {
    // Act
    await json(await post(`/inventory/${sku}/stock`, { quantity: 10 }));
    ({ orderId } = await json<{ orderId: string }>(
      await post('/orders', {
        customerId,
        customerEmail: email,
        lines: [{ sku, quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } }],
      }),
    ));

    // Assess: the clock moves only as far as the test advances it, and each step lets the
    // work in flight finish, so the saga (stock on hand, a sandbox payment) has confirmed it.
    const orders = await h.until(async () => {
      const page = await json<{ items: { status: string }[]; freshness: unknown }>(
        await h.api(`/customers/${customerId}/orders`),
      );
      return page.items[0]?.status === 'confirmed' ? page : undefined;
    }, 'the confirmed order in the customer’s orders');
    expect(orders.items).toEqual([
      expect.objectContaining({
        orderId,
        status: 'confirmed',
        total: { amount: 2500, currency: 'EUR' },
      }),
    ]);
    expect(orders.freshness).toMatchObject({ readModel: 'CustomerOrders', version: 1 });
    // The saga reserves the order's stock; once it is done, the list agrees with the store.
    await settle();
    const direct = await json<{ available: number }>(await h.api(`/inventory/${sku}`));
    const level = await h.until(async () => {
      const page = await json<{ items: { sku: string; available: number }[] }>(
        await h.api('/inventory?limit=100'),
      );
      const found = page.items.find((i) => i.sku === sku);
      return found?.available === direct.available ? found : undefined;
    }, 'the SKU in the inventory list, as the store has it');
    expect(level).toMatchObject({ added: 10, reserved: 2, available: 8 });
    const today = new Date(h.clock.now()).toISOString().slice(0, 10);
    const sales = await json<{ items: { placed: number }[] }>(
      await h.api(`/reports/sales/daily?from=${today}&to=${today}`),
    );
    expect(sales.items.reduce((n, d) => n + d.placed, 0)).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('emails a cancellation once, and changes nothing when the event comes again 3 times and after a redrive', async () => {
    // Prepare: cancel, and wait for the email and the read model.
    await json(await post(`/orders/${orderId}/cancel`, { reason: 'changed my mind' }));
    await h.until(
      async () => ((await emailsTo(email)).length === 1 ? true : undefined),
      'the email',
    );
    const summaryKey = { pk: `OrderSummary@1#${orderId}`, sk: 'summary' };
    await h.until(async () => {
      const item = await readModels.get(summaryKey);
      return item?.status === 'cancelled' ? item : undefined;
    }, 'the cancelled summary');
    await h.app.idle();
    const before = await readModelItems();
    const cancelled = (await storedEvents(`order-${orderId}`)).find(
      (e) => e.type === 'OrderCancelled',
    );
    if (!cancelled) throw new Error('no OrderCancelled in the store');
    const body = eventBridgeEventOf(cancelled);

    // Act: three more deliveries to each consumer, each a new SQS message.
    for (let i = 0; i < 3; i++) {
      for (const queue of ['ProjectorQueueUrl', 'NotifierQueueUrl']) {
        await h.app.clients.sqs.send(
          new SendMessageCommand({ QueueUrl: queueUrl(queue), MessageBody: body }),
        );
      }
    }
    // ...and one through each DLQ, redriven to its source with a new message id.
    for (const dlq of ['ProjectorDeadLetterQueueUrl', 'NotifierDeadLetterQueueUrl']) {
      await h.app.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: queueUrl(dlq), MessageBody: body }),
      );
      const { Attributes } = await h.app.clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl(dlq), AttributeNames: ['QueueArn'] }),
      );
      // Sent straight to the DLQ, the message has no source queue of its own: name the destination.
      const source = dlq.replace('DeadLetterQueueUrl', 'QueueUrl');
      const { Attributes: target } = await h.app.clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl(source), AttributeNames: ['QueueArn'] }),
      );
      await h.app.clients.sqs.send(
        new StartMessageMoveTaskCommand({
          SourceArn: Attributes?.QueueArn,
          DestinationArn: target?.QueueArn,
        }),
      );
    }
    for (const dlq of ['ProjectorDeadLetterQueueUrl', 'NotifierDeadLetterQueueUrl']) {
      const { Attributes } = await h.app.clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl(dlq), AttributeNames: ['QueueArn'] }),
      );
      const task = await h.until(async () => {
        const out = await h.app.clients.sqs.send(
          new ListMessageMoveTasksCommand({ SourceArn: Attributes?.QueueArn }),
        );
        const latest = out.Results?.[0];
        return latest && latest.Status !== 'RUNNING' ? latest : undefined;
      }, `the redrive of ${dlq}`);
      expect(task).toMatchObject({ Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 1 });
    }
    await settle();

    // Assess
    expect(await emailsAbout(email, /is cancelled/)).toHaveLength(1);
    expect(await emailsTo(email)).toHaveLength(2);
    expect(await readModelItems()).toEqual(before);
  }, 90_000);

  it('ends at the fold of the store when a stream’s events arrive in reverse order, in one batch', async () => {
    // Prepare: the projector's rule is off while the events are made.
    await h.app.clients.events.send(
      new DisableRuleCommand({ Name: projectorRule(), EventBusName: bus() }),
    );
    const otherSku = `SKU-R-${randomUUID().slice(0, 6)}`;
    await json(await post(`/inventory/${otherSku}/stock`, { quantity: 3 }));
    await json(await post(`/inventory/${otherSku}/stock`, { quantity: 4 }));
    const { orderId: reversed } = await json<{ orderId: string }>(
      await post('/orders', {
        customerId,
        lines: [{ sku: otherSku, quantity: 1, unitPrice: { amount: 99, currency: 'EUR' } }],
      }),
    );
    await json(await post(`/orders/${reversed}/cancel`, { reason: 'too slow' }));
    await settle();
    const events = [
      ...(await storedEvents(`order-${reversed}`)),
      ...(await storedEvents(`payment-${paymentIdFor(reversed)}`)),
      ...(await storedEvents(`inventory-${otherSku}`)),
    ].reverse();

    // Act
    await h.app.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl('ProjectorQueueUrl'),
        Entries: events.map((e, i) => ({ Id: `e${i}`, MessageBody: eventBridgeEventOf(e) })),
      }),
    );
    await h.app.clients.events.send(
      new EnableRuleCommand({ Name: projectorRule(), EventBusName: bus() }),
    );

    // Assess: the read models equal what the store folds to.
    const folded = await json<{ status: string; cancelReason: string; version: number }>(
      await h.api(`/orders/${reversed}`),
    );
    const summary = await h.until(async () => {
      const item = await readModels.get({ pk: `OrderSummary@1#${reversed}`, sk: 'summary' });
      return item?.status === folded.status ? item : undefined;
    }, 'the reversed order’s summary');
    expect(summary).toMatchObject({
      status: folded.status,
      cancelReason: folded.cancelReason,
      streams: { [`order-${reversed}`]: folded.version },
    });
    const stock = await json<{ available: number }>(await h.api(`/inventory/${otherSku}`));
    const inventoryVersion = (await storedEvents(`inventory-${otherSku}`)).length;
    const level = await h.until(async () => {
      const item = await readModels.get({ pk: 'StockLevel@1', sk: otherSku });
      return item?.version === inventoryVersion ? item : undefined;
    }, 'the stock level at the stream’s last version');
    expect(level).toMatchObject({
      added: 7,
      available: stock.available,
      version: inventoryVersion,
    });
  }, 90_000);

  it('sends a poison message to the DLQ after 5 receives and applies the rest of its batch', async () => {
    // Prepare: an event the projector has not seen (its rule is off while it is made).
    await h.app.clients.events.send(
      new DisableRuleCommand({ Name: projectorRule(), EventBusName: bus() }),
    );
    const poisonSku = `SKU-P-${randomUUID().slice(0, 6)}`;
    await json(await post(`/inventory/${poisonSku}/stock`, { quantity: 5 }));
    await settle();
    const [added] = await storedEvents(`inventory-${poisonSku}`);
    if (!added) throw new Error('no StockAdded in the store');
    await h.app.clients.events.send(
      new EnableRuleCommand({ Name: projectorRule(), EventBusName: bus() }),
    );

    // Act
    await h.app.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl('ProjectorQueueUrl'),
        Entries: [
          { Id: 'poison', MessageBody: '{"detail-type":"OrderPlaced","source":"eventline.orders"' },
          { Id: 'good', MessageBody: eventBridgeEventOf(added) },
        ],
      }),
    );

    // Assess: the good event is applied at once; the poison waits out 5 receives.
    await h.until(
      async () => readModels.get({ pk: 'StockLevel@1', sk: poisonSku }),
      'the good record applied',
    );
    const dead = await h.until(
      async () => {
        const out = await h.app.clients.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl('ProjectorDeadLetterQueueUrl'),
            MaxNumberOfMessages: 10,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          }),
        );
        return out.Messages?.find((m) => m.Body?.startsWith('{"detail-type":"OrderPlaced"'));
      },
      'the poison message in the DLQ',
      // Five receives, each after the queue's visibility timeout (6 × the 30 s function timeout).
      { limitMs: 30 * 60_000 },
    );
    // One receive from the DLQ after the five from the queue.
    expect(Number(dead.Attributes?.ApproximateReceiveCount)).toBe(6);
    // 15 minutes of clock time (five visibility timeouts), every 200 ms poll of every queue run:
    // 60–90 s of real time on the loaded 2-core machine.
  }, 300_000);

  it('replays the archive without changing a read model or sending an email', async () => {
    // Prepare
    await settle();
    const before = await readModelItems();
    const emailsBefore = (await emailsTo(email)).length;
    const archive = h.physicalId('AWS::Events::Archive', 'EventBus');
    const busArn = `arn:aws:events:${h.app.cloud.region}:${h.app.cloud.context.accountId}:event-bus/${bus()}`;

    // Act: every rule of the bus (no filter), so the notifier's rule is offered the replay too.
    await h.app.clients.events.send(
      new StartReplayCommand({
        ReplayName: 'consumers-e2e',
        EventSourceArn: `arn:aws:events:${h.app.cloud.region}:${h.app.cloud.context.accountId}:archive/${archive}`,
        EventStartTime: started,
        EventEndTime: new Date(h.clock.now() + 1000),
        Destination: { Arn: busArn },
      }),
    );
    await h.until(async () => {
      const r = await h.app.clients.events.send(
        new DescribeReplayCommand({ ReplayName: 'consumers-e2e' }),
      );
      return r.State === 'COMPLETED' ? r : undefined;
    }, 'the replay to complete');
    await h.app.idle();

    // Assess
    expect(await readModelItems()).toEqual(before);
    expect(await emailsTo(email)).toHaveLength(emailsBefore);
  }, 120_000);

  it('rebuilds every projection into a new version equal to the live one, and switches to it', async () => {
    // Prepare
    await settle();
    const projector = new Projector({ table: readModels, store });

    // Act
    for (const projection of PROJECTIONS) {
      const version = await beginRebuild(readModels, projection);
      const result = await rebuildProjection({
        eventTable: { client: h.app.clients.dynamodb, tableName: String(h.outputs.EventTableName) },
        store,
        projector,
        projection,
        version,
        segments: 3,
      });
      expect(result.complete).toBe(true);
      await switchToVersion(readModels, projection, version);
    }

    // Assess: version 2 of each model holds exactly what version 1 holds (revisions aside).
    const items = await readModelItems();
    const byVersion = (v: number) =>
      new Map(
        [...items.values()]
          .filter((i) => new RegExp(`^[A-Za-z]+@${v}(#|$)`).test(String(i.pk)))
          .map((i) => {
            const { rev: _rev, ...rest } = i;
            return [`${String(i.pk).replace(`@${v}`, '@*')}|${i.sk}`, { ...rest, pk: undefined }];
          }),
      );
    const live = byVersion(1);
    const rebuilt = byVersion(2);
    expect(live.size).toBeGreaterThan(5);
    expect(rebuilt).toEqual(live);
    const page = await json<{ freshness: { version: number }; items: unknown[] }>(
      await h.api(`/customers/${customerId}/orders`),
    );
    expect(page.freshness.version).toBe(2);
    expect(page.items.length).toBe(2);
  }, 120_000);
});
