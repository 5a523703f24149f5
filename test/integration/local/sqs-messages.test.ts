import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  type ReceiveMessageCommandInput,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../../local/core/clock';
import { startServiceEndpoint } from '../../helpers/local-endpoint';

/**
 * MD5 of message attributes over the byte layout AWS documents ("Calculating the
 * MD5 message digest for message attributes"), written out here independently
 * of the implementation: attributes sorted by name; for each, the 4-byte
 * big-endian length and UTF-8 bytes of the name, the same for the data type,
 * one transport byte (1 = String/Number, 2 = Binary), then the 4-byte length
 * and bytes of the value.
 */
function documentedMd5(attributes: [name: string, type: string, value: string | Buffer][]): string {
  const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  const field = (bytes: Buffer) => Buffer.concat([u32(bytes.length), bytes]);
  const sorted = [...attributes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const bytes = Buffer.concat(
    sorted.map(([name, type, value]) =>
      Buffer.concat([
        field(Buffer.from(name, 'utf8')),
        field(Buffer.from(type, 'utf8')),
        Buffer.from([typeof value === 'string' ? 1 : 2]),
        field(typeof value === 'string' ? Buffer.from(value, 'utf8') : value),
      ]),
    ),
  );
  return createHash('md5').update(bytes).digest('hex');
}

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
  const name = `messages-${++n}`;
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { url: QueueUrl as string, arn: Attributes?.QueueArn as string, name };
}
const receive = (url: string, extra: Partial<ReceiveMessageCommandInput> = {}) =>
  sqs
    .send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['All'],
        ...extra,
      }),
    )
    .then((out) => out.Messages ?? []);
const send = (url: string, body: string, extra: Record<string, unknown> = {}) =>
  sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, ...extra }));
const counts = async (url: string) =>
  (
    await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    )
  ).Attributes;

describe('Class: SqsService (messages, through @aws-sdk/client-sqs)', () => {
  describe('Method: SendMessage', () => {
    it('answers the MD5s the SDK checks and AWS computes, and delivers body and attributes', async () => {
      // Prepare
      const q = await queue();
      const attributes = {
        kind: { DataType: 'String', StringValue: 'greeting' },
        count: { DataType: 'Number', StringValue: '3' },
        raw: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
      };

      // Act
      const sent = await send(q.url, 'héllo 😀', {
        MessageAttributes: attributes,
        MessageSystemAttributes: {
          AWSTraceHeader: {
            DataType: 'String',
            StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793',
          },
        },
      });
      const [got] = await receive(q.url, { MessageAttributeNames: ['All'] });

      // Assess
      expect(sent.MD5OfMessageBody).toBe(
        createHash('md5').update(Buffer.from('héllo 😀', 'utf8')).digest('hex'),
      );
      expect(sent.MD5OfMessageAttributes).toBe(
        documentedMd5([
          ['kind', 'String', 'greeting'],
          ['count', 'Number', '3'],
          ['raw', 'Binary', Buffer.from([1, 2, 3])],
        ]),
      );
      expect(sent.MD5OfMessageSystemAttributes).toBe(
        documentedMd5([['AWSTraceHeader', 'String', 'Root=1-5759e988-bd862e3fe1be46a994272793']]),
      );
      expect(got?.MessageId).toBe(sent.MessageId);
      expect(got?.Body).toBe('héllo 😀');
      expect(got?.MessageAttributes?.kind?.StringValue).toBe('greeting');
      expect(Buffer.from(got?.MessageAttributes?.raw?.BinaryValue ?? []).toString('hex')).toBe(
        '010203',
      );
      expect(got?.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
      expect(got?.Attributes).toMatchObject({
        SenderId: '000000000000',
        SentTimestamp: String(clock.now()),
        ApproximateReceiveCount: '1',
        ApproximateFirstReceiveTimestamp: String(clock.now()),
        AWSTraceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793',
      });
    });

    it('returns only the message attributes asked for, by name or prefix', async () => {
      const q = await queue();
      await send(q.url, 'm', {
        MessageAttributes: {
          'order.id': { DataType: 'String', StringValue: 'o-1' },
          'order.total': { DataType: 'Number', StringValue: '10' },
          other: { DataType: 'String', StringValue: 'x' },
        },
      });

      const [got] = await receive(q.url, { MessageAttributeNames: ['order.*'] });

      expect(Object.keys(got?.MessageAttributes ?? {}).sort()).toEqual(['order.id', 'order.total']);
      expect(got?.MD5OfMessageAttributes).toBe(
        documentedMd5([
          ['order.id', 'String', 'o-1'],
          ['order.total', 'Number', '10'],
        ]),
      );
    });

    it('throws for an empty body, a refused character, a reserved attribute name and a body over MaximumMessageSize', async () => {
      const q = await queue({ MaximumMessageSize: '1024' });

      await expect(send(q.url, '')).rejects.toMatchObject({ name: 'MissingParameter' });
      await expect(send(q.url, 'bell\u0007')).rejects.toMatchObject({
        name: 'InvalidMessageContents',
        message: expect.stringContaining('#x7'),
      });
      await expect(
        send(q.url, 'm', {
          MessageAttributes: { 'AWS.x': { DataType: 'String', StringValue: 'v' } },
        }),
      ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
      await expect(send(q.url, 'x'.repeat(1025))).rejects.toMatchObject({
        name: 'InvalidParameterValue',
        message: expect.stringContaining('shorter than 1024 bytes'),
      });
      // Attributes count toward the size.
      await expect(
        send(q.url, 'x'.repeat(1000), {
          MessageAttributes: { pad: { DataType: 'String', StringValue: 'y'.repeat(100) } },
        }),
      ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
      expect(await receive(q.url)).toHaveLength(0);
    });

    it('accepts a 1 MiB message by default', async () => {
      const q = await queue();

      await send(q.url, 'z'.repeat(1_048_576));

      expect((await receive(q.url))[0]?.Body).toHaveLength(1_048_576);
    });

    it('delays a message by DelaySeconds on the cloud clock, counted as delayed meanwhile', async () => {
      const q = await queue();
      await send(q.url, 'later', { DelaySeconds: 5 });

      expect(await receive(q.url)).toHaveLength(0);
      expect(await counts(q.url)).toMatchObject({ ApproximateNumberOfMessagesDelayed: '1' });
      await clock.advance(5_000);

      expect((await receive(q.url))[0]?.Body).toBe('later');
    });

    it('throws for DelaySeconds over 900', async () => {
      const q = await queue();

      await expect(send(q.url, 'm', { DelaySeconds: 901 })).rejects.toMatchObject({
        name: 'InvalidParameterValue',
      });
    });
  });

  describe('Method: SendMessageBatch', () => {
    const entry = (id: string, body = 'x') => ({ Id: id, MessageBody: body });

    it.each([
      [
        '11 entries',
        Array.from({ length: 11 }, (_, i) => entry(`e${i}`)),
        'TooManyEntriesInBatchRequest',
      ],
      ['no entries', [], 'EmptyBatchRequest'],
      ['an id with a space', [entry('bad id')], 'InvalidBatchEntryId'],
      ['an id of 81 characters', [entry('i'.repeat(81))], 'InvalidBatchEntryId'],
      ['a repeated id', [entry('a'), entry('a')], 'BatchEntryIdsNotDistinct'],
      [
        'two 600 KiB messages',
        [entry('a', 'y'.repeat(600 * 1024)), entry('b', 'y'.repeat(600 * 1024))],
        'BatchRequestTooLong',
      ],
    ])('throws for %s and sends nothing', async (_, entries, name) => {
      const q = await queue();

      await expect(
        sqs.send(new SendMessageBatchCommand({ QueueUrl: q.url, Entries: entries })),
      ).rejects.toMatchObject({
        name,
      });
      expect(await receive(q.url)).toHaveLength(0);
    });

    it('sends the valid entries and reports each refused one in Failed', async () => {
      const q = await queue();

      const out = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: q.url,
          Entries: [
            entry('ok-1', 'one'),
            entry('bad', 'nul\u0000'),
            entry('ok-2', 'two'),
            { Id: 'slow', MessageBody: 's', DelaySeconds: 901 },
          ],
        }),
      );

      expect(out.Successful?.map((e) => e.Id)).toEqual(['ok-1', 'ok-2']);
      expect(out.Failed).toEqual([
        expect.objectContaining({ Id: 'bad', Code: 'InvalidMessageContents', SenderFault: true }),
        expect.objectContaining({ Id: 'slow', Code: 'InvalidParameterValue', SenderFault: true }),
      ]);
      expect((await receive(q.url)).map((m) => m.Body).sort()).toEqual(['one', 'two']);
    });
  });

  describe('Method: ReceiveMessage', () => {
    it('hides a received message for the visibility timeout, then delivers it again', async () => {
      const q = await queue({ VisibilityTimeout: '30' });
      await send(q.url, 'm');

      expect(await receive(q.url)).toHaveLength(1);
      expect(await counts(q.url)).toMatchObject({
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '1',
      });
      await clock.advance(29_999);
      expect(await receive(q.url)).toHaveLength(0);
      await clock.advance(1);

      const again = await receive(q.url);
      expect(again[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
    });

    it('uses the VisibilityTimeout of the request over the queue one', async () => {
      const q = await queue({ VisibilityTimeout: '30' });
      await send(q.url, 'm');

      await receive(q.url, { VisibilityTimeout: 5 });
      await clock.advance(5_000);

      expect(await receive(q.url)).toHaveLength(1);
    });

    it('returns at most MaxNumberOfMessages, and throws for 11 or a WaitTimeSeconds of 21', async () => {
      const q = await queue();
      for (let i = 0; i < 3; i++) await send(q.url, `m${i}`);

      expect(await receive(q.url, { MaxNumberOfMessages: 2 })).toHaveLength(2);
      await expect(receive(q.url, { MaxNumberOfMessages: 11 })).rejects.toMatchObject({
        name: 'InvalidParameterValue',
      });
      await expect(receive(q.url, { WaitTimeSeconds: 21 })).rejects.toMatchObject({
        name: 'InvalidParameterValue',
      });
    });

    it('answers a long poll as soon as a message arrives', async () => {
      const q = await queue();
      const polling = clock.nextTimer((t) => t.delayMs === 20_000);
      const poll = receive(q.url, { WaitTimeSeconds: 20 });
      await polling;

      await send(q.url, 'now');

      expect((await poll)[0]?.Body).toBe('now');
    });

    it('answers a long poll when a delayed message becomes visible', async () => {
      const q = await queue();
      await send(q.url, 'soon', { DelaySeconds: 3 });
      const polling = clock.nextTimer((t) => t.delayMs === 10_000);
      const poll = receive(q.url, { WaitTimeSeconds: 10 });
      await polling;

      await clock.advance(3_000);

      expect((await poll)[0]?.Body).toBe('soon');
    });

    it("ends an empty long poll at its wait time on the cloud's clock, the queue's default wait included", async () => {
      const q = await queue({ ReceiveMessageWaitTimeSeconds: '10' });
      let settled = false;
      const polling = clock.nextTimer((t) => t.delayMs === 10_000);
      const poll = sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url })).finally(() => {
        settled = true;
      });
      await polling;

      await clock.advance(9_000);
      expect(settled).toBe(false);
      await clock.advance(1_000);

      expect((await poll).Messages ?? []).toHaveLength(0);
    });

    it('drops messages older than the retention period', async () => {
      const q = await queue({ MessageRetentionPeriod: '60' });
      await send(q.url, 'old');

      await clock.advance(60_000);

      expect(await receive(q.url)).toHaveLength(0);
      expect(await counts(q.url)).toMatchObject({ ApproximateNumberOfMessages: '0' });
    });
  });

  describe('Method: DeleteMessage', () => {
    it('deletes a message with its latest receipt handle', async () => {
      const q = await queue({ VisibilityTimeout: '1' });
      await send(q.url, 'm');
      const [got] = await receive(q.url);

      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: got?.ReceiptHandle }),
      );
      await clock.advance(1_000);

      expect(await receive(q.url)).toHaveLength(0);
    });

    it('succeeds without deleting when the handle is stale (the message was received again)', async () => {
      const q = await queue({ VisibilityTimeout: '1' });
      await send(q.url, 'm');
      const [first] = await receive(q.url);
      await clock.advance(1_000);
      await receive(q.url);

      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: first?.ReceiptHandle }),
      );
      await clock.advance(1_000);

      expect((await receive(q.url))[0]?.Attributes?.ApproximateReceiveCount).toBe('3');
    });

    it('throws ReceiptHandleIsInvalid for a handle that is not one, or is of another queue', async () => {
      const q = await queue();
      const other = await queue();
      await send(other.url, 'm');
      const [got] = await receive(other.url);

      await expect(
        sqs.send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: 'not-a-handle' })),
      ).rejects.toMatchObject({
        name: 'ReceiptHandleIsInvalid',
        $metadata: { httpStatusCode: 404 },
      });
      await expect(
        sqs.send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: got?.ReceiptHandle })),
      ).rejects.toMatchObject({ name: 'ReceiptHandleIsInvalid' });
    });

    it('deletes in batches, reporting a bad handle in Failed', async () => {
      const q = await queue({ VisibilityTimeout: '1' });
      await send(q.url, 'a');
      await send(q.url, 'b');
      const got = await receive(q.url);

      const out = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: q.url,
          Entries: [
            { Id: 'a', ReceiptHandle: got[0]?.ReceiptHandle },
            { Id: 'bad', ReceiptHandle: 'not-a-handle' },
          ],
        }),
      );
      await clock.advance(1_000);

      expect(out.Successful?.map((e) => e.Id)).toEqual(['a']);
      expect(out.Failed?.[0]).toMatchObject({
        Id: 'bad',
        Code: 'ReceiptHandleIsInvalid',
        SenderFault: true,
      });
      expect((await receive(q.url)).map((m) => m.Body)).toEqual([got[1]?.Body]);
    });
  });

  describe('Method: ChangeMessageVisibility', () => {
    it('makes an in-flight message visible again at once with 0', async () => {
      const q = await queue({ VisibilityTimeout: '30' });
      await send(q.url, 'm');
      const [got] = await receive(q.url);

      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: q.url,
          ReceiptHandle: got?.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );

      expect(await receive(q.url)).toHaveLength(1);
    });

    it('throws MessageNotInflight once the timeout has passed, and refuses more than 12 hours in total', async () => {
      const q = await queue({ VisibilityTimeout: '10' });
      await send(q.url, 'm');
      const [got] = await receive(q.url);
      const change = (VisibilityTimeout: number) =>
        sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: q.url,
            ReceiptHandle: got?.ReceiptHandle,
            VisibilityTimeout,
          }),
        );

      await clock.advance(5_000);
      await expect(change(43_200)).rejects.toMatchObject({
        name: 'InvalidParameterValue',
        message: expect.stringContaining('beyond the limit'),
      });
      await change(43_195);
      await clock.advance(43_195_000);

      await expect(change(10)).rejects.toMatchObject({
        name: 'MessageNotInflight',
        Code: 'AWS.SimpleQueueService.MessageNotInflight',
      });
    });

    it('changes visibility in batches, reporting a bad handle in Failed', async () => {
      const q = await queue({ VisibilityTimeout: '30' });
      await send(q.url, 'm');
      const [got] = await receive(q.url);

      const out = await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: q.url,
          Entries: [
            { Id: 'ok', ReceiptHandle: got?.ReceiptHandle, VisibilityTimeout: 0 },
            { Id: 'bad', ReceiptHandle: 'nope', VisibilityTimeout: 0 },
          ],
        }),
      );

      expect(out.Successful?.map((e) => e.Id)).toEqual(['ok']);
      expect(out.Failed?.[0]).toMatchObject({ Id: 'bad', Code: 'ReceiptHandleIsInvalid' });
      expect(await receive(q.url)).toHaveLength(1);
    });
  });

  describe('Method: PurgeQueue', () => {
    it('deletes every message, and refuses a second purge within 60 seconds', async () => {
      const q = await queue();
      await send(q.url, '1');
      await send(q.url, '2', { DelaySeconds: 60 });
      await receive(q.url, { MaxNumberOfMessages: 1 });

      await sqs.send(new PurgeQueueCommand({ QueueUrl: q.url }));

      expect(await counts(q.url)).toEqual({
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '0',
        ApproximateNumberOfMessagesDelayed: '0',
      });
      await expect(sqs.send(new PurgeQueueCommand({ QueueUrl: q.url }))).rejects.toMatchObject({
        name: 'PurgeQueueInProgress',
        $metadata: { httpStatusCode: 403 },
      });
      await clock.advance(60_000);
      await sqs.send(new PurgeQueueCommand({ QueueUrl: q.url }));
    });
  });

  describe('Method: sendMessage / receiveMessages / deleteMessage (in process)', () => {
    it('sends with the same rules as the API and receives with long polling on the clock', async () => {
      const q = await queue({ VisibilityTimeout: '5' });
      const poll = env.sqs.receiveMessages(q.arn, { waitTimeSeconds: 20, maxNumberOfMessages: 10 });

      const sent = env.sqs.sendMessage(q.arn, '{"a":1}', {
        messageAttributes: { kind: { DataType: 'String', StringValue: 'k' } },
      });
      const [got] = await poll;

      expect(got).toMatchObject({
        MessageId: sent.MessageId,
        Body: '{"a":1}',
        MD5OfBody: sent.MD5OfMessageBody,
      });
      expect(got?.MessageAttributes?.kind?.StringValue).toBe('k');
      expect(() => env.sqs.sendMessage(q.arn, '')).toThrow(
        expect.objectContaining({ code: 'MissingParameter' }),
      );
      env.sqs.deleteMessage(q.arn, got?.ReceiptHandle as string);
      await clock.advance(5_000);
      expect(await receive(q.url)).toHaveLength(0);
    });

    it('throws QueueDoesNotExist for an unknown queue ARN', () => {
      expect(() => env.sqs.sendMessage('arn:aws:sqs:us-east-1:000000000000:none', 'm')).toThrow(
        expect.objectContaining({ code: 'QueueDoesNotExist' }),
      );
    });
  });
});
