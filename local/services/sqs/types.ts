import type { SendMessageBatchResultEntry } from '@aws-sdk/client-sqs';
import type { OnTheWire } from '../../core/operations';
import type { MessageAttributeValue } from './md5';

/** Options of an in-process send (the `SendMessage` parameters, camel-cased). */
export interface SendMessageOptions {
  /** @default the queue's DelaySeconds */
  readonly delaySeconds?: number;
  readonly messageAttributes?: Record<string, MessageAttributeValue>;
  /** `AWSTraceHeader` only. */
  readonly messageSystemAttributes?: Record<string, MessageAttributeValue>;
  /** Accepted on standard queues (fair queues) and returned as a system attribute. */
  readonly messageGroupId?: string;
}

/**
 * What SQS answers a send with: SendMessage's answer, a SendMessageBatch
 * entry's without its `Id` (as received messages are {@link WireMessage}s).
 */
export type SentMessage = OnTheWire<Omit<SendMessageBatchResultEntry, 'Id'>>;

/** Options of an in-process receive (the `ReceiveMessage` parameters, camel-cased). */
export interface ReceiveMessagesOptions {
  /** 1 to 10. @default 1 */
  readonly maxNumberOfMessages?: number;
  /** @default the queue's VisibilityTimeout */
  readonly visibilityTimeout?: number;
  /** Long polling, 0 to 20 seconds of the cloud's clock. @default the queue's ReceiveMessageWaitTimeSeconds */
  readonly waitTimeSeconds?: number;
  /** @default ['All'] */
  readonly messageSystemAttributeNames?: readonly string[];
  /** @default ['All'] */
  readonly messageAttributeNames?: readonly string[];
}

/** A received message, in the shape of the SQS API (and of `@aws-sdk/client-sqs`'s `Message`). */
export interface WireMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes?: Record<string, string>;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  MD5OfMessageAttributes?: string;
}
