import { randomUUID } from 'node:crypto';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
} from '@aws-sdk/client-sfn';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbEventStore } from '../../shared/event-store/dynamodb';
import { paymentIdFor } from '../../shared/saga';
import type { LocalAppHarness } from '../helpers/local-app';
import { eventBridgeEventOf, json, startLocalApp } from '../helpers/local-app';

let h: LocalAppHarness;
let store: DynamoDbEventStore;

beforeAll(async () => {
  h = await startLocalApp();
  store = h.store;
}, 180_000);

afterAll(async () => {
  await h?.stop();
});

interface Order {
  status: string;
  cancelReason?: string;
  total: { amount: number; currency: string };
  lines: { sku: string; quantity: number }[];
  reservation: { status: string; lines: Record<string, number> };
  payment: { status: string; authorized?: { amount: number }; refunded?: { amount: number } };
}

const post = (path: string, body: unknown) => h.post(path, body);
const stateMachineArn = () => String(h.outputs.OrderSagaStateMachineArn);
const executionArn = (orderId: string) =>
  `${stateMachineArn().replace(':stateMachine:', ':execution:')}:order-${orderId}`;

/** Every order and SKU a scenario touched, for the invariants. */
const orders = new Set<string>();
const skus = new Set<string>();

async function addStock(sku: string, quantity: number) {
  skus.add(sku);
  await json(await post(`/inventory/${sku}/stock`, { quantity }));
}

async function placeOrder(customerId: string, lines: { sku: string; quantity: number }[]) {
  const { orderId } = await json<{ orderId: string }>(
    await post('/orders', {
      customerId,
      lines: lines.map((l) => ({ ...l, unitPrice: { amount: 1000, currency: 'EUR' } })),
    }),
  );
  orders.add(orderId);
  return orderId;
}

const getOrder = async (orderId: string) => json<Order>(await h.api(`/orders/${orderId}`));

/** Waits until the order's saga has closed and returns the order as the store folds it. */
async function settled(orderId: string): Promise<Order> {
  await h.until(async () => {
    const out = await h.app.clients.sfn
      .send(new DescribeExecutionCommand({ executionArn: executionArn(orderId) }))
      .catch(() => undefined);
    return out && out.status !== 'RUNNING' ? out : undefined;
  }, `the saga of ${orderId} to close`);
  await h.app.idle();
  return getOrder(orderId);
}

/**
 * The invariants every scenario must leave true, computed from the API:
 * - stock is conserved: for each SKU, available = added − what orders that
 *   are not cancelled hold, and never negative;
 * - money is conserved: authorized − refunded = the totals of confirmed orders;
 * - each order has at most one saga execution.
 */
async function assertInvariants() {
  await h.app.idle();
  const all = await Promise.all([...orders].map(async (id) => ({ id, order: await getOrder(id) })));
  for (const sku of skus) {
    const level = await json<{ available: number; added?: number }>(
      await h.api(`/inventory/${sku}`),
    );
    const events = (await store.read(`inventory-${sku}`, { maxCount: 1000 })).events;
    const added = events
      .filter((e) => e.type === 'StockAdded')
      .reduce((n, e) => n + (e.data as { quantity: number }).quantity, 0);
    const held = all
      .filter(({ order }) => order.status !== 'cancelled')
      .reduce((n, { order }) => n + (order.reservation.lines[sku] ?? 0), 0);
    expect(level.available, sku).toBe(added - held);
    expect(level.available, sku).toBeGreaterThanOrEqual(0);
    for (const { order, id } of all) {
      if (order.status === 'cancelled') expect(order.reservation.lines[sku] ?? 0, id).toBe(0);
    }
  }
  const authorized = all.reduce((n, { order }) => n + (order.payment.authorized?.amount ?? 0), 0);
  const refunded = all.reduce((n, { order }) => n + (order.payment.refunded?.amount ?? 0), 0);
  const confirmed = all
    .filter(({ order }) => order.status === 'confirmed')
    .reduce((n, { order }) => n + order.total.amount, 0);
  expect(authorized - refunded).toBe(confirmed);
  for (const { id } of all) {
    const list = await h.app.clients.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: stateMachineArn(), maxResults: 1000 }),
    );
    expect(
      (list.executions ?? []).filter((e) => e.name === `order-${id}`).length,
    ).toBeLessThanOrEqual(1);
  }
}

describe('The order saga on the local cloud', () => {
  it('confirms an order with stock and an authorized payment', async () => {
    // Prepare
    const sku = `SKU-S-${randomUUID().slice(0, 6)}`;
    await addStock(sku, 10);

    // Act
    const orderId = await placeOrder('cust-happy', [{ sku, quantity: 2 }]);

    // Assess
    const order = await settled(orderId);
    expect(order).toMatchObject({
      status: 'confirmed',
      reservation: { status: 'reserved', lines: { [sku]: 2 } },
      payment: { status: 'authorized', authorized: { amount: 2000, currency: 'EUR' } },
    });
    const execution = await h.app.clients.sfn.send(
      new DescribeExecutionCommand({ executionArn: executionArn(orderId) }),
    );
    expect(execution).toMatchObject({ name: `order-${orderId}`, status: 'SUCCEEDED' });
    expect(JSON.parse(execution.input ?? '{}')).toEqual({
      orderId,
      correlationId: expect.any(String),
      causationId: expect.any(String),
    });
    expect((await json<{ available: number }>(await h.api(`/inventory/${sku}`))).available).toBe(8);
    await assertInvariants();
  }, 90_000);

  it('cancels an order for more than the stock, naming the stock, and changes no stock', async () => {
    const sku = `SKU-S-${randomUUID().slice(0, 6)}`;
    await addStock(sku, 3);
    const orderId = await placeOrder('cust-greedy', [{ sku, quantity: 5 }]);
    const order = await settled(orderId);
    expect(order.status).toBe('cancelled');
    expect(order.cancelReason).toBe(
      `saga: ReserveStock failed with StockRejected: ${sku}: 5 requested, 3 available`,
    );
    expect(order.payment.status).toBe('none');
    expect((await json<{ available: number }>(await h.api(`/inventory/${sku}`))).available).toBe(3);
    await assertInvariants();
  }, 90_000);

  it('cancels a sandbox-decline order and releases its reservation', async () => {
    const sku = `SKU-S-${randomUUID().slice(0, 6)}`;
    await addStock(sku, 4);
    const orderId = await placeOrder('sandbox-decline-ada', [{ sku, quantity: 4 }]);
    const order = await settled(orderId);
    expect(order).toMatchObject({
      status: 'cancelled',
      reservation: { status: 'none', lines: { [sku]: 0 } },
      payment: { status: 'declined' },
    });
    expect(order.cancelReason).toBe(
      'saga: ChargePayment failed with PaymentDeclined: sandbox: card declined',
    );
    expect((await json<{ available: number }>(await h.api(`/inventory/${sku}`))).available).toBe(4);
    await assertInvariants();
  }, 90_000);

  it('confirms a sandbox-flaky order after retrying its payment twice', async () => {
    const sku = `SKU-S-${randomUUID().slice(0, 6)}`;
    await addStock(sku, 1);
    const orderId = await placeOrder('sandbox-flaky-bob', [{ sku, quantity: 1 }]);
    const order = await settled(orderId);
    expect(order).toMatchObject({ status: 'confirmed', payment: { status: 'authorized' } });
    const history = await h.app.clients.sfn.send(
      new GetExecutionHistoryCommand({ executionArn: executionArn(orderId), maxResults: 1000 }),
    );
    const failedCharges = (history.events ?? []).filter(
      (e) => e.type === 'TaskFailed' && e.taskFailedEventDetails?.error === 'TransientPaymentError',
    );
    expect(failedCharges).toHaveLength(2);
    await assertInvariants();
  }, 90_000);

  it('starts one saga for a duplicated OrderPlaced, before and after the saga closed', async () => {
    // Prepare
    const sku = `SKU-S-${randomUUID().slice(0, 6)}`;
    await addStock(sku, 5);
    const orderId = await placeOrder('cust-dup', [{ sku, quantity: 1 }]);
    const [placed] = (await store.read(`order-${orderId}`)).events;
    if (!placed) throw new Error('no OrderPlaced');
    const queueUrl = String(h.outputs.SagaStarterQueueUrl);

    // Act: one duplicate at once, one after the saga closed.
    await h.app.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: eventBridgeEventOf(placed) }),
    );
    await settled(orderId);
    await h.app.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: eventBridgeEventOf(placed) }),
    );
    await h.app.idle();

    // Assess: one execution, and nothing waits in the starter's DLQ.
    const list = await h.app.clients.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: stateMachineArn(), maxResults: 1000 }),
    );
    expect((list.executions ?? []).filter((e) => e.name === `order-${orderId}`)).toHaveLength(1);
    const dlq = await h.app.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: String(h.outputs.SagaStarterDeadLetterQueueUrl),
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(dlq.Attributes).toMatchObject({ ApproximateNumberOfMessages: '0' });
    expect((await getOrder(orderId)).payment.authorized?.amount).toBe(1000);
    await assertInvariants();
  }, 90_000);

  it('undoes a confirmed order that is cancelled: refund and stock back', async () => {
    const sku = `SKU-S-${randomUUID().slice(0, 6)}`;
    await addStock(sku, 6);
    const orderId = await placeOrder('cust-regret', [{ sku, quantity: 6 }]);
    expect((await settled(orderId)).status).toBe('confirmed');

    await json(await post(`/orders/${orderId}/cancel`, { reason: 'changed my mind' }));
    const order = await h.until(async () => {
      const o = await getOrder(orderId);
      return o.payment.status === 'refunded' && o.reservation.status === 'none' ? o : undefined;
    }, 'the refund and release');
    expect(order).toMatchObject({
      status: 'cancelled',
      payment: { refunded: { amount: 6000 } },
      reservation: { lines: { [sku]: 0 } },
    });
    expect((await json<{ available: number }>(await h.api(`/inventory/${sku}`))).available).toBe(6);
    await assertInvariants();
  }, 90_000);

  it('converges when an order is cancelled while its saga runs', async () => {
    const sku = `SKU-S-${randomUUID().slice(0, 6)}`;
    await addStock(sku, 2);
    // A flaky customer's payment retries for a few seconds: time for the cancel to land.
    const orderId = await placeOrder('sandbox-flaky-carol', [{ sku, quantity: 2 }]);
    await json(await post(`/orders/${orderId}/cancel`, { reason: 'too slow' }));
    await settled(orderId);
    const order = await h.until(async () => {
      const o = await getOrder(orderId);
      return o.reservation.status === 'none' && o.payment.status !== 'authorized' ? o : undefined;
    }, 'the order to be undone');
    expect(order.status).toBe('cancelled');
    expect((await json<{ available: number }>(await h.api(`/inventory/${sku}`))).available).toBe(2);
    await assertInvariants();
  }, 90_000);

  describe('with a fault injected into one step', () => {
    /** Fails the first invocation of `step` for the order, before or after its handler ran. */
    function failOnce(step: string, when: 'before' | 'after', customerId: string) {
      let armed = true;
      return h.app.cloud.faults.lambda.add(({ event }) => {
        const e = event as { step?: string; orderId?: string; customerId?: string };
        if (!armed || e.step !== step) return undefined;
        if (!pending.has(String(e.orderId))) return undefined;
        armed = false;
        return { when, reason: `fault in ${step} for ${customerId}` };
      });
    }
    const pending = new Set<string>();

    it.each([
      ['LoadOrder', 'before'],
      ['LoadOrder', 'after'],
      ['ReserveStock', 'before'],
      ['ReserveStock', 'after'],
      ['ChargePayment', 'before'],
      ['ChargePayment', 'after'],
      ['ConfirmOrder', 'before'],
      ['ConfirmOrder', 'after'],
    ] as const)(
      'confirms the order once when %s fails %s its handler',
      async (step, when) => {
        // Prepare
        const sku = `SKU-F-${randomUUID().slice(0, 6)}`;
        await addStock(sku, 3);
        const remove = failOnce(step, when, 'cust-fault');
        const injected = h.app.cloud.faults.lambda.injected.length;

        // Act
        pending.clear();
        const orderId = await placeOrder('cust-fault', [{ sku, quantity: 2 }]);
        pending.add(orderId);
        const order = await settled(orderId);
        remove();

        // Assess: the fault happened, was retried, and changed nothing twice.
        expect(h.app.cloud.faults.lambda.injected.length).toBe(injected + 1);
        expect(order).toMatchObject({
          status: 'confirmed',
          reservation: { lines: { [sku]: 2 } },
          payment: { status: 'authorized', authorized: { amount: 2000 } },
        });
        const payments = (await store.read(`payment-${paymentIdFor(orderId)}`)).events;
        expect(payments.map((e) => e.type)).toEqual(['PaymentAuthorized']);
        const reservations = (await store.read(`inventory-${sku}`)).events.filter(
          (e) => e.type === 'StockReserved',
        );
        expect(reservations).toHaveLength(1);
        await assertInvariants();
      },
      90_000,
    );

    it.each([
      ['RefundPayment', 'before'],
      ['RefundPayment', 'after'],
      ['ReleaseStock', 'before'],
      ['ReleaseStock', 'after'],
      ['RejectOrder', 'before'],
      ['RejectOrder', 'after'],
    ] as const)(
      'compensates a declined order once when %s fails %s its handler',
      async (step, when) => {
        const sku = `SKU-F-${randomUUID().slice(0, 6)}`;
        await addStock(sku, 3);
        const remove = failOnce(step, when, 'sandbox-decline-fault');
        pending.clear();
        const orderId = await placeOrder('sandbox-decline-fault', [{ sku, quantity: 3 }]);
        pending.add(orderId);
        const order = await settled(orderId);
        remove();

        expect(order).toMatchObject({
          status: 'cancelled',
          reservation: { lines: { [sku]: 0 } },
          payment: { status: 'declined' },
        });
        const releases = (await store.read(`inventory-${sku}`)).events.filter(
          (e) => e.type === 'StockReleased',
        );
        expect(releases).toHaveLength(1);
        const cancels = (await store.read(`order-${orderId}`)).events.filter(
          (e) => e.type === 'OrderCancelled',
        );
        expect(cancels).toHaveLength(1);
        await assertInvariants();
      },
      90_000,
    );

    it('ends in CompensationFailed when a compensation keeps failing', async () => {
      const sku = `SKU-F-${randomUUID().slice(0, 6)}`;
      await addStock(sku, 1);
      pending.clear();
      const remove = h.app.cloud.faults.lambda.add(({ event }) => {
        const e = event as { step?: string; orderId?: string };
        return e.step === 'ReleaseStock' && pending.has(String(e.orderId))
          ? { when: 'before', reason: 'release always fails' }
          : undefined;
      });
      const orderId = await placeOrder('sandbox-decline-stuck', [{ sku, quantity: 1 }]);
      pending.add(orderId);
      await h
        .until(async () => {
          const out = await h.app.clients.sfn
            .send(new DescribeExecutionCommand({ executionArn: executionArn(orderId) }))
            .catch(() => undefined);
          return out && out.status !== 'RUNNING' ? out : undefined;
        }, 'the saga to give up')
        .then((out) => {
          expect(out).toMatchObject({ status: 'FAILED', error: 'CompensationFailed' });
        });
      remove();
      // Nothing was silently half undone: the order is still placed, its stock still held, and the alarm's metric source says so.
      const order = await getOrder(orderId);
      expect(order.status).toBe('placed');
      expect(order.reservation.lines[sku]).toBe(1);
    }, 120_000);
  });
});
