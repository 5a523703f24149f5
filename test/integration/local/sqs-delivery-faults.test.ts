import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startLocalCloud } from '../../../local/cloud';
import { ManualClock } from '../../../local/core/clock';
import { memoryLogger } from '../../../local/core/console-logger';
import type { SqsDeliveryOptions } from '../../../local/services/sqs';
import { startServiceEndpoint } from '../../helpers/local-endpoint';

let stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops) await stop();
  stops = [];
});

/** A cloud with the given SQS fidelity options, a queue, and its client. */
async function queueOn(sqsOptions: SqsDeliveryOptions) {
  const env = await startServiceEndpoint(new ManualClock(), { sqs: sqsOptions });
  stops.push(env.stop);
  const sqs = new SQSClient(env.clientConfig);
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: 'faults', Attributes: { VisibilityTimeout: '300' } }),
  );
  return { sqs, url: QueueUrl as string };
}

async function sendBodies(sqs: SQSClient, url: string, bodies: string[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: bodies.slice(i, i + 10).map((b, j) => ({ Id: `e${i + j}`, MessageBody: b })),
      }),
    );
  }
}

/** Receives until the queue answers nothing visible; messages stay in flight (visibility 300 s). */
async function receiveAll(sqs: SQSClient, url: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const out = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }),
    );
    if (!out.Messages?.length) return all;
    all.push(...out.Messages);
  }
}

describe('SQS delivery faults (the local cloud option `sqs`)', () => {
  it('leaves a duplicate copy: same message id and body, its own receipt handle, not deleted with the first', async () => {
    // Prepare: every receive duplicates.
    const { sqs, url } = await queueOn({ duplicateRate: 1, seed: 1 });
    await sendBodies(sqs, url, ['only']);

    // Act
    const first = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages?.[0];
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first?.ReceiptHandle }),
    );
    const second = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages?.[0];

    // Assess
    expect(second?.MessageId).toBe(first?.MessageId);
    expect(second?.Body).toBe('only');
    expect(second?.ReceiptHandle).not.toBe(first?.ReceiptHandle);
  });

  it('duplicates about the share of receives duplicateRate asks for', async () => {
    const { sqs, url } = await queueOn({ duplicateRate: 0.3, seed: 11 });
    const bodies = Array.from({ length: 200 }, (_, i) => `m${i}`);
    await sendBodies(sqs, url, bodies);

    const received = await receiveAll(sqs, url);

    // Every message at least once. A copy is itself received and can be copied again, so the
    // extra receives average 200 × 0.3 / (1 − 0.3) ≈ 86; the bounds leave room for chance.
    expect(new Set(received.map((m) => m.Body))).toEqual(new Set(bodies));
    const extra = received.length - bodies.length;
    expect(extra).toBeGreaterThan(50);
    expect(extra).toBeLessThan(125);
  });

  it('receives in an order other than send order with reorder, the same order for the same seed', async () => {
    // Prepare
    const bodies = Array.from({ length: 30 }, (_, i) => `m${i}`);
    const orderFor = async (seed: number) => {
      const { sqs, url } = await queueOn({ reorder: true, seed });
      await sendBodies(sqs, url, bodies);
      return (await receiveAll(sqs, url)).map((m) => m.Body);
    };

    // Act
    const a = await orderFor(5);
    const b = await orderFor(5);
    const c = await orderFor(6);

    // Assess
    expect([...a].sort()).toEqual([...bodies].sort());
    expect(a).not.toEqual(bodies);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('does not count the receive that left a duplicate for the copy, so a chain of duplicates is not dead-lettered (sim seed 1)', async () => {
    // Prepare: every receive duplicates; the queue dead-letters at the 2nd receive of a message.
    const env = await startServiceEndpoint(new ManualClock(), {
      sqs: { duplicateRate: 1, seed: 1 },
    });
    stops.push(env.stop);
    const sqs = new SQSClient(env.clientConfig);
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'chain-dlq' }));
    const dlqArn = (
      await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
      )
    ).Attributes?.QueueArn;
    const { QueueUrl: url } = await sqs.send(
      new CreateQueueCommand({
        QueueName: 'chain',
        Attributes: {
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }),
        },
      }),
    );
    await sendBodies(sqs, url as string, ['processed every time']);

    // Act: five receives in a row, each of the copy the previous one left, each deleted (processed).
    const counts: string[] = [];
    for (let i = 0; i < 5; i++) {
      const out = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['All'] }),
      );
      const message = out.Messages?.[0];
      counts.push(message?.Attributes?.ApproximateReceiveCount ?? 'none');
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message?.ReceiptHandle }),
      );
    }
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.QueueUrl }));

    // Assess: SQS's ApproximateReceiveCount is "the number of times a message has been received
    // across all queues but not deleted"; each copy was received once.
    expect(counts).toEqual(['1', '1', '1', '1', '1']);
    expect(dead.Messages ?? []).toEqual([]);
  });

  it('delivers each message once, in send order, when the option is off', async () => {
    const { sqs, url } = await queueOn({});
    const bodies = Array.from({ length: 30 }, (_, i) => `m${i}`);
    await sendBodies(sqs, url, bodies);

    expect((await receiveAll(sqs, url)).map((m) => m.Body)).toEqual(bodies);
  });

  it('refuses a duplicateRate outside 0..1 at start, naming the option and the value', async () => {
    await expect(
      startLocalCloud({
        clock: new ManualClock(),
        logger: memoryLogger(),
        dynamodb: { endpoint: inject('dynamoDbEndpoint') },
        sqs: { duplicateRate: 1.5 },
      }),
    ).rejects.toThrow('sqs.duplicateRate must be a number from 0 to 1, got 1.5');
  });
});
