import type { LocalCloudContext } from '../../core/service';
import { SqsLimits } from './constants';
import { SqsErrors } from './errors';
import { Queue } from './Queue';
import { normalizeQueueAttributes, redriveAllowed } from './queue-attributes';

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * The account's queues: creation with CreateQueue's rules (same name and
 * attributes returns the queue, others fail; a deleted name is free again
 * after 60 seconds), redrive policies checked against their dead-letter
 * queue, and lookups by URL, name and ARN.
 */
export class QueueRegistry {
  readonly #ctx: LocalCloudContext;
  readonly #queues = new Map<string, Queue>();
  readonly #deletedAt = new Map<string, number>();

  constructor(context: LocalCloudContext) {
    this.#ctx = context;
  }

  get queues(): readonly Queue[] {
    return [...this.#queues.values()];
  }

  /** Ends every queue's long polls and timers. */
  close(): void {
    for (const queue of this.#queues.values()) queue.close();
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
    const arn = `arn:aws:sqs:${this.#ctx.region}:${this.#ctx.accountId}:${name}`;
    const existing = this.#queues.get(name);
    if (existing) {
      for (const [key, value] of Object.entries(attributes))
        if (existing.attributes[key] !== value) throw SqsErrors.queueNameExists(name, key);
      return existing;
    }
    const deletedAt = this.#deletedAt.get(name);
    if (deletedAt !== undefined && this.#ctx.clock.now() - deletedAt < SqsLimits.queueNameReuseMs)
      throw SqsErrors.queueDeletedRecently(name);
    this.checkRedrive(arn, attributes);
    const url = `${this.#ctx.endpointUrl()}/${this.#ctx.accountId}/${name}`;
    const queue = new Queue({ name, arn, url, attributes, clock: this.#ctx.clock });
    Object.assign(queue.tags, tags);
    this.#queues.set(name, queue);
    return queue;
  }

  deleteQueue(queue: Queue): void {
    this.#queues.delete(queue.name);
    this.#deletedAt.set(queue.name, this.#ctx.clock.now());
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
    if (!queue || account !== this.#ctx.accountId) throw SqsErrors.queueDoesNotExist(url);
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
}
