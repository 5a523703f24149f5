import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../../local/core/clock';
import { SqsQueuePoller } from '../../../local/services/lambda/event-source-mappings/SqsQueuePoller';
import type { MappingBatch } from '../../../local/services/lambda/event-source-mappings/types';
import type { InvocationResult } from '../../../local/services/lambda/runtime/LambdaFunctionRuntime';
import { startServiceEndpoint } from '../../helpers/local-endpoint';

let env: Awaited<ReturnType<typeof startServiceEndpoint>>;
let sqs: SQSClient;
beforeAll(async () => {
  env = await startServiceEndpoint();
  sqs = new SQSClient(env.clientConfig);
});
afterAll(() => env.stop());

let n = 0;
async function queue(attributes: Record<string, string>) {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: `poll${++n}`, Attributes: attributes }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { url: QueueUrl as string, arn: Attributes?.QueueArn as string };
}

function poller(
  q: { url: string; arn: string },
  respond: (bodies: string[]) => Partial<InvocationResult>,
  extra = {},
) {
  const batches: string[][] = [];
  const p = new SqsQueuePoller({
    queueArn: q.arn,
    queueUrl: q.url,
    functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:consumer',
    sqs,
    clock: env.clock,
    logger: env.logger,
    region: 'us-east-1',
    reportBatchItemFailures: true,
    async invoke(event) {
      const records = (event as { Records: { body: string; messageId: string }[] }).Records;
      const bodies = records.map((r) => r.body);
      batches.push(bodies);
      const answer = respond(bodies);
      // Turn body-based failures into message ids, as a handler would.
      const failed = (answer as { failBodies?: string[] }).failBodies;
      if (failed) {
        return {
          requestId: 'r',
          payload: JSON.stringify({
            batchItemFailures: records
              .filter((r) => failed.includes(r.body))
              .map((r) => ({ itemIdentifier: r.messageId })),
          }),
        };
      }
      return { requestId: 'r', payload: 'null', ...answer };
    },
    ...extra,
  });
  p.start();
  return { p, batches };
}

describe('Class: SqsQueuePoller', () => {
  it('delivers batches and deletes the messages of a successful batch', async () => {
    const q = await queue({});
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: ['a', 'b', 'c'].map((b) => ({ Id: b, MessageBody: b })),
      }),
    );
    const { p, batches } = poller(q, () => ({}), { batchSize: 2 });
    await (env.clock as ManualClock).advanceUntil(() => batches.flat().length >= 3, {
      what: 'all messages',
    });
    await p.stop();
    expect(batches.flat().sort()).toEqual(['a', 'b', 'c']);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(2);
    const left = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['All'] }),
    );
    expect(left.Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  });

  it('keeps only the reported failures, which return after the visibility timeout and reach the DLQ', async () => {
    // Prepare
    const dlq = await queue({});
    const q = await queue({
      VisibilityTimeout: '30',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
    });
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: ['ok', 'bad'].map((b) => ({ Id: b, MessageBody: b })),
      }),
    );

    // Act
    const { p, batches } = poller(q, () => ({ failBodies: ['bad'] }) as Partial<InvocationResult>);
    const dead = await (env.clock as ManualClock).advanceUntil(
      async () => {
        const out = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: dlq.url, MessageSystemAttributeNames: ['All'] }),
        );
        return out.Messages?.[0];
      },
      { what: 'the DLQ' },
    );
    await p.stop();

    // Assess: "ok" was delivered once; "bad" twice (maxReceiveCount), then dead-lettered.
    expect(batches.flat().filter((b) => b === 'ok')).toHaveLength(1);
    expect(batches.flat().filter((b) => b === 'bad')).toHaveLength(2);
    expect(dead.Body).toBe('bad');
    expect(dead.Attributes?.DeadLetterQueueSourceArn).toBe(q.arn);
  });

  it('tells onBatch of each batch before invoking: records, detail-types and correlation ids', async () => {
    // Prepare: two EventBridge events as a rule delivers them to a queue.
    const q = await queue({});
    const event = (type: string, correlationId: string) =>
      JSON.stringify({
        'detail-type': type,
        source: 'eventline.orders',
        detail: { metadata: { correlationId }, data: {} },
      });
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: [
          { Id: 'a', MessageBody: event('OrderPlaced', 'c-1') },
          { Id: 'b', MessageBody: event('OrderCancelled', 'c-1') },
        ],
      }),
    );
    const told: MappingBatch[] = [];

    // Act
    const { p, batches } = poller(q, () => ({}), { onBatch: (b: MappingBatch) => told.push(b) });
    await (env.clock as ManualClock).advanceUntil(() => batches.flat().length >= 2, {
      what: 'both messages',
    });
    await p.stop();

    // Assess
    expect(told).toEqual([
      {
        sourceArn: q.arn,
        functionArn: expect.stringContaining(':function:'),
        records: 2,
        subjects: ['OrderPlaced', 'OrderCancelled'],
        correlationIds: ['c-1'],
      },
    ]);
  });

  it('leaves the whole batch when the function fails', async () => {
    const q = await queue({ VisibilityTimeout: '30' });
    await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: q.url, Entries: [{ Id: 'x', MessageBody: 'x' }] }),
    );
    let calls = 0;
    const { p } = poller(q, () =>
      ++calls === 1 ? { functionError: 'Unhandled' as const, payload: '{}' } : {},
    );
    await (env.clock as ManualClock).advanceUntil(() => calls >= 2, {
      what: 'the retry after the visibility timeout',
    });
    await p.stop();
    expect(calls).toBe(2);
  });

  it('never invokes with more than 6 MB: ten messages of 900,000 bytes make batches of 6 and 4', async () => {
    // Prepare: Lambda's synchronous payload quota is 6 MB (6,291,456 bytes); each record carries
    // its 900,000-byte body, so 6 fit (5.4 MB) and 7 (6.3 MB) do not.
    const q = await queue({});
    for (let i = 0; i < 10; i++) {
      await sqs.send(
        new SendMessageCommand({ QueueUrl: q.url, MessageBody: `${i}`.padEnd(900_000, 'x') }),
      );
    }
    const sizes: number[] = [];

    // Act
    const { p, batches } = poller(q, () => ({}), {
      invoke: async (event: unknown) => {
        sizes.push(Buffer.byteLength(JSON.stringify(event)));
        batches.push(
          (event as { Records: { body: string }[] }).Records.map((r) => r.body[0] ?? ''),
        );
        return { requestId: 'r', payload: 'null' };
      },
    });
    await (env.clock as ManualClock).advanceUntil(() => batches.flat().length >= 10, {
      what: 'all ten messages',
    });
    await p.stop();

    // Assess
    expect(batches.map((b) => b.length)).toEqual([6, 4]);
    expect(batches.flat().sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(6_291_456);
  });
});
