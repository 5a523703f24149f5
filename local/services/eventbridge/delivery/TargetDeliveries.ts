import type { Clock, TimerHandle } from '../../../core/clock';
import type { CloudLogger, TargetDispatcher } from '../../../core/service';
import { DlqAttributes } from '../constants';
import type { BusEvent, DeliveryListener, TargetRecord } from '../types';
import type { DeliveryContext } from './input-transformer';
import { renderTargetInput } from './input-transformer';
import type { DeliveryFailure } from './retry';
import { classifyDeliveryError, retryDelayMs } from './retry';

/** One event on its way to one target of one rule. */
export interface DeliveryJob {
  readonly ruleName: string;
  readonly ruleArn: string;
  readonly target: TargetRecord;
  readonly event: BusEvent;
  /** When the bus accepted the event; the event's age counts from here. */
  readonly ingestionTime: number;
}

interface PendingJob extends DeliveryJob {
  /** Retries made so far (0 on the first attempt). */
  retries: number;
}

interface Lane {
  readonly queue: PendingJob[];
  running: boolean;
}

export interface TargetDeliveriesOptions {
  readonly clock: Clock;
  readonly logger: CloudLogger;
  readonly dispatcher: TargetDispatcher;
  /** Jitter source of the back-off; tests may fix it. */
  readonly random?: () => number;
}

/**
 * Delivers matched events to rule targets, asynchronously to PutEvents, with
 * the target's retry policy and DLQ.
 *
 * Each target has a lane that sends one event at a time in arrival order; an
 * event waiting for a retry leaves the lane (AWS gives no ordering, and one
 * failing event must not hold back the rest for up to 24 hours). Retries wait
 * on the cloud's clock. When retries are exhausted, the event is too old, or
 * the failure cannot be cured by retrying, the event goes to the target's DLQ
 * with the attributes AWS adds — or, with no DLQ, is logged as an error.
 */
export class TargetDeliveries {
  readonly #clock: Clock;
  readonly #logger: CloudLogger;
  readonly #dispatcher: TargetDispatcher;
  readonly #random: () => number;
  readonly #lanes = new Map<string, Lane>();
  readonly #timers = new Set<TimerHandle>();
  /** Told of every successful delivery (`npm start`'s timeline). */
  readonly listeners = new Set<DeliveryListener>();
  #active = 0;
  #endWork: (() => void) | undefined;
  #waiters: (() => void)[] = [];
  #closed = false;

  constructor(options: TargetDeliveriesOptions) {
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#dispatcher = options.dispatcher;
    this.#random = options.random ?? Math.random;
  }

  /** Queues a delivery; it starts on a later turn of the event loop. */
  enqueue(job: DeliveryJob): void {
    if (this.#closed) return;
    this.#push({ ...job, retries: 0 });
  }

  /** Deliveries waiting on the clock for their next retry. */
  get retriesWaiting(): number {
    return this.#timers.size;
  }

  /**
   * Resolves when no delivery is queued or in flight. Retries waiting on the
   * clock do not count: advance the clock, then wait again.
   */
  async idle(): Promise<void> {
    while (this.#active > 0) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** Drops pending retries and refuses new work. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) this.#clock.clearTimer(timer);
    this.#timers.clear();
  }

  #push(job: PendingJob): void {
    const key = `${job.ruleArn}|${job.target.id}`;
    let lane = this.#lanes.get(key);
    if (!lane) {
      lane = { queue: [], running: false };
      this.#lanes.set(key, lane);
    }
    lane.queue.push(job);
    // Deliveries in progress are the cloud's work in flight (Clock.idle); retries waiting are not.
    if (this.#active === 0) this.#endWork = this.#clock.beginWork('EventBridge target deliveries');
    this.#active++;
    if (!lane.running) {
      lane.running = true;
      // A macrotask, so the PutEvents answer leaves before any target is reached.
      setImmediate(() => void this.#drain(key, lane));
    }
  }

  async #drain(key: string, lane: Lane): Promise<void> {
    for (let job = lane.queue.shift(); job; job = lane.queue.shift()) {
      try {
        await this.#attempt(job);
      } catch (error) {
        // #attempt handles every delivery outcome; reaching here is a bug worth shouting about.
        this.#logger.error('EventBridge delivery crashed', { error: String(error) });
      } finally {
        this.#done();
      }
    }
    lane.running = false;
    if (lane.queue.length === 0) this.#lanes.delete(key);
  }

  #done(): void {
    this.#active--;
    if (this.#active === 0) {
      this.#endWork?.();
      this.#endWork = undefined;
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  async #attempt(job: PendingJob): Promise<void> {
    const maxAgeMs = job.target.retryPolicy.maximumEventAgeSeconds * 1000;
    if (this.#clock.now() - job.ingestionTime > maxAgeMs) {
      const failure = {
        errorCode: 'EVENT_EXPIRED',
        errorMessage: 'event too old',
        retriable: false,
      };
      await this.#deadLetter(job, failure, 'MaximumEventAgeInSeconds');
      return;
    }
    const context: DeliveryContext = {
      ruleName: job.ruleName,
      ruleArn: job.ruleArn,
      ingestionTime: job.ingestionTime,
    };
    let failure: DeliveryFailure;
    try {
      const payload = renderTargetInput(job.target, job.event, context);
      const result = await this.#dispatcher.deliver(job.target.arn, payload);
      if (result.functionError) {
        // EventBridge invokes Lambda asynchronously: a function error is Lambda's to retry, not ours.
        this.#logger.warn(
          `events: function ${job.target.arn} failed on event ${job.event.id} (${result.functionError}); EventBridge counts the invocation as delivered`,
          { rule: job.ruleName, eventId: job.event.id },
        );
      }
      this.#logger.info(
        `events: ${job.event['detail-type']} ${job.event.id} → ${job.target.arn} (rule ${job.ruleName}${job.retries > 0 ? `, retry ${job.retries}` : ''})`,
        { rule: job.ruleArn, target: job.target.id, eventId: job.event.id },
      );
      for (const listener of this.listeners) {
        listener({
          ruleName: job.ruleName,
          targetArn: job.target.arn,
          event: job.event,
          retries: job.retries,
        });
      }
      return;
    } catch (error) {
      failure = classifyDeliveryError(error);
    }
    this.#logger.warn(
      `events: delivery of ${job.event.id} to ${job.target.arn} failed: ${failure.errorMessage}`,
      { rule: job.ruleName, retries: job.retries },
    );
    if (!failure.retriable) {
      await this.#deadLetter(job, failure, undefined);
      return;
    }
    if (job.retries >= job.target.retryPolicy.maximumRetryAttempts) {
      await this.#deadLetter(job, failure, 'MaximumRetryAttempts');
      return;
    }
    const delay = retryDelayMs(job.retries + 1, this.#random);
    if (this.#clock.now() + delay - job.ingestionTime > maxAgeMs) {
      await this.#deadLetter(job, failure, 'MaximumEventAgeInSeconds');
      return;
    }
    this.#scheduleRetry(job, delay);
  }

  #scheduleRetry(job: PendingJob, delay: number): void {
    const timer = this.#clock.setTimer(() => {
      this.#timers.delete(timer);
      if (this.#closed) return;
      this.#push({ ...job, retries: job.retries + 1 });
    }, delay);
    this.#timers.add(timer);
  }

  async #deadLetter(
    job: PendingJob,
    failure: DeliveryFailure,
    exhausted: 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds' | undefined,
  ): Promise<void> {
    const dlq = job.target.deadLetterArn;
    const summary = `event ${job.event.id} (${job.event['detail-type']}) for ${job.target.arn} of rule ${job.ruleName} after ${job.retries} retries: ${failure.errorCode} ${failure.errorMessage}`;
    if (!dlq) {
      this.#logger.error(`events: DROPPED ${summary} (the target has no DLQ)`, {
        rule: job.ruleArn,
        target: job.target.id,
        eventId: job.event.id,
      });
      return;
    }
    const attributes: Record<string, { DataType: string; StringValue: string }> = {
      [DlqAttributes.RULE_ARN]: { DataType: 'String', StringValue: job.ruleArn },
      [DlqAttributes.TARGET_ARN]: { DataType: 'String', StringValue: job.target.arn },
      [DlqAttributes.ERROR_CODE]: { DataType: 'String', StringValue: failure.errorCode },
      [DlqAttributes.ERROR_MESSAGE]: { DataType: 'String', StringValue: failure.errorMessage },
      [DlqAttributes.RETRY_ATTEMPTS]: { DataType: 'Number', StringValue: String(job.retries) },
    };
    if (exhausted) {
      attributes[DlqAttributes.EXHAUSTED_RETRY_CONDITION] = {
        DataType: 'String',
        StringValue: exhausted,
      };
    }
    try {
      await this.#dispatcher.deliver(dlq, JSON.stringify(job.event), {
        messageAttributes: attributes,
      });
      this.#logger.warn(`events: sent to DLQ ${dlq}: ${summary}`, { eventId: job.event.id });
    } catch (error) {
      this.#logger.error(
        `events: DROPPED ${summary}; sending it to the DLQ ${dlq} failed too: ${String(error)}`,
        { eventId: job.event.id },
      );
    }
  }
}
