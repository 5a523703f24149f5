import { randomUUID } from 'node:crypto';
import type { LocalCloudContext } from '../../core/service';
import { requireIntegerInRange } from '../../core/validators';
import { SqsLimits, SqsRanges } from './constants';
import { DeliveryFaults } from './DeliveryFaults';
import { SqsErrors } from './errors';
import { md5Hex, md5OfAttributes } from './md5';
import type { PreparedMessage } from './prepare-message';
import type { Queue, QueueWaiter, StoredMessage } from './Queue';
import type { QueueRegistry } from './QueueRegistry';
import { makeReceiptHandle, parseReceiptHandle } from './receipt-handle';

/**
 * What happens to messages: enqueueing, receiving (with long polling on the
 * cloud's clock, and redrive to the dead-letter queue once a message has been
 * received `maxReceiveCount` times), deleting and changing visibility, with
 * SQS's rules for receipt handles.
 */
export class QueueMessages {
  readonly #ctx: LocalCloudContext;
  readonly #registry: QueueRegistry;
  readonly #faults: DeliveryFaults;

  constructor(
    context: LocalCloudContext,
    registry: QueueRegistry,
    faults: DeliveryFaults = new DeliveryFaults(),
  ) {
    this.#ctx = context;
    this.#registry = registry;
    this.#faults = faults;
  }

  /** The delivery faults in force, with how many were injected (read by the simulator). */
  get deliveryFaults(): DeliveryFaults {
    return this.#faults;
  }

  enqueue(queue: Queue, prepared: PreparedMessage): StoredMessage {
    const now = this.#ctx.clock.now();
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
      senderId: this.#ctx.accountId,
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
    const ifProvided = SqsErrors.outOfRange({ ifProvided: true });
    requireIntegerInRange('MaxNumberOfMessages', max, SqsRanges.maxNumberOfMessages, ifProvided);
    requireIntegerInRange(
      'WaitTimeSeconds',
      waitTimeSeconds,
      SqsRanges.waitTimeSeconds,
      SqsErrors.outOfRange({ ifProvided: true, bounds: true }),
    );
    requireIntegerInRange(
      'VisibilityTimeout',
      visibilityTimeout,
      SqsRanges.visibilityTimeout,
      ifProvided,
    );
    const taken = this.#take(queue, max, visibilityTimeout);
    if (taken.length > 0 || waitTimeSeconds === 0) return taken;
    return new Promise<StoredMessage[]>((resolve, reject) => {
      const clock = this.#ctx.clock;
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
    requireIntegerInRange(
      'VisibilityTimeout',
      seconds,
      SqsRanges.visibilityTimeout,
      SqsErrors.outOfRange(),
    );
    const message = this.#inFlightByHandle(queue, handle);
    if (!message || message.receiptHandle !== handle) {
      throw SqsErrors.invalidParameter(
        'ReceiptHandle',
        handle,
        'Message does not exist or is not available for visibility timeout change.',
      );
    }
    const now = this.#ctx.clock.now();
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
    // Duplicate copies share the message id; the handle tells which copy was received.
    return (
      queue.messages.find((m) => m.messageId === parts.messageId && m.receiptHandle === handle) ??
      queue.messages.find((m) => m.messageId === parts.messageId)
    );
  }

  /** Takes up to `max` receivable messages, moving those past `maxReceiveCount` to the DLQ. */
  #take(queue: Queue, max: number, visibilitySeconds: number): StoredMessage[] {
    queue.expire();
    const now = this.#ctx.clock.now();
    const counts = queue.counts();
    if (counts.inFlight >= SqsLimits.maxInFlightMessages)
      throw SqsErrors.overLimit(queue.name, counts.inFlight);
    const redrive = queue.redrivePolicy();
    const taken: StoredMessage[] = [];
    for (const message of [...this.#faults.order(queue.messages)]) {
      if (taken.length >= max) break;
      if (message.visibleAt > now) continue;
      if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
        const dlq = this.#registry.findQueueByArn(redrive.deadLetterTargetArn);
        if (dlq) {
          this.#deadLetter(queue, message, dlq);
          continue;
        }
        // Nothing is dropped: without its DLQ the message stays and is delivered again.
        this.#ctx.logger.warn('dead-letter queue missing; message delivered again', {
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
      if (this.#faults.duplicates()) this.#leaveDuplicate(queue, message);
    }
    return taken;
  }

  /**
   * At-least-once delivery: a second copy of a received message stays
   * receivable. The copy is the one this receive did not reach (SQS's copy on
   * a server that was unavailable), so this receive does not count for it:
   * counting it made a chain of duplicates reach `maxReceiveCount` and
   * dead-letter a message every consumer had processed (found by
   * `npm run sim -- --seed 1`).
   */
  #leaveDuplicate(queue: Queue, message: StoredMessage): void {
    const { receiptHandle: _handle, firstReceivedAt, receivedAt, ...kept } = message;
    const receiveCount = message.receiveCount - 1;
    queue.add({
      ...kept,
      receiveCount,
      ...(receiveCount > 0 ? { firstReceivedAt, receivedAt } : {}),
      visibleAt: this.#ctx.clock.now(),
    });
    this.#ctx.logger.info(
      'sqs: a duplicate copy of a received message stays (fidelity: sqs.duplicateRate)',
      {
        queue: queue.name,
        messageId: message.messageId,
      },
    );
  }

  /** Moves a message to its DLQ keeping id, body, attributes, enqueue time and receive count. */
  #deadLetter(source: Queue, message: StoredMessage, dlq: Queue): void {
    source.remove(message);
    const { receiptHandle: _handle, ...kept } = message;
    dlq.add({ ...kept, visibleAt: this.#ctx.clock.now(), deadLetterSourceArn: source.arn });
    this.#ctx.logger.warn('message moved to its dead-letter queue', {
      queue: source.name,
      dlq: dlq.name,
      messageId: message.messageId,
      receives: message.receiveCount,
    });
  }
}
