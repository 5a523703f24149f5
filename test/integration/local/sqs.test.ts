import {
  CancelMessageMoveTaskCommand,
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListMessageMoveTasksCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../../local/core/clock';
import { startServiceEndpoint } from '../../helpers/local-endpoint';

let env: Awaited<ReturnType<typeof startServiceEndpoint>>;
let sqs: SQSClient;
let clock: ManualClock;
beforeAll(async () => {
  env = await startServiceEndpoint();
  clock = env.clock as ManualClock;
  sqs = new SQSClient(env.clientConfig);
});
afterAll(() => env.stop());

let n = 0;
async function queue(attributes: Record<string, string> = {}) {
  const name = `q${++n}`;
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { url: QueueUrl as string, arn: Attributes?.QueueArn as string, name };
}
const receive = (url: string, extra: Record<string, unknown> = {}) =>
  sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      MessageSystemAttributeNames: ['All'],
      ...extra,
    }),
  );

describe('Local SQS through @aws-sdk/client-sqs', () => {
  it('creates, finds and lists queues; a second create with other attributes fails', async () => {
    const q = await queue({ VisibilityTimeout: '10' });
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: q.name }))).QueueUrl).toBe(q.url);
    expect((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: q.name }))).QueueUrls).toEqual([
      q.url,
    ]);
    await expect(
      sqs.send(
        new CreateQueueCommand({ QueueName: q.name, Attributes: { VisibilityTimeout: '20' } }),
      ),
    ).rejects.toMatchObject({ name: 'QueueNameExists' });
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
    });
  });

  it('refuses invalid attributes, naming them', async () => {
    await expect(
      sqs.send(
        new CreateQueueCommand({ QueueName: 'bad', Attributes: { VisibilityTimeout: '50000' } }),
      ),
    ).rejects.toThrow(/VisibilityTimeout: 50000/);
  });

  it('sends and receives with MD5s the SDK checks, and message attributes', async () => {
    const q = await queue();
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: q.url,
        MessageBody: 'héllo',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'greeting' } },
      }),
    );
    const { Messages } = await receive(q.url, { MessageAttributeNames: ['All'] });
    expect(Messages?.[0]?.Body).toBe('héllo');
    expect(Messages?.[0]?.MessageAttributes?.kind?.StringValue).toBe('greeting');
    expect(Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
  });

  it('hides a received message for the visibility timeout, then delivers it again', async () => {
    const q = await queue({ VisibilityTimeout: '30' });
    await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'm' }));
    expect((await receive(q.url)).Messages).toHaveLength(1);
    expect((await receive(q.url)).Messages ?? []).toHaveLength(0);
    await clock.advance(30_000);
    const again = await receive(q.url);
    expect(again.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
  });

  it('deletes a message and changes visibility of one in flight', async () => {
    const q = await queue({ VisibilityTimeout: '30' });
    await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'a' }));
    const first = (await receive(q.url)).Messages?.[0];
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: q.url,
        ReceiptHandle: first?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const second = (await receive(q.url)).Messages?.[0];
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: second?.ReceiptHandle }),
    );
    await clock.advance(60_000);
    expect((await receive(q.url)).Messages ?? []).toHaveLength(0);
  });

  it('delays a message', async () => {
    const q = await queue();
    await sqs.send(
      new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'later', DelaySeconds: 5 }),
    );
    expect((await receive(q.url)).Messages ?? []).toHaveLength(0);
    await clock.advance(5_000);
    expect((await receive(q.url)).Messages?.[0]?.Body).toBe('later');
  });

  it('answers a long poll as soon as a message arrives', async () => {
    const q = await queue();
    const poll = receive(q.url, { WaitTimeSeconds: 20 });
    await new Promise((r) => setTimeout(r, 50));
    await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'now' }));
    expect((await poll).Messages?.[0]?.Body).toBe('now');
  });

  it('ends an empty long poll at its wait time on the cloud clock', async () => {
    const q = await queue();
    const poll = receive(q.url, { WaitTimeSeconds: 10 });
    await new Promise((r) => setTimeout(r, 50));
    await clock.advance(10_000);
    expect((await poll).Messages ?? []).toHaveLength(0);
  });

  it('refuses batches over 10 entries, bad ids, repeated ids and over 1 MB', async () => {
    const q = await queue();
    const entry = (id: string) => ({ Id: id, MessageBody: 'x' });
    await expect(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: q.url,
          Entries: Array.from({ length: 11 }, (_, i) => entry(`e${i}`)),
        }),
      ),
    ).rejects.toMatchObject({ name: 'TooManyEntriesInBatchRequest' });
    await expect(
      sqs.send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: [entry('bad id!')] })),
    ).rejects.toMatchObject({
      name: 'InvalidBatchEntryId',
    });
    await expect(
      sqs.send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: [entry('a'), entry('a')] })),
    ).rejects.toMatchObject({
      name: 'BatchEntryIdsNotDistinct',
    });
    const big = 'y'.repeat(600 * 1024);
    await expect(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: q.url,
          Entries: [
            { Id: 'a', MessageBody: big },
            { Id: 'b', MessageBody: big },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'BatchRequestTooLong' });
    const ok = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: q.url, Entries: [entry('a'), entry('b')] }),
    );
    expect(ok.Successful).toHaveLength(2);
  });

  it('moves a message to the DLQ after maxReceiveCount receives, and a move task brings it back', async () => {
    // Prepare
    const dlq = await queue();
    const source = await queue({
      VisibilityTimeout: '1',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 3 }),
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: 'poison' }));

    // Act: received and not deleted three times, then the next receive moves it.
    for (let i = 0; i < 3; i++) {
      expect((await receive(source.url)).Messages).toHaveLength(1);
      await clock.advance(1_000);
    }
    expect((await receive(source.url)).Messages ?? []).toHaveLength(0);

    // Assess
    const dead = (await receive(dlq.url)).Messages?.[0];
    expect(dead?.Body).toBe('poison');
    expect(dead?.Attributes?.DeadLetterQueueSourceArn).toBe(source.arn);
    expect(
      (await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq.url }))).queueUrls,
    ).toEqual([source.url]);

    await clock.advance(30_000);
    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn }));
    const tasks = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlq.arn }));
    expect(tasks.Results?.[0]).toMatchObject({
      Status: 'COMPLETED',
      ApproximateNumberOfMessagesMoved: 1,
    });
    expect((await receive(source.url)).Messages?.[0]?.Body).toBe('poison');
  });

  it('purges a queue and reports counts', async () => {
    const q = await queue();
    await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: '1' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: '2', DelaySeconds: 60 }));
    const attrs = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['All'] }),
    );
    expect(attrs.Attributes).toMatchObject({
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesDelayed: '1',
    });
    await sqs.send(new PurgeQueueCommand({ QueueUrl: q.url }));
    await clock.advance(60_000);
    expect((await receive(q.url)).Messages ?? []).toHaveLength(0);
  });

  it('sets attributes, deletes and changes visibility in batches, and deletes a queue', async () => {
    const q = await queue();
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { VisibilityTimeout: '60' } }),
    );
    const attrs = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['VisibilityTimeout'] }),
    );
    expect(attrs.Attributes?.VisibilityTimeout).toBe('60');
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: ['a', 'b', 'c'].map((id) => ({ Id: id, MessageBody: id })),
      }),
    );
    const got = (await receive(q.url)).Messages ?? [];
    expect(got).toHaveLength(3);
    const changed = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: q.url,
        Entries: [{ Id: 'c', ReceiptHandle: got[2]?.ReceiptHandle, VisibilityTimeout: 0 }],
      }),
    );
    expect(changed.Successful?.map((e) => e.Id)).toEqual(['c']);
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: q.url,
        Entries: [
          { Id: 'a', ReceiptHandle: got[0]?.ReceiptHandle },
          { Id: 'bad', ReceiptHandle: 'not-a-handle' },
        ],
      }),
    );
    expect(deleted.Successful?.map((e) => e.Id)).toEqual(['a']);
    expect(deleted.Failed?.[0]).toMatchObject({ Id: 'bad', Code: 'ReceiptHandleIsInvalid' });
    expect((await receive(q.url)).Messages?.map((m) => m.Body)).toEqual(['c']);
    await sqs.send(new DeleteQueueCommand({ QueueUrl: q.url }));
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: q.name }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
    });
  });

  it('refuses to cancel a move task that has completed', async () => {
    const dlq = await queue();
    await queue({
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 }),
    });
    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn }));
    await expect(sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle }))).rejects.toThrow(
      /COMPLETED/,
    );
  });
});
