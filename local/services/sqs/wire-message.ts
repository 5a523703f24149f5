import type { MessageAttributeValue } from './md5';
import { md5OfAttributes } from './md5';
import type { StoredMessage } from './Queue';
import type { SentMessage, WireMessage } from './types';

/**
 * A received message as ReceiveMessage answers it: the system attributes
 * asked for (`All` or names), the message attributes asked for (`All`, `.*`,
 * `prefix.*` or names) and the MD5 of the attributes returned.
 */
export function toWireMessage(
  m: StoredMessage,
  systemNames: readonly string[],
  attributeNames: readonly string[],
  senderId: string,
): WireMessage {
  const system: Record<string, string | undefined> = {
    SenderId: m.senderId || senderId,
    SentTimestamp: String(m.sentAt),
    ApproximateReceiveCount: String(m.receiveCount),
    ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
    AWSTraceHeader: m.systemAttributes.AWSTraceHeader?.StringValue,
    DeadLetterQueueSourceArn: m.deadLetterSourceArn,
    MessageGroupId: m.messageGroupId,
  };
  const all = systemNames.includes('All');
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(system))
    if (value !== undefined && (all || systemNames.includes(name))) attributes[name] = value;
  const messageAttributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(m.attributes))
    if (attributeWanted(name, attributeNames)) messageAttributes[name] = value;
  return {
    MessageId: m.messageId,
    ReceiptHandle: m.receiptHandle ?? '',
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

function attributeWanted(name: string, wanted: readonly string[]): boolean {
  return wanted.some(
    (w) =>
      w === 'All' ||
      w === '.*' ||
      w === name ||
      (w.endsWith('.*') && name.startsWith(w.slice(0, -1))),
  );
}

/** SendMessage's answer (and a SendMessageBatch entry's) for a message just queued. */
export function toSentMessage(message: StoredMessage): SentMessage {
  return {
    MessageId: message.messageId,
    MD5OfMessageBody: message.md5OfBody,
    ...(message.md5OfAttributes ? { MD5OfMessageAttributes: message.md5OfAttributes } : {}),
    ...(message.md5OfSystemAttributes
      ? { MD5OfMessageSystemAttributes: message.md5OfSystemAttributes }
      : {}),
  };
}
