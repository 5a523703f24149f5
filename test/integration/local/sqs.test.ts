import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  SetQueueAttributesCommand,
  SQSClient,
  TagQueueCommand,
  UntagQueueCommand,
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
async function queue(attributes: Record<string, string> = {}, name = `queues-${++n}`) {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { url: QueueUrl as string, arn: Attributes?.QueueArn as string, name };
}
const redrive = (dlqArn: string, maxReceiveCount: number) =>
  JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount });

describe('Class: SqsService (queues, through @aws-sdk/client-sqs)', () => {
  describe('Method: CreateQueue', () => {
    it('creates a queue that GetQueueUrl and ListQueues find, with a URL on the endpoint', async () => {
      // Act
      const q = await queue({ VisibilityTimeout: '10' });

      // Assess
      expect(q.url).toBe(`${env.url}/000000000000/${q.name}`);
      expect(q.arn).toBe(`arn:aws:sqs:us-east-1:000000000000:${q.name}`);
      expect((await sqs.send(new GetQueueUrlCommand({ QueueName: q.name }))).QueueUrl).toBe(q.url);
      expect(
        (await sqs.send(new ListQueuesCommand({ QueueNamePrefix: q.name }))).QueueUrls,
      ).toEqual([q.url]);
    });

    it('returns the same URL for the same name and attributes, and fails with QueueNameExists for others', async () => {
      const q = await queue({ VisibilityTimeout: '10' });

      const again = await sqs.send(
        new CreateQueueCommand({ QueueName: q.name, Attributes: { VisibilityTimeout: '10' } }),
      );
      const differing = sqs.send(
        new CreateQueueCommand({ QueueName: q.name, Attributes: { VisibilityTimeout: '20' } }),
      );

      expect(again.QueueUrl).toBe(q.url);
      // The SDK names the error from the JSON shape and keeps the query code in Code.
      await expect(differing).rejects.toMatchObject({
        name: 'QueueNameExists',
        Code: 'QueueAlreadyExists',
        $metadata: { httpStatusCode: 400 },
      });
    });

    it.each([
      ['VisibilityTimeout', '43201'],
      ['MessageRetentionPeriod', '59'],
      ['MessageRetentionPeriod', '1209601'],
      ['DelaySeconds', '901'],
      ['ReceiveMessageWaitTimeSeconds', '21'],
      ['MaximumMessageSize', '1048577'],
    ])('throws InvalidAttributeValue naming %s=%s', async (name, value) => {
      await expect(
        sqs.send(new CreateQueueCommand({ QueueName: 'bad', Attributes: { [name]: value } })),
      ).rejects.toMatchObject({
        name: 'InvalidAttributeValue',
        message: expect.stringContaining(`${name}: ${value}`),
      });
    });

    it('throws for a redrive policy with a count out of 1..1000 or a dead-letter queue that does not exist', async () => {
      const dlq = await queue();

      await expect(
        sqs.send(
          new CreateQueueCommand({
            QueueName: 'bad',
            Attributes: { RedrivePolicy: redrive(dlq.arn, 0) },
          }),
        ),
      ).rejects.toMatchObject({
        name: 'InvalidParameterValue',
        message: expect.stringContaining('from 1 to 1000'),
      });
      await expect(
        sqs.send(
          new CreateQueueCommand({
            QueueName: 'bad',
            Attributes: { RedrivePolicy: redrive(`${dlq.arn}-missing`, 5) },
          }),
        ),
      ).rejects.toMatchObject({
        message: expect.stringContaining('Dead letter target does not exist'),
      });
    });

    it('throws when the dead-letter queue RedriveAllowPolicy denies the source', async () => {
      const dlq = await queue({
        RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'denyAll' }),
      });

      await expect(
        sqs.send(
          new CreateQueueCommand({
            QueueName: 'denied',
            Attributes: { RedrivePolicy: redrive(dlq.arn, 5) },
          }),
        ),
      ).rejects.toMatchObject({
        name: 'InvalidParameterValue',
        message: expect.stringContaining('RedriveAllowPolicy'),
      });
    });

    it('throws UnsupportedOperation for a FIFO queue, and InvalidParameterValue for a bad name', async () => {
      await expect(
        sqs.send(new CreateQueueCommand({ QueueName: 'orders.fifo' })),
      ).rejects.toMatchObject({
        name: 'UnsupportedOperation',
        message: expect.stringContaining('standard queues only'),
      });
      await expect(
        sqs.send(new CreateQueueCommand({ QueueName: 'x', Attributes: { FifoQueue: 'true' } })),
      ).rejects.toMatchObject({ name: 'UnsupportedOperation' });
      await expect(
        sqs.send(new CreateQueueCommand({ QueueName: 'no spaces' })),
      ).rejects.toMatchObject({
        name: 'InvalidParameterValue',
      });
    });

    it('throws QueueDeletedRecently for a name deleted less than 60 seconds ago', async () => {
      const q = await queue();
      await sqs.send(new DeleteQueueCommand({ QueueUrl: q.url }));

      await expect(sqs.send(new CreateQueueCommand({ QueueName: q.name }))).rejects.toMatchObject({
        name: 'QueueDeletedRecently',
        Code: 'AWS.SimpleQueueService.QueueDeletedRecently',
      });
      await clock.advance(60_000);
      expect((await sqs.send(new CreateQueueCommand({ QueueName: q.name }))).QueueUrl).toBe(q.url);
    });
  });

  describe('Method: GetQueueAttributes', () => {
    it("returns AWS's defaults, the ARN and the creation time on the cloud's clock", async () => {
      const q = await queue();

      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['All'] }),
      );

      expect(Attributes).toMatchObject({
        QueueArn: q.arn,
        VisibilityTimeout: '30',
        MaximumMessageSize: '1048576',
        MessageRetentionPeriod: '345600',
        DelaySeconds: '0',
        ReceiveMessageWaitTimeSeconds: '0',
        SqsManagedSseEnabled: 'true',
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '0',
        ApproximateNumberOfMessagesDelayed: '0',
        CreatedTimestamp: String(Math.floor(clock.now() / 1000)),
      });
      expect(Attributes?.RedrivePolicy).toBeUndefined();
    });

    it('throws InvalidAttributeName for an unknown attribute, and QueueDoesNotExist with the query code', async () => {
      const q = await queue();

      await expect(
        sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: q.url,
            AttributeNames: ['Colour' as 'All'],
          }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidAttributeName' });
      await expect(
        sqs.send(new GetQueueAttributesCommand({ QueueUrl: `${env.url}/000000000000/nope` })),
      ).rejects.toMatchObject({
        name: 'QueueDoesNotExist',
        Code: 'AWS.SimpleQueueService.NonExistentQueue',
      });
    });
  });

  describe('Method: SetQueueAttributes', () => {
    it('changes attributes, and an empty RedrivePolicy removes the dead-letter queue', async () => {
      const dlq = await queue();
      const q = await queue({ RedrivePolicy: redrive(dlq.arn, 5) });
      const sources = () =>
        sqs
          .send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq.url }))
          .then((o) => o.queueUrls);
      expect(await sources()).toEqual([q.url]);

      await sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl: q.url,
          Attributes: { VisibilityTimeout: '60', RedrivePolicy: '' },
        }),
      );

      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['All'] }),
      );
      expect(Attributes?.VisibilityTimeout).toBe('60');
      expect(Attributes?.RedrivePolicy).toBeUndefined();
      expect(await sources()).toEqual([]);
    });

    it('throws for a read-only attribute and leaves the queue unchanged', async () => {
      const q = await queue();

      await expect(
        sqs.send(new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { QueueArn: 'x' } })),
      ).rejects.toMatchObject({ name: 'InvalidAttributeName' });
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['QueueArn'] }),
      );
      expect(Attributes?.QueueArn).toBe(q.arn);
    });
  });

  describe('Method: ListQueues', () => {
    it('pages with MaxResults and NextToken', async () => {
      const names = ['page-a', 'page-b', 'page-c'];
      for (const name of names) await queue({}, name);

      const first = await sqs.send(
        new ListQueuesCommand({ QueueNamePrefix: 'page-', MaxResults: 2 }),
      );
      const second = await sqs.send(
        new ListQueuesCommand({
          QueueNamePrefix: 'page-',
          MaxResults: 2,
          NextToken: first.NextToken,
        }),
      );

      expect(first.QueueUrls?.map((u) => u.split('/').at(-1))).toEqual(['page-a', 'page-b']);
      expect(second.QueueUrls?.map((u) => u.split('/').at(-1))).toEqual(['page-c']);
      expect(second.NextToken).toBeUndefined();
    });
  });

  describe('Method: TagQueue', () => {
    it('adds, lists and removes tags', async () => {
      const q = await queue();

      await sqs.send(
        new TagQueueCommand({ QueueUrl: q.url, Tags: { team: 'orders', env: 'local' } }),
      );
      await sqs.send(new UntagQueueCommand({ QueueUrl: q.url, TagKeys: ['env'] }));

      expect((await sqs.send(new ListQueueTagsCommand({ QueueUrl: q.url }))).Tags).toEqual({
        team: 'orders',
      });
    });
  });

  describe('Method: DeleteQueue', () => {
    it('deletes the queue', async () => {
      const q = await queue();

      await sqs.send(new DeleteQueueCommand({ QueueUrl: q.url }));

      await expect(sqs.send(new GetQueueUrlCommand({ QueueName: q.name }))).rejects.toMatchObject({
        name: 'QueueDoesNotExist',
      });
    });
  });
});
