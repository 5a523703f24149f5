import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Clock } from '../../../core/clock';
import { IDLE_POLL_TIMER } from '../../../core/clock';
import type { CloudLogger } from '../../../core/service';
import { LambdaLimits } from '../constants';
import { PollerLifecycle } from './PollerLifecycle';
import type { InvokeFunction, MappingBatchListener } from './types';
import { batchItemFailures } from './types';

/** Settings of an SQS event source mapping, as in `AWS::Lambda::EventSourceMapping`. */
export interface SqsQueuePollerProps {
  readonly queueArn: string;
  readonly queueUrl: string;
  readonly functionArn: string;
  readonly invoke: InvokeFunction;
  /** An SQS client pointed at the local cloud. */
  readonly sqs: SQSClient;
  readonly clock: Clock;
  readonly logger: CloudLogger;
  readonly region: string;
  /** @default 10 */
  readonly batchSize?: number;
  /** @default 0 */
  readonly maximumBatchingWindowInSeconds?: number;
  /** @default false */
  readonly reportBatchItemFailures?: boolean;
  /** Most batches in flight at once (`ScalingConfig.MaximumConcurrency`). @default 5 */
  readonly maximumConcurrency?: number;
  /** @default 200 ms */
  readonly pollIntervalMs?: number;
  /** Told of each batch the function was invoked with (`npm start`'s timeline). */
  readonly onBatch?: MappingBatchListener;
}

/** A message in the shape Lambda delivers it (`SQSRecord` of aws-lambda). */
export interface LambdaSqsRecord {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly attributes: Record<string, string>;
  readonly messageAttributes: Record<string, unknown>;
  readonly md5OfBody: string;
  readonly eventSource: 'aws:sqs';
  readonly eventSourceARN: string;
  readonly awsRegion: string;
}

/**
 * Polls an SQS queue through the SQS API and invokes a function with batches,
 * as Lambda's SQS event source mapping does: messages of a successful batch
 * are deleted; a failed batch is left alone, so its messages come back after
 * the queue's visibility timeout (and reach the DLQ after `maxReceiveCount`);
 * with `ReportBatchItemFailures`, only the listed messages stay.
 */
export class SqsQueuePoller extends PollerLifecycle {
  readonly #props: SqsQueuePollerProps;
  readonly #inFlight = new Set<Promise<void>>();
  #polling = false;
  /** Messages received that did not fit in the last batch's 6 MB: they start the next one. */
  #carried: Message[] = [];

  constructor(props: SqsQueuePollerProps) {
    super(props.clock, props.logger, `SQS poller of ${props.queueArn}`, {
      message: 'SQS poller stopped',
      fields: { queueArn: props.queueArn },
    });
    this.#props = props;
  }

  protected get busy(): boolean {
    return this.#polling || this.#inFlight.size > 0;
  }

  protected override async drain(): Promise<void> {
    await Promise.all(this.#inFlight);
  }

  protected async poll(): Promise<void> {
    const maxConcurrency = this.#props.maximumConcurrency ?? 5;
    while (this.running) {
      if (this.#inFlight.size >= maxConcurrency) {
        await Promise.race(this.#inFlight);
        continue;
      }
      this.#polling = true;
      this.pauses.busy();
      const batch = await this.#collectBatch();
      if (batch.length === 0) {
        this.#polling = false;
        this.notifyIdle();
        await this.pauses.wait(this.#props.pollIntervalMs ?? 200, IDLE_POLL_TIMER);
        continue;
      }
      const work = this.#props.clock
        .trackWork(`SQS batch of ${this.#props.queueArn}`, this.#process(batch))
        .finally(() => {
          this.#inFlight.delete(work);
          this.notifyIdle();
        });
      this.#inFlight.add(work);
    }
    this.pauses.idle();
    this.#polling = false;
    this.notifyIdle();
  }

  /**
   * Receives up to `batchSize` messages. With a batching window, keeps
   * receiving until the batch is full, its payload reaches 6 MB or the window
   * has passed. AWS documents the same three criteria for SQS as for streams
   * (Lambda developer guide, event source mappings, "Batching behavior"), and
   * adds for SQS: with a batch window and very low traffic, "Lambda might wait
   * for up to 20 seconds before invoking your function", even with a window
   * under 20 seconds (Using Lambda with Amazon SQS). Locally the window starts
   * when the poller starts gathering (right after it handed the previous batch
   * over) and never stretches to 20 s, one of the behaviours AWS allows.
   * Without a window, one receive is the batch. Either way a batch's event
   * stays within Lambda's 6 MB payload; messages over it start the next batch.
   */
  async #collectBatch(): Promise<Message[]> {
    const props = this.#props;
    const batchSize = props.batchSize ?? 10;
    const windowMs = (props.maximumBatchingWindowInSeconds ?? 0) * 1000;
    const deadline = props.clock.now() + windowMs;
    const batch: Message[] = this.#carried.splice(0);
    for (;;) {
      const received =
        batch.length < batchSize ? await this.#receive(Math.min(10, batchSize - batch.length)) : [];
      batch.push(...received);
      if (this.#payloadBytes(batch) >= LambdaLimits.maxSyncPayloadBytes) {
        let count = batch.length;
        while (
          count > 1 &&
          this.#payloadBytes(batch.slice(0, count)) > LambdaLimits.maxSyncPayloadBytes
        )
          count--;
        this.#carried = batch.splice(count);
        return batch;
      }
      if (windowMs === 0 || batch.length >= batchSize || !this.running) return batch;
      const left = deadline - props.clock.now();
      if (left <= 0) return batch;
      if (received.length === 0)
        await this.pauses.wait(Math.min(props.pollIntervalMs ?? 200, left));
    }
  }

  /** The size of the event `{"Records":[...]}` the function would be invoked with. */
  #payloadBytes(messages: readonly Message[]): number {
    return Buffer.byteLength(
      JSON.stringify({ Records: messages.map((m) => this.#toLambdaRecord(m)) }),
    );
  }

  async #receive(max: number): Promise<Message[]> {
    const out = await this.#props.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.#props.queueUrl,
        MaxNumberOfMessages: max,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 0,
      }),
    );
    return out.Messages ?? [];
  }

  async #process(batch: Message[]): Promise<void> {
    const props = this.#props;
    const records = batch.map((m) => this.#toLambdaRecord(m));
    let result: Awaited<ReturnType<InvokeFunction>>;
    this.#tell(records);
    try {
      result = await props.invoke({ Records: records });
    } catch (error) {
      // Throttled or not invocable: the messages return after their visibility timeout.
      props.logger.warn('SQS batch not invoked; messages return to the queue', {
        function: props.functionArn,
        error: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    let failed = new Set<string>();
    if (result.functionError) failed = new Set(records.map((r) => r.messageId));
    else if (props.reportBatchItemFailures) {
      const ids = batchItemFailures(result.payload);
      const known = new Set(records.map((r) => r.messageId));
      // An unknown or malformed identifier fails the whole batch (AWS docs).
      if (ids === 'invalid' || ids.some((id) => !known.has(id))) failed = known;
      else failed = new Set(ids);
    }
    const succeeded = records.filter((r) => !failed.has(r.messageId));
    if (failed.size > 0) {
      props.logger.warn('SQS batch items failed; they return after the visibility timeout', {
        function: props.functionArn,
        queue: props.queueArn,
        failed: failed.size,
        of: records.length,
      });
    }
    for (let i = 0; i < succeeded.length; i += 10) {
      const chunk = succeeded.slice(i, i + 10);
      const out = await props.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: props.queueUrl,
          Entries: chunk.map((r, j) => ({ Id: `m${j}`, ReceiptHandle: r.receiptHandle })),
        }),
      );
      for (const failure of out.Failed ?? []) {
        props.logger.warn('could not delete a processed message; it will be delivered again', {
          queue: props.queueArn,
          code: failure.Code,
        });
      }
    }
  }

  #toLambdaRecord(message: Message): LambdaSqsRecord {
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(message.Attributes ?? {})) {
      if (v !== undefined) attributes[k] = v;
    }
    const messageAttributes: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
      messageAttributes[name] = {
        stringValue: value.StringValue,
        binaryValue: value.BinaryValue
          ? Buffer.from(value.BinaryValue).toString('base64')
          : undefined,
        stringListValues: value.StringListValues ?? [],
        binaryListValues: [],
        dataType: value.DataType,
      };
    }
    return {
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      attributes,
      messageAttributes,
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.#props.queueArn,
      awsRegion: this.#props.region,
    };
  }

  #tell(records: LambdaSqsRecord[]): void {
    const { onBatch } = this.#props;
    if (!onBatch) return;
    const subjects: string[] = [];
    const correlationIds = new Set<string>();
    for (const record of records) {
      const event = parseJson(record.body) as {
        'detail-type'?: unknown;
        detail?: { metadata?: { correlationId?: unknown } };
      } | null;
      subjects.push(typeof event?.['detail-type'] === 'string' ? event['detail-type'] : '?');
      const id = event?.detail?.metadata?.correlationId;
      if (typeof id === 'string') correlationIds.add(id);
    }
    onBatch({
      sourceArn: this.#props.queueArn,
      functionArn: this.#props.functionArn,
      records: records.length,
      subjects,
      correlationIds: [...correlationIds],
    });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
