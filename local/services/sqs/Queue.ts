import { AwsServiceError } from '../../core/errors';
import type { MessageAttributeValue } from './md5';

/** A message in a queue. */
export interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly attributes: Record<string, MessageAttributeValue>;
  readonly md5OfAttributes?: string;
  readonly sentAt: number;
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  receiptHandle?: string;
  /** Set when redrive moved the message here from its source queue. */
  deadLetterSourceArn?: string;
}

/** Queue attributes with AWS's defaults and ranges. */
export const QUEUE_ATTRIBUTES: Record<string, { default?: string; min?: number; max?: number }> = {
  DelaySeconds: { default: '0', min: 0, max: 900 },
  MaximumMessageSize: { default: '1048576', min: 1024, max: 1048576 },
  MessageRetentionPeriod: { default: '345600', min: 60, max: 1209600 },
  ReceiveMessageWaitTimeSeconds: { default: '0', min: 0, max: 20 },
  VisibilityTimeout: { default: '30', min: 0, max: 43200 },
  RedrivePolicy: {},
  RedriveAllowPolicy: {},
  KmsMasterKeyId: {},
  KmsDataKeyReusePeriodSeconds: { min: 60, max: 86400 },
  SqsManagedSseEnabled: {},
  Policy: {},
};

/** One standard queue: its attributes and messages. */
export class Queue {
  readonly name: string;
  readonly arn: string;
  readonly url: string;
  readonly createdAt: number;
  lastModifiedAt: number;
  readonly attributes: Record<string, string>;
  messages: StoredMessage[] = [];
  /** Called when a message may have become receivable (long polls wake up). */
  readonly waiters = new Set<() => void>();

  constructor(
    name: string,
    arn: string,
    url: string,
    attributes: Record<string, string>,
    now: number,
  ) {
    this.name = name;
    this.arn = arn;
    this.url = url;
    this.createdAt = now;
    this.lastModifiedAt = now;
    this.attributes = { ...defaults(), ...validateAttributes(attributes) };
  }

  number(name: string): number {
    return Number(this.attributes[name]);
  }

  /** The redrive policy, if any: where and after how many receives messages go. */
  redrive(): { deadLetterTargetArn: string; maxReceiveCount: number } | undefined {
    const text = this.attributes.RedrivePolicy;
    return text
      ? (JSON.parse(text) as { deadLetterTargetArn: string; maxReceiveCount: number })
      : undefined;
  }

  notify(): void {
    for (const wake of [...this.waiters]) wake();
  }
}

function defaults(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(QUEUE_ATTRIBUTES))
    if (spec.default !== undefined) out[name] = spec.default;
  return out;
}

/**
 * Checks queue attributes as SQS does.
 * @throws AwsServiceError `InvalidAttributeName` / `InvalidAttributeValue` naming the attribute and value.
 */
export function validateAttributes(attributes: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(attributes)) {
    const spec = QUEUE_ATTRIBUTES[name];
    if (name === 'FifoQueue' || name === 'ContentBasedDeduplication') {
      throw new AwsServiceError(
        'InvalidAttributeName',
        `FIFO queues are not supported by the local cloud (${name})`,
      );
    }
    if (!spec) throw new AwsServiceError('InvalidAttributeName', `Unknown Attribute ${name}.`);
    if (spec.min !== undefined) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < spec.min || n > (spec.max ?? n)) {
        throw new AwsServiceError(
          'InvalidAttributeValue',
          `Invalid value for the parameter ${name}: ${value} (must be an integer from ${spec.min} to ${spec.max})`,
        );
      }
    }
    if (name === 'RedrivePolicy') {
      let policy: { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
      try {
        policy = JSON.parse(value);
      } catch {
        throw new AwsServiceError(
          'InvalidAttributeValue',
          `Invalid value for the parameter RedrivePolicy: not JSON`,
        );
      }
      const count = Number(policy.maxReceiveCount);
      if (
        typeof policy.deadLetterTargetArn !== 'string' ||
        !Number.isInteger(count) ||
        count < 1 ||
        count > 1000
      ) {
        throw new AwsServiceError(
          'InvalidAttributeValue',
          `Invalid value for the parameter RedrivePolicy: needs deadLetterTargetArn and maxReceiveCount from 1 to 1000, got ${value}`,
        );
      }
    }
  }
  return attributes;
}
