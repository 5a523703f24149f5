import type { OperationTable } from '../../core/operations';
import { defineOperations } from '../../core/operations';
import type { AwsJsonService, LocalCloudContext } from '../../core/service';
import type { SqsDeliveryOptions } from './DeliveryFaults';
import { DeliveryFaults } from './DeliveryFaults';
import { MessageMoveTasks } from './MessageMoveTasks';
import { messageOperations } from './operations/message-operations';
import { moveTaskOperations } from './operations/move-task-operations';
import { queueOperations } from './operations/queue-operations';
import { prepareMessage } from './prepare-message';
import type { Queue } from './Queue';
import { QueueMessages } from './QueueMessages';
import { QueueRegistry } from './QueueRegistry';
import type { ReceiveMessagesOptions, SendMessageOptions, SentMessage, WireMessage } from './types';
import { toSentMessage, toWireMessage } from './wire-message';

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
  readonly operations: OperationTable;
  readonly context: LocalCloudContext;
  readonly registry: QueueRegistry;
  readonly messages: QueueMessages;
  readonly moveTasks: MessageMoveTasks;

  /**
   * @param delivery duplicate and reordered delivery, seeded (see
   *   {@link SqsDeliveryOptions}); off by default
   */
  constructor(context: LocalCloudContext, delivery: SqsDeliveryOptions = {}) {
    this.context = context;
    this.registry = new QueueRegistry(context);
    this.messages = new QueueMessages(context, this.registry, new DeliveryFaults(delivery));
    this.moveTasks = new MessageMoveTasks(context, this.registry, this.messages);
    this.operations = defineOperations({
      ...queueOperations(this),
      ...messageOperations(this),
      ...moveTaskOperations(this),
    });
  }

  /** Ends long polls, move tasks and timers. */
  async close(): Promise<void> {
    this.moveTasks.close();
    this.registry.close();
  }

  /** The queue an ARN names. @throws AwsServiceError `QueueDoesNotExist` */
  queueByArn(arn: string): Queue {
    return this.registry.queueByArn(arn);
  }

  /** Sends a message to a queue named by ARN, with SendMessage's checks. */
  sendMessage(queueArn: string, body: string, options: SendMessageOptions = {}): SentMessage {
    const queue = this.registry.queueByArn(queueArn);
    const prepared = prepareMessage(queue, {
      MessageBody: body,
      DelaySeconds: options.delaySeconds,
      MessageAttributes: options.messageAttributes,
      MessageSystemAttributes: options.messageSystemAttributes,
      MessageGroupId: options.messageGroupId,
    });
    return toSentMessage(this.messages.enqueue(queue, prepared));
  }

  /** Receives like ReceiveMessage (long polling on the cloud's clock), with all attributes by default. */
  async receiveMessages(
    queueArn: string,
    options: ReceiveMessagesOptions = {},
  ): Promise<WireMessage[]> {
    const queue = this.registry.queueByArn(queueArn);
    const received = await this.messages.receive(queue, {
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
    this.messages.delete(this.registry.queueByArn(queueArn), receiptHandle);
  }

  /** Changes the visibility timeout of a received message in a queue named by ARN. */
  changeMessageVisibility(queueArn: string, receiptHandle: string, seconds: number): void {
    this.messages.changeVisibility(this.registry.queueByArn(queueArn), receiptHandle, seconds);
  }

  /** Messages in a queue (visible, in flight or delayed), for tests and the start banner. */
  depth(arn: string): number {
    const counts = this.registry.queueByArn(arn).counts();
    return counts.visible + counts.inFlight + counts.delayed;
  }
}
