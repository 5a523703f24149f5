import { randomUUID } from 'node:crypto';
import type { TimerHandle } from '../../core/clock';
import type { LocalCloudContext } from '../../core/service';
import { optionalIntegerInRange } from '../../core/validators';
import { SqsRanges } from './constants';
import { SqsErrors } from './errors';
import type { Queue } from './Queue';
import type { QueueMessages } from './QueueMessages';
import type { QueueRegistry } from './QueueRegistry';

export type MoveTaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

/** A DLQ redrive: messages from a dead-letter queue back to their sources or to one destination. */
export interface MoveTask {
  readonly handle: string;
  status: MoveTaskStatus;
  readonly sourceArn: string;
  readonly destinationArn?: string;
  readonly maxNumberOfMessagesPerSecond?: number;
  moved: number;
  readonly toMove: number;
  readonly startedAt: number;
  failureReason?: string;
}

/**
 * Message move tasks (`StartMessageMoveTask`): a task moves the dead-letter
 * queue's available messages, oldest first, each to the queue it was
 * dead-lettered from (its `DeadLetterQueueSourceArn`) or to `DestinationArn`.
 * A redriven message is a new message (new id, new enqueue time, receive
 * count 0) with the same body and attributes, as AWS documents. With a rate,
 * it moves that many per second of the cloud's clock; without one, all at
 * once ("system optimized"). One running task per queue.
 */
export class MessageMoveTasks {
  readonly #ctx: LocalCloudContext;
  readonly #registry: QueueRegistry;
  readonly #messages: QueueMessages;
  readonly #tasks: MoveTask[] = [];
  readonly #timers = new Map<MoveTask, TimerHandle>();

  constructor(context: LocalCloudContext, registry: QueueRegistry, messages: QueueMessages) {
    this.#ctx = context;
    this.#registry = registry;
    this.#messages = messages;
  }

  start(sourceArn: string, destinationArn?: string, maxPerSecond?: number): MoveTask {
    const source = this.#registry.findQueueByArn(sourceArn);
    if (!source) throw SqsErrors.resourceNotFound(`The source queue ${sourceArn} does not exist.`);
    if (!this.#registry.queues.some((q) => q.redrivePolicy()?.deadLetterTargetArn === source.arn))
      throw SqsErrors.unsupportedOperation(
        `Source queue ${source.arn} must be configured as a dead-letter queue of another queue.`,
      );
    if (destinationArn !== undefined && !this.#registry.findQueueByArn(destinationArn))
      throw SqsErrors.resourceNotFound(`The destination queue ${destinationArn} does not exist.`);
    optionalIntegerInRange(
      'MaxNumberOfMessagesPerSecond',
      maxPerSecond,
      SqsRanges.moveRatePerSecond,
      SqsErrors.outOfRange(),
    );
    if (this.#tasks.some((t) => t.sourceArn === source.arn && t.status === 'RUNNING'))
      throw SqsErrors.unsupportedOperation(
        `A message move task is already running on ${source.arn}.`,
      );
    const task: MoveTask = {
      handle: Buffer.from(`${source.arn}\n${randomUUID()}`).toString('base64url'),
      status: 'RUNNING',
      sourceArn: source.arn,
      ...(destinationArn !== undefined ? { destinationArn } : {}),
      ...(maxPerSecond !== undefined ? { maxNumberOfMessagesPerSecond: maxPerSecond } : {}),
      moved: 0,
      toMove: source.counts().visible,
      startedAt: this.#ctx.clock.now(),
    };
    this.#tasks.push(task);
    this.#ctx.logger.info('message move task started', {
      source: source.name,
      destination: destinationArn ?? 'source queues',
      messages: task.toMove,
    });
    this.#step(task);
    return task;
  }

  /** The most recent tasks of a source queue, newest first. */
  list(sourceArn: string, max: number): MoveTask[] {
    if (!this.#registry.findQueueByArn(sourceArn))
      throw SqsErrors.resourceNotFound(`The source queue ${sourceArn} does not exist.`);
    return this.#tasks
      .filter((t) => t.sourceArn === sourceArn)
      .reverse()
      .slice(0, max);
  }

  cancel(handle: string): MoveTask {
    const task = this.#tasks.find((t) => t.handle === handle);
    if (!task) throw SqsErrors.resourceNotFound(`Task does not exist: ${handle}`);
    if (task.status !== 'RUNNING')
      throw SqsErrors.unsupportedOperation(
        `Only a RUNNING task can be cancelled; this one is ${task.status}.`,
      );
    this.#finish(task, 'CANCELLED');
    return task;
  }

  close(): void {
    for (const timer of this.#timers.values()) this.#ctx.clock.clearTimer(timer);
    this.#timers.clear();
  }

  /** Moves one second's worth of messages, then schedules the next second. */
  #step(task: MoveTask): void {
    this.#timers.delete(task);
    if (task.status !== 'RUNNING') return;
    const source = this.#registry.findQueueByArn(task.sourceArn);
    if (!source) {
      this.#finish(task, 'FAILED', `The source queue ${task.sourceArn} was deleted.`);
      return;
    }
    let budget = task.maxNumberOfMessagesPerSecond ?? Number.POSITIVE_INFINITY;
    const now = this.#ctx.clock.now();
    source.expire();
    for (const message of [...source.messages].sort((a, b) => a.sentAt - b.sentAt)) {
      if (budget <= 0 || task.moved >= task.toMove) break;
      if (message.visibleAt > now) continue;
      const targetArn = task.destinationArn ?? message.deadLetterSourceArn;
      const target = targetArn === undefined ? undefined : this.#registry.findQueueByArn(targetArn);
      if (!target) {
        this.#finish(
          task,
          'FAILED',
          targetArn === undefined
            ? `Message ${message.messageId} was not dead-lettered from a queue; give a DestinationArn to move it.`
            : `The destination queue ${targetArn} does not exist.`,
        );
        return;
      }
      source.remove(message);
      this.#redrive(message, target);
      task.moved++;
      budget--;
    }
    if (task.moved >= task.toMove || source.counts().visible === 0) {
      this.#finish(task, 'COMPLETED');
      return;
    }
    this.#timers.set(
      task,
      this.#ctx.clock.setTimer(() => this.#step(task), 1000),
    );
  }

  #redrive(message: Queue['messages'][number], target: Queue): void {
    this.#messages.enqueue(target, {
      body: message.body,
      delaySeconds: 0,
      attributes: message.attributes,
      systemAttributes: message.systemAttributes,
      size: message.size,
      ...(message.messageGroupId !== undefined ? { messageGroupId: message.messageGroupId } : {}),
    });
  }

  #finish(task: MoveTask, status: MoveTaskStatus, failureReason?: string): void {
    task.status = status;
    if (failureReason) task.failureReason = failureReason;
    const timer = this.#timers.get(task);
    if (timer) this.#ctx.clock.clearTimer(timer);
    this.#timers.delete(task);
    const { logger } = this.#ctx;
    (status === 'FAILED' ? logger.warn : logger.info).call(logger, 'message move task ended', {
      source: task.sourceArn,
      status,
      moved: task.moved,
      failureReason,
    });
  }
}
