import { randomUUID } from 'node:crypto';
import { AwsServiceError } from '../../core/errors';
import { dispatchOperation } from '../../core/operations';
import type { AwsJsonService, LocalCloudContext } from '../../core/service';
import type { MessageAttributeValue } from './md5';
import { md5Hex, md5OfAttributes } from './md5';
import type { StoredMessage } from './Queue';
import { Queue, validateAttributes } from './Queue';

type Input = Record<string, unknown>;
interface MoveTask {
  handle: string;
  status: 'RUNNING' | 'COMPLETED' | 'CANCELLED';
  sourceArn: string;
  destinationArn?: string;
  moved: number;
  toMove: number;
  startedAt: number;
}

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/;
const MAX_BATCH_BYTES = 1024 * 1024;

const OPERATIONS = [
  'CreateQueue',
  'DeleteQueue',
  'GetQueueUrl',
  'ListQueues',
  'GetQueueAttributes',
  'SetQueueAttributes',
  'SendMessage',
  'SendMessageBatch',
  'ReceiveMessage',
  'DeleteMessage',
  'DeleteMessageBatch',
  'ChangeMessageVisibility',
  'ChangeMessageVisibilityBatch',
  'PurgeQueue',
  'ListDeadLetterSourceQueues',
  'StartMessageMoveTask',
  'ListMessageMoveTasks',
  'CancelMessageMoveTask',
] as const;

/**
 * Standard SQS queues on the cloud's clock: visibility timeouts, delays,
 * long polling, retention, redrive to a dead-letter queue after
 * `maxReceiveCount` receives, and DLQ redrive with message move tasks. The
 * SQS JSON protocol's request and error shapes are AWS's, so the SDK's
 * `@aws-sdk/client-sqs` works unmodified. FIFO queues are refused.
 */
export class SqsService implements AwsJsonService {
  readonly targetPrefix = 'AmazonSQS';
  readonly operations: ReadonlySet<string> = new Set(OPERATIONS);
  readonly #ctx: LocalCloudContext;
  readonly #queues = new Map<string, Queue>();
  readonly #tasks: MoveTask[] = [];

  constructor(context: LocalCloudContext) {
    this.#ctx = context;
  }

  handle(operation: string, input: Input): Promise<unknown> {
    return dispatchOperation(this, operation, input);
  }

  /** Sends a message to a queue named by ARN, for EventBridge targets, DLQs and failure destinations. */
  sendToArn(
    arn: string,
    body: string,
    attributes: Record<string, MessageAttributeValue> = {},
  ): string {
    const queue = this.#byArn(arn);
    return this.#enqueue(queue, body, attributes, 0).messageId;
  }

  /** Messages in a queue (visible or not), for tests and the start banner. */
  depth(arn: string): number {
    return this.#byArn(arn).messages.length;
  }

  opCreateQueue(input: Input) {
    const name = String(input.QueueName ?? '');
    if (name.endsWith('.fifo')) {
      throw new AwsServiceError(
        'InvalidParameterValue',
        `FIFO queues are not supported by the local cloud (${name})`,
      );
    }
    if (!QUEUE_NAME.test(name)) {
      throw new AwsServiceError(
        'InvalidParameterValue',
        `Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length (got ${JSON.stringify(name)})`,
      );
    }
    const attributes = (input.Attributes as Record<string, string>) ?? {};
    const existing = this.#queues.get(name);
    if (existing) {
      const differs = Object.entries(validateAttributes(attributes)).some(
        ([k, v]) => existing.attributes[k] !== v,
      );
      if (differs)
        throw new AwsServiceError(
          'QueueNameExists',
          `A queue named ${name} already exists with different attributes`,
        );
      return { QueueUrl: existing.url };
    }
    const arn = `arn:aws:sqs:${this.#ctx.region}:${this.#ctx.accountId}:${name}`;
    const url = `${this.#ctx.endpointUrl()}/${this.#ctx.accountId}/${name}`;
    const queue = new Queue(name, arn, url, attributes, this.#ctx.clock.now());
    this.#queues.set(name, queue);
    return { QueueUrl: url };
  }

  opDeleteQueue(input: Input) {
    const queue = this.#byUrl(input.QueueUrl);
    this.#queues.delete(queue.name);
    return {};
  }

  opGetQueueUrl(input: Input) {
    const queue = this.#queues.get(String(input.QueueName));
    if (!queue) throw queueMissing(String(input.QueueName));
    return { QueueUrl: queue.url };
  }

  opListQueues(input: Input) {
    const prefix = String(input.QueueNamePrefix ?? '');
    return {
      QueueUrls: [...this.#queues.values()]
        .filter((q) => q.name.startsWith(prefix))
        .map((q) => q.url),
    };
  }

  opGetQueueAttributes(input: Input) {
    const queue = this.#byUrl(input.QueueUrl);
    this.#expire(queue);
    const now = this.#ctx.clock.now();
    const all: Record<string, string> = {
      ...queue.attributes,
      QueueArn: queue.arn,
      CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt / 1000)),
      ApproximateNumberOfMessages: String(queue.messages.filter((m) => m.visibleAt <= now).length),
      ApproximateNumberOfMessagesNotVisible: String(
        queue.messages.filter((m) => m.visibleAt > now && m.receiveCount > 0).length,
      ),
      ApproximateNumberOfMessagesDelayed: String(
        queue.messages.filter((m) => m.visibleAt > now && m.receiveCount === 0).length,
      ),
    };
    const names = (input.AttributeNames as string[] | undefined) ?? [];
    const wanted = names.includes('All') ? Object.keys(all) : names;
    return {
      Attributes: Object.fromEntries(wanted.filter((n) => n in all).map((n) => [n, all[n]])),
    };
  }

  opSetQueueAttributes(input: Input) {
    const queue = this.#byUrl(input.QueueUrl);
    Object.assign(
      queue.attributes,
      validateAttributes((input.Attributes as Record<string, string>) ?? {}),
    );
    queue.lastModifiedAt = this.#ctx.clock.now();
    return {};
  }

  opSendMessage(input: Input) {
    const queue = this.#byUrl(input.QueueUrl);
    const message = this.#validateAndEnqueue(queue, input);
    return {
      MessageId: message.messageId,
      MD5OfMessageBody: message.md5OfBody,
      ...(message.md5OfAttributes ? { MD5OfMessageAttributes: message.md5OfAttributes } : {}),
    };
  }

  opSendMessageBatch(input: Input) {
    const queue = this.#byUrl(input.QueueUrl);
    const entries = this.#batchEntries(input.Entries);
    const bytes = entries.reduce(
      (sum, e) => sum + Buffer.byteLength(String(e.MessageBody ?? '')),
      0,
    );
    if (bytes > MAX_BATCH_BYTES) {
      throw new AwsServiceError(
        'BatchRequestTooLong',
        `Batch requests cannot be longer than ${MAX_BATCH_BYTES} bytes (got ${bytes})`,
      );
    }
    const Successful: unknown[] = [];
    const Failed: unknown[] = [];
    for (const entry of entries) {
      try {
        const m = this.#validateAndEnqueue(queue, entry);
        Successful.push({
          Id: entry.Id,
          MessageId: m.messageId,
          MD5OfMessageBody: m.md5OfBody,
          ...(m.md5OfAttributes ? { MD5OfMessageAttributes: m.md5OfAttributes } : {}),
        });
      } catch (error) {
        const e = error as AwsServiceError;
        Failed.push({ Id: entry.Id, SenderFault: true, Code: e.code, Message: e.message });
      }
    }
    return { Successful, Failed };
  }

  async opReceiveMessage(input: Input) {
    const queue = this.#byUrl(input.QueueUrl);
    const max = Number(input.MaxNumberOfMessages ?? 1);
    if (!Number.isInteger(max) || max < 1 || max > 10) {
      throw new AwsServiceError(
        'InvalidParameterValue',
        `Value ${max} for parameter MaxNumberOfMessages is invalid. Must be between 1 and 10.`,
      );
    }
    const wait = Number(input.WaitTimeSeconds ?? queue.number('ReceiveMessageWaitTimeSeconds'));
    if (!Number.isInteger(wait) || wait < 0 || wait > 20) {
      throw new AwsServiceError(
        'InvalidParameterValue',
        `Value ${wait} for parameter WaitTimeSeconds is invalid. Must be between 0 and 20.`,
      );
    }
    const visibility =
      input.VisibilityTimeout === undefined
        ? queue.number('VisibilityTimeout')
        : Number(input.VisibilityTimeout);
    let received = this.#take(queue, max, visibility);
    if (received.length === 0 && wait > 0)
      received = await this.#longPoll(queue, max, visibility, wait * 1000);
    const names = [
      ...((input.AttributeNames as string[] | undefined) ?? []),
      ...((input.MessageSystemAttributeNames as string[] | undefined) ?? []),
    ];
    const attrNames = (input.MessageAttributeNames as string[] | undefined) ?? [];
    return { Messages: received.map((m) => this.#toWire(m, names, attrNames)) };
  }

  opDeleteMessage(input: Input) {
    const queue = this.#byUrl(input.QueueUrl);
    this.#delete(queue, String(input.ReceiptHandle ?? ''));
    return {};
  }

  opDeleteMessageBatch(input: Input) {
    const queue = this.#byUrl(input.QueueUrl);
    return this.#eachEntry(this.#batchEntries(input.Entries), (e) =>
      this.#delete(queue, String(e.ReceiptHandle ?? '')),
    );
  }

  opChangeMessageVisibility(input: Input) {
    const queue = this.#byUrl(input.QueueUrl);
    this.#changeVisibility(
      queue,
      String(input.ReceiptHandle ?? ''),
      Number(input.VisibilityTimeout),
    );
    return {};
  }

  opChangeMessageVisibilityBatch(input: Input) {
    const queue = this.#byUrl(input.QueueUrl);
    return this.#eachEntry(this.#batchEntries(input.Entries), (e) =>
      this.#changeVisibility(queue, String(e.ReceiptHandle ?? ''), Number(e.VisibilityTimeout)),
    );
  }

  opPurgeQueue(input: Input) {
    this.#byUrl(input.QueueUrl).messages = [];
    return {};
  }

  opListDeadLetterSourceQueues(input: Input) {
    const dlq = this.#byUrl(input.QueueUrl);
    return {
      queueUrls: [...this.#queues.values()]
        .filter((q) => q.redrive()?.deadLetterTargetArn === dlq.arn)
        .map((q) => q.url),
    };
  }

  opStartMessageMoveTask(input: Input) {
    const source = this.#byArn(String(input.SourceArn ?? ''));
    const isDlq = [...this.#queues.values()].some(
      (q) => q.redrive()?.deadLetterTargetArn === source.arn,
    );
    if (!isDlq)
      throw new AwsServiceError(
        'InvalidParameterValue',
        `Source queue ${source.arn} is not a dead-letter queue of any queue`,
      );
    if (this.#tasks.some((t) => t.sourceArn === source.arn && t.status === 'RUNNING')) {
      throw new AwsServiceError(
        'UnsupportedOperation',
        `A message move task is already running on ${source.arn}`,
      );
    }
    const destinationArn =
      input.DestinationArn === undefined ? undefined : String(input.DestinationArn);
    if (destinationArn) this.#byArn(destinationArn);
    const task: MoveTask = {
      handle: randomUUID(),
      status: 'RUNNING',
      sourceArn: source.arn,
      ...(destinationArn ? { destinationArn } : {}),
      moved: 0,
      toMove: source.messages.length,
      startedAt: this.#ctx.clock.now(),
    };
    this.#tasks.push(task);
    // Each message goes back to the queue it was dead-lettered from, or to DestinationArn.
    for (const message of [...source.messages]) {
      const target = this.#byArn(destinationArn ?? message.deadLetterSourceArn ?? '');
      source.messages = source.messages.filter((m) => m !== message);
      this.#enqueue(target, message.body, message.attributes, 0);
      task.moved++;
    }
    task.status = 'COMPLETED';
    return { TaskHandle: task.handle };
  }

  opListMessageMoveTasks(input: Input) {
    const sourceArn = String(input.SourceArn ?? '');
    this.#byArn(sourceArn);
    return {
      Results: this.#tasks
        .filter((t) => t.sourceArn === sourceArn)
        .reverse()
        .map((t) => ({
          ...(t.status === 'RUNNING' ? { TaskHandle: t.handle } : {}),
          Status: t.status,
          SourceArn: t.sourceArn,
          ...(t.destinationArn ? { DestinationArn: t.destinationArn } : {}),
          ApproximateNumberOfMessagesMoved: t.moved,
          ApproximateNumberOfMessagesToMove: t.toMove,
          StartedTimestamp: t.startedAt,
        })),
    };
  }

  opCancelMessageMoveTask(input: Input) {
    const task = this.#tasks.find((t) => t.handle === input.TaskHandle);
    if (!task)
      throw new AwsServiceError(
        'ResourceNotFoundException',
        `No message move task ${String(input.TaskHandle)}`,
      );
    if (task.status !== 'RUNNING')
      throw new AwsServiceError('UnsupportedOperation', `The task is ${task.status}`);
    task.status = 'CANCELLED';
    return { ApproximateNumberOfMessagesMoved: task.moved };
  }

  #validateAndEnqueue(queue: Queue, input: Input): StoredMessage {
    const body = input.MessageBody;
    if (typeof body !== 'string' || body.length === 0) {
      throw new AwsServiceError(
        'MissingParameter',
        'The request must contain the parameter MessageBody.',
      );
    }
    const size = Buffer.byteLength(body);
    const limit = queue.number('MaximumMessageSize');
    if (size > limit) {
      throw new AwsServiceError(
        'InvalidParameterValue',
        `One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes (got ${size}).`,
      );
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters SQS refuses
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(body)) {
      throw new AwsServiceError(
        'InvalidMessageContents',
        'Invalid binary character in the message body',
      );
    }
    const delay =
      input.DelaySeconds === undefined ? queue.number('DelaySeconds') : Number(input.DelaySeconds);
    if (!Number.isInteger(delay) || delay < 0 || delay > 900) {
      throw new AwsServiceError(
        'InvalidParameterValue',
        `Value ${delay} for parameter DelaySeconds is invalid. Must be between 0 and 900.`,
      );
    }
    return this.#enqueue(
      queue,
      body,
      (input.MessageAttributes as Record<string, MessageAttributeValue>) ?? {},
      delay,
    );
  }

  #enqueue(
    queue: Queue,
    body: string,
    attributes: Record<string, MessageAttributeValue>,
    delaySeconds: number,
  ): StoredMessage {
    const now = this.#ctx.clock.now();
    const message: StoredMessage = {
      messageId: randomUUID(),
      body,
      md5OfBody: md5Hex(body),
      attributes,
      ...(Object.keys(attributes).length > 0
        ? { md5OfAttributes: md5OfAttributes(attributes) }
        : {}),
      sentAt: now,
      visibleAt: now + delaySeconds * 1000,
      receiveCount: 0,
    };
    queue.messages.push(message);
    if (delaySeconds > 0) this.#ctx.clock.setTimer(() => queue.notify(), delaySeconds * 1000);
    queue.notify();
    return message;
  }

  /** Takes up to `max` receivable messages, moving those past `maxReceiveCount` to the DLQ. */
  #take(queue: Queue, max: number, visibilitySeconds: number): StoredMessage[] {
    this.#expire(queue);
    const now = this.#ctx.clock.now();
    const redrive = queue.redrive();
    const taken: StoredMessage[] = [];
    for (const message of [...queue.messages]) {
      if (taken.length >= max) break;
      if (message.visibleAt > now) continue;
      if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
        const dlq = this.#queues.get(redrive.deadLetterTargetArn.split(':').at(-1) ?? '');
        queue.messages = queue.messages.filter((m) => m !== message);
        if (!dlq) {
          this.#ctx.logger.error('redrive target queue does not exist; message dropped', {
            queue: queue.arn,
            dlq: redrive.deadLetterTargetArn,
          });
          continue;
        }
        const moved = this.#enqueue(dlq, message.body, message.attributes, 0);
        moved.deadLetterSourceArn = queue.arn;
        this.#ctx.logger.warn('message moved to its dead-letter queue', {
          queue: queue.name,
          dlq: dlq.name,
          receives: message.receiveCount,
        });
        continue;
      }
      message.receiveCount++;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + visibilitySeconds * 1000;
      message.receiptHandle = `${queue.name}#${message.messageId}#${randomUUID()}`;
      this.#ctx.clock.setTimer(() => queue.notify(), visibilitySeconds * 1000);
      taken.push(message);
    }
    return taken;
  }

  #longPoll(
    queue: Queue,
    max: number,
    visibility: number,
    waitMs: number,
  ): Promise<StoredMessage[]> {
    return new Promise((resolve) => {
      const finish = (messages: StoredMessage[]) => {
        queue.waiters.delete(check);
        this.#ctx.clock.clearTimer(timer);
        resolve(messages);
      };
      const check = () => {
        const got = this.#take(queue, max, visibility);
        if (got.length > 0) finish(got);
      };
      const timer = this.#ctx.clock.setTimer(
        () => finish(this.#take(queue, max, visibility)),
        waitMs,
      );
      queue.waiters.add(check);
    });
  }

  #delete(queue: Queue, handle: string): void {
    if (!handle.startsWith(`${queue.name}#`)) {
      throw new AwsServiceError(
        'ReceiptHandleIsInvalid',
        `The input receipt handle "${handle}" is not a valid receipt handle.`,
      );
    }
    // Deleting a message already deleted succeeds, as in SQS.
    queue.messages = queue.messages.filter((m) => m.receiptHandle !== handle);
  }

  #changeVisibility(queue: Queue, handle: string, seconds: number): void {
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 43200) {
      throw new AwsServiceError(
        'InvalidParameterValue',
        `Value ${seconds} for parameter VisibilityTimeout is invalid. Must be between 0 and 43200.`,
      );
    }
    const message = queue.messages.find((m) => m.receiptHandle === handle);
    const now = this.#ctx.clock.now();
    if (!message || message.visibleAt <= now) {
      throw new AwsServiceError('MessageNotInflight', 'The message referred to is not in flight.');
    }
    message.visibleAt = now + seconds * 1000;
    this.#ctx.clock.setTimer(() => queue.notify(), seconds * 1000);
    if (seconds === 0) queue.notify();
  }

  #expire(queue: Queue): void {
    const cutoff = this.#ctx.clock.now() - queue.number('MessageRetentionPeriod') * 1000;
    queue.messages = queue.messages.filter((m) => m.sentAt > cutoff);
  }

  #toWire(m: StoredMessage, names: string[], attrNames: string[]) {
    const system: Record<string, string> = {
      SenderId: this.#ctx.accountId,
      SentTimestamp: String(m.sentAt),
      ApproximateReceiveCount: String(m.receiveCount),
      ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
      ...(m.deadLetterSourceArn ? { DeadLetterQueueSourceArn: m.deadLetterSourceArn } : {}),
    };
    const wantAll = names.includes('All');
    const attributes = Object.fromEntries(
      Object.entries(system).filter(([k]) => wantAll || names.includes(k)),
    );
    const wantAttrs = attrNames.includes('All') || attrNames.includes('.*');
    const messageAttributes = Object.fromEntries(
      Object.entries(m.attributes).filter(([k]) => wantAttrs || attrNames.includes(k)),
    );
    return {
      MessageId: m.messageId,
      ReceiptHandle: m.receiptHandle,
      MD5OfBody: m.md5OfBody,
      Body: m.body,
      ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
      ...(Object.keys(messageAttributes).length > 0
        ? {
            MessageAttributes: messageAttributes,
            MD5OfMessageAttributes: md5OfAttributes(messageAttributes),
          }
        : {}),
    };
  }

  #batchEntries(raw: unknown): Input[] {
    const entries = (raw as Input[] | undefined) ?? [];
    if (entries.length === 0)
      throw new AwsServiceError(
        'EmptyBatchRequest',
        'There should be at least one entry in the request.',
      );
    if (entries.length > 10) {
      throw new AwsServiceError(
        'TooManyEntriesInBatchRequest',
        `Maximum number of entries per request are 10. You have sent ${entries.length}.`,
      );
    }
    const ids = new Set<string>();
    for (const entry of entries) {
      const id = String(entry.Id ?? '');
      if (!BATCH_ID.test(id)) {
        throw new AwsServiceError(
          'InvalidBatchEntryId',
          `A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long (got ${JSON.stringify(id)}).`,
        );
      }
      if (ids.has(id)) throw new AwsServiceError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`);
      ids.add(id);
    }
    return entries;
  }

  #eachEntry(entries: Input[], run: (entry: Input) => void) {
    const Successful: unknown[] = [];
    const Failed: unknown[] = [];
    for (const entry of entries) {
      try {
        run(entry);
        Successful.push({ Id: entry.Id });
      } catch (error) {
        const e = error as AwsServiceError;
        Failed.push({ Id: entry.Id, SenderFault: true, Code: e.code, Message: e.message });
      }
    }
    return { Successful, Failed };
  }

  #byUrl(url: unknown): Queue {
    const name =
      String(url ?? '')
        .split('/')
        .at(-1) ?? '';
    const queue = this.#queues.get(name);
    if (!queue) throw queueMissing(name);
    return queue;
  }

  #byArn(arn: string): Queue {
    const queue = this.#queues.get(arn.split(':').at(-1) ?? '');
    if (!queue || queue.arn !== arn) throw queueMissing(arn);
    return queue;
  }
}

function queueMissing(name: string): AwsServiceError {
  return new AwsServiceError('QueueDoesNotExist', `The specified queue does not exist: ${name}`);
}
