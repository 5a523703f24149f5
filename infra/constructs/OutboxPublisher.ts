import type { RemovalPolicy } from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag-suppressions';
import type { EventBus } from './EventBus';
import { EventlineFunction } from './EventlineFunction';
import type { EventStore } from './EventStore';

export interface OutboxPublisherProps {
  /** The event store whose table stream is published. */
  readonly eventStore: EventStore;
  /** The bus the events are put on. */
  readonly eventBus: EventBus;
  /**
   * Records per invocation.
   * @default 100
   */
  readonly batchSize?: number;
  /**
   * Most time the stream mapping gathers records before it invokes the
   * publisher (`MaximumBatchingWindowInSeconds`, 0 to 300 whole seconds).
   * Lambda invokes when the window since the last invocation has passed, the
   * batch is full or the payload reaches 6 MB, so under a burst a batch holds
   * more events and each PutEvents call carries more entries (up to its 10);
   * an event waits at most this long before it is published.
   * @default Duration.seconds(OUTBOX_BATCHING_WINDOW_SECONDS)
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * Retries of a failing batch before it goes to the failure queue.
   * @default 10
   */
  readonly retryAttempts?: number;
  /**
   * Oldest record still retried.
   * @default Duration.hours(24) - the stream's retention
   */
  readonly maxRecordAge?: Duration;
  /**
   * What happens to the function's log group when the stack is deleted.
   * @default RemovalPolicy.DESTROY
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * The outbox publisher's default batching window, in seconds: chosen by
 * measurement (`npm run bench:flow`, a burst of 200 orders; see the README,
 * "Cost per order and local capacity").
 */
export const OUTBOX_BATCHING_WINDOW_SECONDS = 1;

/**
 * The outbox publisher: a function on the event table's stream that puts each
 * committed event on the bus. Partial batch responses resume the stream at
 * the first unpublished record; a batch still failing after the retries is
 * bisected, then described in the failure queue (encrypted, TLS only) where an
 * operator sees it. The function may put events on the bus and nothing else.
 */
export class OutboxPublisher extends Construct {
  readonly function: EventlineFunction;
  readonly failureQueue: Queue;

  constructor(scope: Construct, id: string, props: OutboxPublisherProps) {
    super(scope, id);
    const batchSize = props.batchSize ?? 100;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
      throw new Error(`batchSize must be an integer from 1 to 10000, got ${batchSize}`);
    }
    const retryAttempts = props.retryAttempts ?? 10;
    if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 10_000) {
      throw new Error(`retryAttempts must be an integer from 0 to 10000, got ${retryAttempts}`);
    }
    const window = props.maxBatchingWindow ?? Duration.seconds(OUTBOX_BATCHING_WINDOW_SECONDS);
    const windowSeconds = window.toMilliseconds() / 1000;
    if (!Number.isInteger(windowSeconds) || windowSeconds < 0 || windowSeconds > 300) {
      throw new Error(
        `maxBatchingWindow must be a whole number of seconds from 0 to 300, got ${window.toHumanString()}`,
      );
    }
    const maxRecordAge = props.maxRecordAge ?? Duration.hours(24);
    // Lambda accepts 60 s to 7 days for DynamoDB streams (-1, "forever", is not
    // offered: a record older than the stream's 24 h retention is gone anyway).
    if (maxRecordAge.toSeconds() < 60 || maxRecordAge.toSeconds() > 7 * 24 * 3600) {
      throw new Error(
        `maxRecordAge must be from 60 seconds to 7 days, got ${maxRecordAge.toHumanString()}`,
      );
    }
    this.failureQueue = new Queue(this, 'FailureQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.failureQueue, [
      {
        id: 'AwsSolutions::AwsSolutions-SQS3',
        reason:
          'This queue is itself the dead-letter destination of the outbox stream mapping; a DLQ of a DLQ would only move the same records again. Its depth and age are alarmed.',
      },
    ]);
    this.function = new EventlineFunction(this, 'Function', {
      functionDir: 'outbox-publisher',
      timeout: Duration.seconds(30),
      ...(props.logRemovalPolicy ? { logRemovalPolicy: props.logRemovalPolicy } : {}),
      otherWildcardResources:
        "Reading the table's stream adds dynamodb:ListStreams on \"*\" (CDK's DynamoDB event source grants it so): it lists stream ARNs and reads no record; GetRecords, GetShardIterator and DescribeStream are limited to this table's stream.",
    });
    props.eventBus.bindPublisher(this.function);
    this.function.addEventSource(
      new DynamoEventSource(props.eventStore.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize,
        maxBatchingWindow: window,
        bisectBatchOnError: true,
        retryAttempts,
        maxRecordAge,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.failureQueue),
      }),
    );
  }
}
