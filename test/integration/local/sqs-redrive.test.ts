import {
  CancelMessageMoveTaskCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListDeadLetterSourceQueuesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
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
  const name = `redrive-${++n}`;
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { url: QueueUrl as string, arn: Attributes?.QueueArn as string, name };
}
const receive = (url: string, max = 10) =>
  sqs
    .send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: max,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    )
    .then((out) => out.Messages ?? []);
const send = (url: string, body: string) =>
  sqs.send(
    new SendMessageCommand({
      QueueUrl: url,
      MessageBody: body,
      MessageAttributes: { origin: { DataType: 'String', StringValue: 'test' } },
    }),
  );

/** A source queue whose messages go to a new DLQ after `maxReceiveCount` receives. */
async function sourceWithDlq(maxReceiveCount: number) {
  const dlq = await queue({ MessageRetentionPeriod: '1209600' });
  const source = await queue({
    VisibilityTimeout: '1',
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount }),
  });
  return { dlq, source };
}

/** Receives from `url` and lets the visibility timeout pass, `times` times. */
async function failReceives(url: string, times: number) {
  for (let i = 0; i < times; i++) {
    expect(await receive(url)).not.toHaveLength(0);
    await clock.advance(1_000);
  }
}

describe('Class: SqsService (redrive, through @aws-sdk/client-sqs)', () => {
  describe('Method: ReceiveMessage', () => {
    it('moves a message received maxReceiveCount times to the DLQ instead of delivering it again', async () => {
      // Prepare
      const { dlq, source } = await sourceWithDlq(3);
      const sent = await send(source.url, 'poison');
      const sentAt = String(clock.now());

      // Act: received three times and never deleted; the fourth receive moves it.
      await failReceives(source.url, 3);
      const fourth = await receive(source.url);

      // Assess: the same message (id, body, attributes, enqueue time) with its source named.
      expect(fourth).toHaveLength(0);
      const [dead] = await receive(dlq.url);
      expect(dead).toMatchObject({ MessageId: sent.MessageId, Body: 'poison' });
      expect(dead?.MessageAttributes?.origin?.StringValue).toBe('test');
      expect(dead?.Attributes).toMatchObject({
        DeadLetterQueueSourceArn: source.arn,
        SentTimestamp: sentAt,
        ApproximateReceiveCount: '4',
      });
      expect(
        (await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq.url }))).queueUrls,
      ).toEqual([source.url]);
    });

    it('delivers a message exactly maxReceiveCount times with a count of 1', async () => {
      const { dlq, source } = await sourceWithDlq(1);
      await send(source.url, 'once');

      await failReceives(source.url, 1);

      expect(await receive(source.url)).toHaveLength(0);
      expect(await receive(dlq.url)).toHaveLength(1);
    });
  });

  describe('Method: StartMessageMoveTask', () => {
    it('brings dead-lettered messages back to their source as new messages', async () => {
      // Prepare
      const { dlq, source } = await sourceWithDlq(2);
      const sent = await send(source.url, 'retry me');
      await failReceives(source.url, 2);
      await receive(source.url);
      await clock.advance(30_000);

      // Act
      const { TaskHandle } = await sqs.send(
        new StartMessageMoveTaskCommand({ SourceArn: dlq.arn }),
      );

      // Assess
      const tasks = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlq.arn }));
      expect(TaskHandle).toBeTruthy();
      expect(tasks.Results).toEqual([
        expect.objectContaining({
          Status: 'COMPLETED',
          SourceArn: dlq.arn,
          ApproximateNumberOfMessagesMoved: 1,
          ApproximateNumberOfMessagesToMove: 1,
          StartedTimestamp: clock.now(),
        }),
      ]);
      expect(tasks.Results?.[0]?.TaskHandle).toBeUndefined();
      const [back] = await receive(source.url);
      expect(back?.Body).toBe('retry me');
      expect(back?.MessageId).not.toBe(sent.MessageId);
      expect(back?.MessageAttributes?.origin?.StringValue).toBe('test');
      expect(back?.Attributes?.ApproximateReceiveCount).toBe('1');
      expect(back?.Attributes?.DeadLetterQueueSourceArn).toBeUndefined();
      expect(await receive(dlq.url)).toHaveLength(0);
    });

    it('moves to a DestinationArn at MaxNumberOfMessagesPerSecond, and a cancelled task stops', async () => {
      // Prepare: three dead-lettered messages and a separate destination.
      const { dlq, source } = await sourceWithDlq(1);
      const destination = await queue();
      for (const body of ['a', 'b', 'c']) await send(source.url, body);
      await failReceives(source.url, 1);
      await receive(source.url);
      expect(await receive(source.url)).toHaveLength(0);

      // Act
      const { TaskHandle } = await sqs.send(
        new StartMessageMoveTaskCommand({
          SourceArn: dlq.arn,
          DestinationArn: destination.arn,
          MaxNumberOfMessagesPerSecond: 1,
        }),
      );
      const running = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlq.arn }));
      await clock.advance(1_000);
      const cancelled = await sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle }));
      await clock.advance(5_000);

      // Assess
      expect(running.Results?.[0]).toMatchObject({
        TaskHandle,
        Status: 'RUNNING',
        DestinationArn: destination.arn,
        MaxNumberOfMessagesPerSecond: 1,
        ApproximateNumberOfMessagesMoved: 1,
        ApproximateNumberOfMessagesToMove: 3,
      });
      expect(cancelled.ApproximateNumberOfMessagesMoved).toBe(2);
      expect((await receive(destination.url)).map((m) => m.Body).sort()).toHaveLength(2);
      expect(await receive(dlq.url)).toHaveLength(1);
      expect(await receive(source.url)).toHaveLength(0);
      const [last] =
        (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlq.arn }))).Results ?? [];
      expect(last?.Status).toBe('CANCELLED');
    });

    it('refuses a second running task, a queue that is no DLQ, and cancelling a finished task', async () => {
      const { dlq, source } = await sourceWithDlq(1);
      await send(source.url, 'x');
      await send(source.url, 'y');
      await failReceives(source.url, 1);
      await receive(source.url);
      const plain = await queue();

      const { TaskHandle } = await sqs.send(
        new StartMessageMoveTaskCommand({ SourceArn: dlq.arn, MaxNumberOfMessagesPerSecond: 1 }),
      );

      await expect(
        sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn })),
      ).rejects.toMatchObject({
        name: 'UnsupportedOperation',
      });
      await expect(
        sqs.send(new StartMessageMoveTaskCommand({ SourceArn: plain.arn })),
      ).rejects.toMatchObject({
        name: 'UnsupportedOperation',
        message: expect.stringContaining('dead-letter queue'),
      });
      await expect(
        sqs.send(new StartMessageMoveTaskCommand({ SourceArn: `${plain.arn}-missing` })),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      await clock.advance(1_000);
      await expect(
        sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle })),
      ).rejects.toMatchObject({
        name: 'UnsupportedOperation',
        message: expect.stringContaining('COMPLETED'),
      });
    });

    it('fails the task, keeping the message, when a message was sent to the DLQ directly', async () => {
      const { dlq } = await sourceWithDlq(1);
      await send(dlq.url, 'not dead-lettered');

      await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn }));

      const [task] =
        (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlq.arn }))).Results ?? [];
      expect(task).toMatchObject({
        Status: 'FAILED',
        FailureReason: expect.stringContaining('DestinationArn'),
      });
      expect(await receive(dlq.url)).toHaveLength(1);
    });
  });
});
