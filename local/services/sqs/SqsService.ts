import { randomUUID } from 'node:crypto';
import type { AwsJsonService, LocalCloudContext } from '../../core/service';
import { SqsLimits } from './constants';
import { SqsErrors } from './errors';
import { MessageMoveTasks } from './MessageMoveTasks';
import type { MessageAttributeValue } from './md5';
import { md5Hex, md5OfAttributes } from './md5';
import {
  checkMessageText,
  messageAttributesSize,
  validateMessageAttributes,
} from './message-attributes';
import { messageOperations } from './operations/message-operations';
import { moveTaskOperations } from './operations/move-task-operations';
import { queueOperations } from './operations/queue-operations';
import type { OperationHandler } from './operations/wire';
import type { QueueWaiter, StoredMessage } from './Queue';
import { Queue } from './Queue';
import { normalizeQueueAttributes, redriveAllowed } from './queue-attributes';
import { makeReceiptHandle, parseReceiptHandle } from './receipt-handle';
import type { ReceiveMessagesOptions, SendMessageOptions, SentMessage, WireMessage } from './types';
import { toWireMessage } from './wire-message';

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** A message checked and measured, ready to enqueue. */
export interface PreparedMessage {
  readonly body: string;
  readonly delaySeconds: number;
  readonly attributes: Record<string, MessageAttributeValue>;
  readonly systemAttributes: Record<string, MessageAttributeValue>;
  readonly messageGroupId?: string;
  readonly size: number;
}

/**
 * Standard SQS queues on the cloud's clock: visibility timeouts, delays, long
 * polling, retention, redrive to a dead-letter queue after `maxReceiveCount`
 * receives, and DLQ redrive with message move tasks. Spoken to with the SQS
 * JSON protocol (query-compatible errors), so `@aws-sdk/client-sqs` works
 * unmodified; other local components use the same rules in process
 * ({@link sendMessage}, {@link receiveMessages}, {@link deleteMessage},
 * {@link changeMessageVisibility}). FIFO queues are refused.
 */
export class SqsService implements AwsJsonService {
  readonly targetPrefix = 'AmazonSQS';
  readonly awsQueryCompatible = true;
  readonly operations: ReadonlySet<string>;
  readonly context: LocalCloudContext;
  readonly moveTasks: MessageMoveTasks;
  readonly #queues = new Map<string, Queue>();
  readonly #deletedAt = new Map<string, number>();
  readonly #handlers: ReadonlyMap<string, OperationHandler>;

  constructor(context: LocalCloudContext) {
    this.context = context;
    this.moveTasks = new MessageMoveTasks(this);
    this.#handlers = new Map(
      Object.entries({
        ...queueOperations(this),
        ...messageOperations(this),
        ...moveTaskOperations(this),
      }),
    );
    this.operations = new Set(this.#handlers.keys());
  }

  async handle(operation: string, input: Record<string, unknown>): Promise<unknown> {
    const handler = this.#handlers.get(operation);
    if (!handler) throw SqsErrors.unsupportedOperation(`Unknown operation ${operation}`);
    return handler(input);
  }

  /** Ends long polls, move tasks and timers. */
  async close(): Promise<void> {
    this.moveTasks.close();
    for (const queue of this.#queues.values()) queue.close();
  }

  // ---- queues -------------------------------------------------------------

  get queues(): readonly Queue[] {
    return [...this.#queues.values()];
  }

  /** Creates a queue, or returns the existing one when every given attribute matches. */
  createQueue(name: string, rawAttributes: unknown, tags: Record<string, string> = {}): Queue {
    if (name.endsWith('.fifo'))
      throw SqsErrors.unsupportedOperation(
        `The local cloud runs standard queues only; ${name} names a FIFO queue.`,
      );
    if (!QUEUE_NAME.test(name)) {
      throw SqsErrors.invalidParameterValue(
        `Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length (got ${JSON.stringify(name)}).`,
      );
    }
    const attributes = normalizeQueueAttributes(rawAttributes, 'create');
    const arn = `arn:aws:sqs:${this.context.region}:${this.context.accountId}:${name}`;
    const existing = this.#queues.get(name);
    if (existing) {
      for (const [key, value] of Object.entries(attributes))
        if (existing.attributes[key] !== value) throw SqsErrors.queueNameExists(name, key);
      return existing;
    }
    const deletedAt = this.#deletedAt.get(name);
    if (
      deletedAt !== undefined &&
      this.context.clock.now() - deletedAt < SqsLimits.queueNameReuseMs
    )
      throw SqsErrors.queueDeletedRecently(name);
    this.checkRedrive(arn, attributes);
    const url = `${this.context.endpointUrl()}/${this.context.accountId}/${name}`;
    const queue = new Queue({ name, arn, url, attributes, clock: this.context.clock });
    Object.assign(queue.tags, tags);
    this.#queues.set(name, queue);
    return queue;
  }

  deleteQueue(queue: Queue): void {
    this.#queues.delete(queue.name);
    this.#deletedAt.set(queue.name, this.context.clock.now());
    queue.close();
  }

  /** Refuses a redrive policy whose dead-letter queue is missing, is the queue itself, or does not allow it. */
  checkRedrive(sourceArn: string, attributes: Record<string, string>): void {
    const text = attributes.RedrivePolicy;
    if (!text) return;
    const { deadLetterTargetArn } = JSON.parse(text) as { deadLetterTargetArn: string };
    const dlq = this.findQueueByArn(deadLetterTargetArn);
    const reason = !dlq
      ? 'Dead letter target does not exist.'
      : dlq.arn === sourceArn
        ? 'A queue cannot be its own dead-letter queue.'
        : !redriveAllowed(dlq.redriveAllowPolicy(), sourceArn)
          ? `The RedriveAllowPolicy of ${dlq.arn} does not allow ${sourceArn} as a source queue.`
          : undefined;
    if (reason) throw SqsErrors.invalidParameter('RedrivePolicy', text, reason);
  }

  /** The queue a URL names (`<endpoint>/<account>/<name>`; the host is not compared). */
  queueByUrl(url: unknown): Queue {
    if (typeof url !== 'string' || url.length === 0) throw SqsErrors.missingParameter('QueueUrl');
    const [account, name] = url.replace(/\/+$/, '').split('/').slice(-2);
    const queue = name === undefined ? undefined : this.#queues.get(name);
    if (!queue || account !== this.context.accountId) throw SqsErrors.queueDoesNotExist(url);
    return queue;
  }

  queueByName(name: string): Queue {
    const queue = this.#queues.get(name);
    if (!queue) throw SqsErrors.queueDoesNotExist(name);
    return queue;
  }

  findQueueByArn(arn: string): Queue | undefined {
    const queue = this.#queues.get(arn.split(':').at(-1) ?? '');
    return queue?.arn === arn ? queue : undefined;
  }

  queueByArn(arn: string): Queue {
    const queue = this.findQueueByArn(arn);
    if (!queue) throw SqsErrors.queueDoesNotExist(arn);
    return queue;
  }

  // ---- messages (in process) ----------------------------------------------

  /** Sends a message to a queue named by ARN, with SendMessage's checks. */
  sendMessage(queueArn: string, body: string, options: SendMessageOptions = {}): SentMessage {
    const queue = this.queueByArn(queueArn);
    return sentAnswer(
      this.enqueue(
        queue,
        this.prepareMessage(queue, {
          MessageBody: body,
          DelaySeconds: options.delaySeconds,
          MessageAttributes: options.messageAttributes,
          MessageSystemAttributes: options.messageSystemAttributes,
          MessageGroupId: options.messageGroupId,
        }),
      ),
    );
  }

  /** @deprecated use {@link sendMessage}; kept for earlier callers. */
  sendToArn(arn: string, body: string, attributes: Record<string, MessageAttributeValue> = {}) {
    return this.sendMessage(arn, body, { messageAttributes: attributes }).messageId;
  }

  /** Receives like ReceiveMessage (long polling on the cloud's clock), with all attributes by default. */
  async receiveMessages(
    queueArn: string,
    options: ReceiveMessagesOptions = {},
  ): Promise<WireMessage[]> {
    const queue = this.queueByArn(queueArn);
    const received = await this.receive(queue, {
      max: options.maxNumberOfMessages ?? 1,
      visibilityTimeout: options.visibilityTimeout ?? queue.number('VisibilityTimeout'),
      waitTimeSeconds: options.waitTimeSeconds ?? queue.number('ReceiveMessageWaitTimeSeconds'),
    });
    const system = options.messageSystemAttributeNames ?? ['All'];
    const user = options.messageAttributeNames ?? ['All'];
    return received.map((m) => toWireMessage(m, system, user, this.context.accountId));
  }

  /** Deletes a received message from a queue named by ARN. */
  deleteMessage(queueArn: string, receiptHandle: string): void {
    this.delete(this.queueByArn(queueArn), receiptHandle);
  }

  /** Changes the visibility timeout of a received message in a queue named by ARN. */
  changeMessageVisibility(queueArn: string, receiptHandle: string, seconds: number): void {
    this.changeVisibility(this.queueByArn(queueArn), receiptHandle, seconds);
  }

  /** Messages in a queue (visible, in flight or delayed), for tests and the start banner. */
  depth(arn: string): number {
    const counts = this.queueByArn(arn).counts();
    return counts.visible + counts.inFlight + counts.delayed;
  }

  // ---- messages (shared by the wire operations) ---------------------------

  /** Checks a SendMessage request (or batch entry) against the queue's rules. */
  prepareMessage(queue: Queue, input: Record<string, unknown>): PreparedMessage {
    const body = input.MessageBody;
    if (typeof body !== 'string' || body.length === 0)
      throw SqsErrors.missingParameter('MessageBody');
    checkMessageText(body, 'the message body');
    const attributes = validateMessageAttributes(input.MessageAttributes, 'user');
    const systemAttributes = validateMessageAttributes(input.MessageSystemAttributes, 'system');
    const size = Buffer.byteLength(body) + messageAttributesSize(attributes);
    const limit = queue.number('MaximumMessageSize');
    if (size > limit) {
      throw SqsErrors.invalidParameterValue(
        `One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes (got ${size} bytes with its attributes).`,
      );
    }
    const delay = input.DelaySeconds ?? queue.number('DelaySeconds');
    if (
      !Number.isInteger(delay) ||
      (delay as number) < 0 ||
      (delay as number) > SqsLimits.maxDelaySeconds
    )
      throw SqsErrors.invalidParameter(
        'DelaySeconds',
        delay,
        'Must be between 0 and 900, if provided.',
      );
    if (input.MessageDeduplicationId !== undefined)
      throw SqsErrors.invalidParameter(
        'MessageDeduplicationId',
        input.MessageDeduplicationId,
        'The request includes a parameter that is not valid for this queue type.',
      );
    const group = input.MessageGroupId;
    if (group !== undefined && (typeof group !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(group)))
      throw SqsErrors.invalidParameter(
        'MessageGroupId',
        group,
        'It must be 1 to 128 printable ASCII characters.',
      );
    return {
      body,
      delaySeconds: delay as number,
      attributes,
      systemAttributes,
      size,
      ...(group !== undefined ? { messageGroupId: group as string } : {}),
    };
  }

  enqueue(queue: Queue, prepared: PreparedMessage): StoredMessage {
    const now = this.context.clock.now();
    const message: StoredMessage = {
      messageId: randomUUID(),
      body: prepared.body,
      md5OfBody: md5Hex(prepared.body),
      attributes: prepared.attributes,
      ...(Object.keys(prepared.attributes).length > 0
        ? { md5OfAttributes: md5OfAttributes(prepared.attributes) }
        : {}),
      systemAttributes: prepared.systemAttributes,
      ...(Object.keys(prepared.systemAttributes).length > 0
        ? { md5OfSystemAttributes: md5OfAttributes(prepared.systemAttributes) }
        : {}),
      sentAt: now,
      senderId: this.context.accountId,
      size: prepared.size,
      ...(prepared.messageGroupId !== undefined ? { messageGroupId: prepared.messageGroupId } : {}),
      visibleAt: now + prepared.delaySeconds * 1000,
      receiveCount: 0,
    };
    queue.expire();
    queue.add(message);
    return message;
  }

  /** Receives up to `max` messages, long polling up to `waitTimeSeconds` of the cloud's clock. */
  async receive(
    queue: Queue,
    options: { max: number; visibilityTimeout: number; waitTimeSeconds: number },
  ): Promise<StoredMessage[]> {
    const { max, visibilityTimeout, waitTimeSeconds } = options;
    if (!Number.isInteger(max) || max < 1 || max > SqsLimits.maxReceiveMessages)
      throw SqsErrors.invalidParameter(
        'MaxNumberOfMessages',
        max,
        'Must be between 1 and 10, if provided.',
      );
    if (
      !Number.isInteger(waitTimeSeconds) ||
      waitTimeSeconds < 0 ||
      waitTimeSeconds > SqsLimits.maxWaitTimeSeconds
    )
      throw SqsErrors.invalidParameter(
        'WaitTimeSeconds',
        waitTimeSeconds,
        'Must be >= 0 and <= 20, if provided.',
      );
    if (
      !Number.isInteger(visibilityTimeout) ||
      visibilityTimeout < 0 ||
      visibilityTimeout > SqsLimits.maxVisibilityTimeoutSeconds
    )
      throw SqsErrors.invalidParameter(
        'VisibilityTimeout',
        visibilityTimeout,
        'Must be between 0 and 43200, if provided.',
      );
    const taken = this.#take(queue, max, visibilityTimeout);
    if (taken.length > 0 || waitTimeSeconds === 0) return taken;
    return new Promise<StoredMessage[]>((resolve, reject) => {
      const clock = this.context.clock;
      const finish = (messages: StoredMessage[]) => {
        queue.removeWaiter(waiter);
        clock.clearTimer(timer);
        resolve(messages);
      };
      const attempt = (last: boolean) => {
        try {
          const got = this.#take(queue, max, visibilityTimeout);
          if (got.length > 0 || last) finish(got);
        } catch (error) {
          queue.removeWaiter(waiter);
          clock.clearTimer(timer);
          reject(error);
        }
      };
      const waiter: QueueWaiter = { wake: () => attempt(false), close: () => finish([]) };
      const timer = clock.setTimer(() => attempt(true), waitTimeSeconds * 1000);
      queue.addWaiter(waiter);
    });
  }

  delete(queue: Queue, handle: string): void {
    const message = this.#inFlightByHandle(queue, handle);
    // A stale handle (the message was received again since) succeeds without deleting, as SQS documents.
    if (message && message.receiptHandle === handle) queue.remove(message);
  }

  changeVisibility(queue: Queue, handle: string, seconds: number): void {
    const max = SqsLimits.maxVisibilityTimeoutSeconds;
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > max)
      throw SqsErrors.invalidParameter(
        'VisibilityTimeout',
        seconds,
        `Must be between 0 and ${max}.`,
      );
    const message = this.#inFlightByHandle(queue, handle);
    if (!message || message.receiptHandle !== handle) {
      throw SqsErrors.invalidParameter(
        'ReceiptHandle',
        handle,
        'Message does not exist or is not available for visibility timeout change.',
      );
    }
    const now = this.context.clock.now();
    if (message.visibleAt <= now) throw SqsErrors.messageNotInflight();
    if ((now - (message.receivedAt ?? now)) / 1000 + seconds > max) {
      throw SqsErrors.invalidParameter(
        'VisibilityTimeout',
        seconds,
        `Total VisibilityTimeout for the message is beyond the limit [${max} seconds]`,
      );
    }
    message.visibleAt = now + seconds * 1000;
    queue.wakeAt(message.visibleAt);
  }

  #inFlightByHandle(queue: Queue, handle: string): StoredMessage | undefined {
    const parts = parseReceiptHandle(handle);
    if (!parts || parts.queueArn !== queue.arn) throw SqsErrors.receiptHandleIsInvalid(handle);
    queue.expire();
    return queue.messages.find((m) => m.messageId === parts.messageId);
  }

  /** Takes up to `max` receivable messages, moving those past `maxReceiveCount` to the DLQ. */
  #take(queue: Queue, max: number, visibilitySeconds: number): StoredMessage[] {
    queue.expire();
    const now = this.context.clock.now();
    const counts = queue.counts();
    if (counts.inFlight >= SqsLimits.maxInFlightMessages)
      throw SqsErrors.overLimit(queue.name, counts.inFlight);
    const redrive = queue.redrivePolicy();
    const taken: StoredMessage[] = [];
    for (const message of [...queue.messages]) {
      if (taken.length >= max) break;
      if (message.visibleAt > now) continue;
      if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
        const dlq = this.findQueueByArn(redrive.deadLetterTargetArn);
        if (dlq) {
          this.#deadLetter(queue, message, dlq);
          continue;
        }
        // Nothing is dropped: without its DLQ the message stays and is delivered again.
        this.context.logger.warn('dead-letter queue missing; message delivered again', {
          queue: queue.arn,
          dlq: redrive.deadLetterTargetArn,
        });
      }
      message.receiveCount++;
      message.firstReceivedAt ??= now;
      message.receivedAt = now;
      message.visibleAt = now + visibilitySeconds * 1000;
      message.receiptHandle = makeReceiptHandle(queue.arn, message.messageId);
      queue.wakeAt(message.visibleAt);
      taken.push(message);
    }
    return taken;
  }

  /** Moves a message to its DLQ keeping id, body, attributes, enqueue time and receive count. */
  #deadLetter(source: Queue, message: StoredMessage, dlq: Queue): void {
    source.remove(message);
    const { receiptHandle: _handle, ...kept } = message;
    dlq.add({ ...kept, visibleAt: this.context.clock.now(), deadLetterSourceArn: source.arn });
    this.context.logger.warn('message moved to its dead-letter queue', {
      queue: source.name,
      dlq: dlq.name,
      messageId: message.messageId,
      receives: message.receiveCount,
    });
  }
}

function sentAnswer(message: StoredMessage): SentMessage {
  return {
    messageId: message.messageId,
    md5OfMessageBody: message.md5OfBody,
    ...(message.md5OfAttributes ? { md5OfMessageAttributes: message.md5OfAttributes } : {}),
    ...(message.md5OfSystemAttributes
      ? { md5OfMessageSystemAttributes: message.md5OfSystemAttributes }
      : {}),
  };
}
