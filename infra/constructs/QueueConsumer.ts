import type { RemovalPolicy } from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EventType } from '../../shared/events/catalog';
import { EventCatalog } from '../../shared/events/catalog';
import { acknowledge } from '../nag-suppressions';
import { EventlineFunction } from './EventlineFunction';

export interface QueueConsumerProps {
  /** The bus whose events the consumer receives. */
  readonly eventBus: IEventBus;
  /**
   * Events delivered to the consumer, by catalog name: the rule's pattern
   * (sources and detail-types) is built from the catalog, so a renamed event
   * breaks the synth, not production.
   */
  readonly events: readonly EventType[];
  /**
   * Whether the consumer acts on the world (emails, payments, saga starts).
   * A consumer with side effects never receives replayed events: its rule
   * matches only events without `replay-name`. Required, so that every
   * consumer's author decides.
   */
  readonly sideEffects: boolean;
  /** Folder under `functions/` of the consumer's handler. */
  readonly functionDir: string;
  /**
   * How long one batch may run.
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
  /**
   * Records per invocation (SQS event source: 1–10,000; above 10 needs a batching window).
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * How long Lambda gathers records before invoking (0–300 s).
   * @default - no window
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * Most concurrent invocations the event source starts (Lambda: 2–1,000).
   * @default 5
   */
  readonly maxConcurrency?: number;
  /**
   * Receives of one message before SQS moves it to the DLQ.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /** Extra environment variables of the function. @default - none */
  readonly environment?: Record<string, string>;
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Why a grant of this function needs `Resource: "*"` besides X-Ray's.
   * @default - none
   */
  readonly otherWildcardResources?: string;
}

/** Retention of the consumer's queue. */
export const QUEUE_RETENTION = Duration.days(4);
/** Retention of both DLQs: longer than the queue's, so a failed message outlives its queue. */
export const DLQ_RETENTION = Duration.days(14);

/**
 * The one way an event reaches a Lambda consumer: an EventBridge rule built
 * from the catalog → a standard SQS queue (SSE, TLS only, 4 days, visibility
 * 6 × the function timeout as Lambda recommends for SQS sources) with a
 * redrive DLQ (`maxReceiveCount` 5, 14 days) → the function, through an
 * event source mapping with `ReportBatchItemFailures`. The rule's target has
 * a retry policy and a DLQ of its own, so an event EventBridge cannot deliver
 * (queue deleted, policy broken) is kept for an operator instead of being
 * dropped after EventBridge's 24 h / 185 attempts.
 */
export class QueueConsumer extends Construct {
  readonly rule: Rule;
  readonly queue: Queue;
  /** Where messages go after `maxReceiveCount` failed receives. */
  readonly deadLetterQueue: Queue;
  /** Where the rule puts events it could not deliver to `queue`. */
  readonly targetDeadLetterQueue: Queue;
  readonly function: EventlineFunction;

  constructor(scope: Construct, id: string, props: QueueConsumerProps) {
    super(scope, id);
    if (props.events.length === 0) {
      throw new Error('events must name at least one catalog event, got []');
    }
    for (const name of props.events) {
      if (!Object.hasOwn(EventCatalog, name)) {
        throw new Error(`events: '${name}' is not in the event catalog`);
      }
    }
    const batchSize = props.batchSize ?? 10;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
      throw new Error(`batchSize must be an integer from 1 to 10000, got ${batchSize}`);
    }
    const maxConcurrency = props.maxConcurrency ?? 5;
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 2 || maxConcurrency > 1000) {
      throw new Error(`maxConcurrency must be an integer from 2 to 1000, got ${maxConcurrency}`);
    }
    const maxReceiveCount = props.maxReceiveCount ?? 5;
    if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
      throw new Error(`maxReceiveCount must be an integer from 1 to 1000, got ${maxReceiveCount}`);
    }
    const timeout = props.timeout ?? Duration.seconds(30);

    this.deadLetterQueue = this.#queue('DeadLetterQueue', DLQ_RETENTION);
    this.targetDeadLetterQueue = this.#queue('TargetDeadLetterQueue', DLQ_RETENTION);
    // cdk-nag recognises a queue's redrive DLQ by itself; the rule target's DLQ it cannot.
    acknowledge(this.targetDeadLetterQueue, [
      {
        id: 'AwsSolutions::AwsSolutions-SQS3',
        reason:
          "This queue is itself the dead-letter queue of the rule's SQS target; a DLQ of a DLQ would only move the same events again. Its depth and age are alarmed.",
      },
    ]);
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: QUEUE_RETENTION,
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
    });

    const sources = [...new Set(props.events.map((name) => EventCatalog[name].source))];
    this.rule = new Rule(this, 'Rule', {
      eventBus: props.eventBus,
      description: `${props.events.join(', ')} → ${props.functionDir}${props.sideEffects ? ' (no replays)' : ''}`,
      eventPattern: {
        source: sources,
        detailType: [...props.events],
        ...(props.sideEffects ? { 'replay-name': [{ exists: false }] } : {}),
      } as never,
    });
    this.rule.addTarget(
      new SqsQueue(this.queue, {
        deadLetterQueue: this.targetDeadLetterQueue,
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
      }),
    );

    this.function = new EventlineFunction(this, 'Function', {
      functionDir: props.functionDir,
      timeout,
      ...(props.environment ? { environment: props.environment } : {}),
      ...(props.logRemovalPolicy ? { logRemovalPolicy: props.logRemovalPolicy } : {}),
      ...(props.otherWildcardResources
        ? { otherWildcardResources: props.otherWildcardResources }
        : {}),
    });
    this.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize,
        maxConcurrency,
        reportBatchItemFailures: true,
        ...(props.maxBatchingWindow ? { maxBatchingWindow: props.maxBatchingWindow } : {}),
      }),
    );
  }

  /** Both DLQs: watched for depth. */
  get deadLetterQueues(): Queue[] {
    return [this.deadLetterQueue, this.targetDeadLetterQueue];
  }

  #queue(id: string, retentionPeriod: Duration): Queue {
    return new Queue(this, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod,
    });
  }
}
