import type { Clock, TimerHandle } from '../../core/clock';
import { SETTABLE_QUEUE_ATTRIBUTES } from './constants';
import type { MessageAttributeValue } from './md5';
import type { RedriveAllowPolicy, RedrivePolicy } from './queue-attributes';
import { parseRedriveAllowPolicy, parseRedrivePolicy } from './queue-attributes';

/** A message in a queue. */
export interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly attributes: Record<string, MessageAttributeValue>;
  readonly md5OfAttributes?: string;
  /** `AWSTraceHeader`, when the sender gave one. */
  readonly systemAttributes: Record<string, MessageAttributeValue>;
  readonly md5OfSystemAttributes?: string;
  /** Enqueue time; kept when the message moves to a dead-letter queue, so retention counts from it. */
  readonly sentAt: number;
  readonly senderId: string;
  /** Body plus attribute bytes, as SQS measures a message. */
  readonly size: number;
  readonly messageGroupId?: string;
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** Time of the latest receive: a message stays invisible at most 12 hours from it. */
  receivedAt?: number;
  receiptHandle?: string;
  /** Set when redrive moved the message here from its source queue. */
  deadLetterSourceArn?: string;
}

/** Something waiting for messages: a long poll. */
export interface QueueWaiter {
  /** Called when messages may have become receivable. */
  wake(): void;
  /** Called when the queue goes away or the cloud stops. */
  close(): void;
}

/** Message counts as GetQueueAttributes reports them. */
export interface QueueCounts {
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
}

/**
 * One standard queue: its attributes, its messages and the long polls
 * waiting on it. Time comes from the cloud's clock; timers wake the waiters
 * when a delay or a visibility timeout ends.
 */
export class Queue {
  readonly name: string;
  readonly arn: string;
  readonly url: string;
  readonly createdAt: number;
  lastModifiedAt: number;
  /** Set attributes, normalized, with AWS's defaults. */
  readonly attributes: Record<string, string>;
  readonly tags: Record<string, string> = {};
  messages: StoredMessage[] = [];
  lastPurgeAt: number | undefined;
  readonly #clock: Clock;
  readonly #waiters = new Set<QueueWaiter>();
  readonly #timers = new Set<TimerHandle>();

  constructor(props: {
    name: string;
    arn: string;
    url: string;
    attributes: Record<string, string>;
    clock: Clock;
  }) {
    this.name = props.name;
    this.arn = props.arn;
    this.url = props.url;
    this.#clock = props.clock;
    this.createdAt = props.clock.now();
    this.lastModifiedAt = this.createdAt;
    this.attributes = { ...defaultAttributes() };
    this.setAttributes(props.attributes);
  }

  /** Applies normalized attributes; an empty policy removes it. */
  setAttributes(attributes: Record<string, string>): void {
    for (const [name, value] of Object.entries(attributes)) {
      if (value === '' && (name === 'RedrivePolicy' || name === 'RedriveAllowPolicy'))
        delete this.attributes[name];
      else this.attributes[name] = value;
    }
    this.lastModifiedAt = this.#clock.now();
  }

  number(name: string): number {
    return Number(this.attributes[name]);
  }

  redrivePolicy(): RedrivePolicy | undefined {
    const text = this.attributes.RedrivePolicy;
    return text ? parseRedrivePolicy(text) : undefined;
  }

  redriveAllowPolicy(): RedriveAllowPolicy | undefined {
    const text = this.attributes.RedriveAllowPolicy;
    return text ? parseRedriveAllowPolicy(text) : undefined;
  }

  /** Drops messages older than the retention period (received or not, as SQS does). */
  expire(): void {
    const cutoff = this.#clock.now() - this.number('MessageRetentionPeriod') * 1000;
    if (this.messages.some((m) => m.sentAt <= cutoff))
      this.messages = this.messages.filter((m) => m.sentAt > cutoff);
  }

  counts(): QueueCounts {
    this.expire();
    const now = this.#clock.now();
    let visible = 0;
    let inFlight = 0;
    let delayed = 0;
    for (const m of this.messages) {
      if (m.visibleAt <= now) visible++;
      else if (m.receiveCount > 0) inFlight++;
      else delayed++;
    }
    return { visible, inFlight, delayed };
  }

  add(message: StoredMessage): void {
    this.messages.push(message);
    this.wakeAt(message.visibleAt);
  }

  remove(message: StoredMessage): void {
    this.messages = this.messages.filter((m) => m !== message);
  }

  /** Wakes the waiters now, or when `time` comes. */
  wakeAt(time: number): void {
    const delay = time - this.#clock.now();
    if (delay <= 0) {
      this.notify();
      return;
    }
    const timer = this.#clock.setTimer(() => {
      this.#timers.delete(timer);
      this.notify();
    }, delay);
    this.#timers.add(timer);
  }

  notify(): void {
    for (const waiter of [...this.#waiters]) waiter.wake();
  }

  addWaiter(waiter: QueueWaiter): void {
    this.#waiters.add(waiter);
  }

  removeWaiter(waiter: QueueWaiter): void {
    this.#waiters.delete(waiter);
  }

  /** Ends the long polls and cancels the timers (queue deleted, cloud stopped). */
  close(): void {
    for (const timer of this.#timers) this.#clock.clearTimer(timer);
    this.#timers.clear();
    for (const waiter of [...this.#waiters]) waiter.close();
    this.#waiters.clear();
  }
}

function defaultAttributes(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(SETTABLE_QUEUE_ATTRIBUTES))
    if (spec.default !== undefined) out[name] = spec.default;
  return out;
}
