import { requireIntegerInRange } from '../../core/validators';
import { SqsRanges } from './constants';
import { SqsErrors } from './errors';
import type { MessageAttributeValue } from './md5';
import {
  checkMessageText,
  messageAttributesSize,
  validateMessageAttributes,
} from './message-attributes';
import type { Queue } from './Queue';

/** A message checked and measured, ready to enqueue. */
export interface PreparedMessage {
  readonly body: string;
  readonly delaySeconds: number;
  readonly attributes: Record<string, MessageAttributeValue>;
  readonly systemAttributes: Record<string, MessageAttributeValue>;
  readonly messageGroupId?: string;
  readonly size: number;
}

/** Checks a SendMessage request (or batch entry) against the queue's rules and measures it. */
export function prepareMessage(queue: Queue, input: Record<string, unknown>): PreparedMessage {
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
  const delay = requireIntegerInRange(
    'DelaySeconds',
    input.DelaySeconds ?? queue.number('DelaySeconds'),
    SqsRanges.delaySeconds,
    SqsErrors.outOfRange({ ifProvided: true }),
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
