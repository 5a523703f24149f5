import type { _Record, DynamoDBStreamsClient, Shard } from '@aws-sdk/client-dynamodb-streams';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { Clock } from '../../../core/clock';
import { IDLE_POLL_TIMER } from '../../../core/clock';
import type { CloudLogger, TargetDispatcher } from '../../../core/service';
import { requireIntegerInRange } from '../../../core/validators';
import { LambdaLimits } from '../constants';
import { PollerLifecycle } from './PollerLifecycle';
import type { InvokeFunction, MappingBatchListener } from './types';
import { batchItemFailures } from './types';

/** Settings of a DynamoDB stream event source mapping, as in `AWS::Lambda::EventSourceMapping`. */
export interface DynamoDbStreamPollerProps {
  readonly streamArn: string;
  readonly functionArn: string;
  readonly invoke: InvokeFunction;
  readonly streams: DynamoDBStreamsClient;
  readonly clock: Clock;
  readonly logger: CloudLogger;
  readonly dispatcher: TargetDispatcher;
  readonly region: string;
  /** @default 100 */
  readonly batchSize?: number;
  /**
   * Most time to gather records before invoking the function, 0 to 300
   * (`MaximumBatchingWindowInSeconds`); see {@link DynamoDbStreamPoller}.
   * @default 0
   */
  readonly maximumBatchingWindowInSeconds?: number;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** @default false */
  readonly bisectBatchOnFunctionError?: boolean;
  /** -1 retries until the record expires. @default -1 */
  readonly maximumRetryAttempts?: number;
  /** -1 = no limit. @default -1 */
  readonly maximumRecordAgeInSeconds?: number;
  /** @default false */
  readonly reportBatchItemFailures?: boolean;
  /** SQS queue ARN for discarded batches. @default - discarded batches are logged only */
  readonly onFailureArn?: string;
  /** @default 200 ms */
  readonly pollIntervalMs?: number;
  /** Told of each batch the function was invoked with (`npm start`'s timeline). */
  readonly onBatch?: MappingBatchListener;
}

interface PolledRecord {
  readonly record: LambdaStreamRecord;
  /** Cloud time when the poller first read the record; its age counts from here. */
  readonly readAt: number;
}

/** A record in the shape Lambda delivers it (`DynamoDBRecord` of aws-lambda). */
export interface LambdaStreamRecord {
  readonly eventID: string;
  readonly eventName: string;
  readonly eventVersion: string;
  readonly eventSource: 'aws:dynamodb';
  readonly awsRegion: string;
  readonly eventSourceARN: string;
  readonly dynamodb: Record<string, unknown> & { SequenceNumber: string };
}

/**
 * Polls a DynamoDB stream (DynamoDB Local's Streams API) and invokes a
 * function with batches, per shard in order, with Lambda's error handling:
 * retry until `maximumRetryAttempts` or `maximumRecordAgeInSeconds`, bisect on
 * error, partial batch responses (`ReportBatchItemFailures`: resume from the
 * lowest failed sequence number), and an on-failure destination that receives
 * an invocation record describing the discarded batch.
 *
 * Record age counts from when this poller first read the record, on the
 * cloud's clock, because DynamoDB Local stamps records with the wall clock.
 *
 * Batching window, as AWS documents it for DynamoDB Streams
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html,
 * "Batching behavior"): Lambda invokes the function when one of three things
 * happens: the batching window (`MaximumBatchingWindowInSeconds`, 0 to 300 s,
 * default 0) reaches its maximum value, the batch size is met, or the payload
 * reaches 6 MB; and "the next batching window begins as soon as the previous
 * function invocation completes". So, per shard, records read are gathered
 * (polls go on at the poll interval) until one of those holds; a record read
 * once the window since the last invocation has passed goes out at once. With
 * the default window of 0, each poll's records are one batch. The window runs
 * on the cloud's clock.
 */
export class DynamoDbStreamPoller extends PollerLifecycle {
  readonly #props: DynamoDbStreamPollerProps;
  readonly #finished = new Set<string>();
  #busy = false;
  /** Per shard: records read and not yet sent (held for the batching window). */
  readonly #gathered = new Map<string, PolledRecord[]>();
  /** Per shard: records of a failed batch waiting out the back-off before their retry. */
  readonly #retrying = new Map<string, number>();

  constructor(props: DynamoDbStreamPollerProps) {
    requireIntegerInRange(
      'maximumBatchingWindowInSeconds',
      props.maximumBatchingWindowInSeconds ?? 0,
      { min: 0, max: MAX_BATCHING_WINDOW_SECONDS },
    );
    super(props.clock, props.logger, `stream poller of ${props.streamArn}`, {
      message: 'DynamoDB stream poller stopped',
      fields: { streamArn: props.streamArn },
    });
    this.#props = props;
  }

  /**
   * Records read and not yet processed, in every shard: held for the
   * batching window, or waiting out the back-off before a failed batch's
   * retry. They wait on the clock, so the cloud counts as idle meanwhile.
   */
  get held(): number {
    let n = 0;
    for (const records of this.#gathered.values()) n += records.length;
    for (const records of this.#retrying.values()) n += records;
    return n;
  }

  protected get busy(): boolean {
    return this.#busy;
  }

  protected async poll(): Promise<void> {
    const iterators = new Map<string, string | undefined>();
    const batchSize = this.#props.batchSize ?? 100;
    const windowMs = (this.#props.maximumBatchingWindowInSeconds ?? 0) * 1000;
    const gathered = this.#gathered;
    // Per shard: when the last invocation completed.
    const lastInvoked = new Map<string, number>();
    let first = true;
    let shards: Shard[] = [];
    // The shards are described again only when they can have changed (see SHARD_REFRESH_MS).
    let describe = true;
    let describedAt = Number.NEGATIVE_INFINITY;
    while (this.running) {
      this.#setBusy(true);
      let invoked = false;
      /** Cloud time of the next window end a shard waits for, when one does. */
      let nextWindowEnd = Number.POSITIVE_INFINITY;
      if (describe || this.#props.clock.now() - describedAt >= SHARD_REFRESH_MS) {
        shards = await this.#shards();
        describedAt = this.#props.clock.now();
        describe = false;
      }
      for (const shard of shards) {
        const shardId = shard.ShardId as string;
        if (this.#finished.has(shardId)) continue;
        if (shard.ParentShardId && !this.#finished.has(shard.ParentShardId)) {
          const parentKnown = shards.some((s) => s.ShardId === shard.ParentShardId);
          if (parentKnown) continue;
        }
        if (!iterators.has(shardId)) {
          // LATEST applies to the shards open when the mapping starts; shards
          // created later are read from their beginning.
          const type = first ? this.#props.startingPosition : 'TRIM_HORIZON';
          iterators.set(shardId, await this.#iterator(shardId, type));
        }
        const iterator = iterators.get(shardId);
        if (!iterator) {
          this.#finished.add(shardId);
          describe = true;
          continue;
        }
        const buffer = gathered.get(shardId) ?? [];
        const page = await this.#props.streams.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: batchSize - buffer.length }),
        );
        const readAt = this.#props.clock.now();
        for (const r of page.Records ?? [])
          buffer.push({ record: this.#toLambdaRecord(r), readAt });
        if (page.NextShardIterator) iterators.set(shardId, page.NextShardIterator);
        else {
          iterators.delete(shardId);
          this.#finished.add(shardId);
          describe = true;
        }
        // A closed shard sends what it gathered: nothing more will come from it.
        const closed = !page.NextShardIterator;
        const windowEnd = (lastInvoked.get(shardId) ?? Number.NEGATIVE_INFINITY) + windowMs;
        while (
          buffer.length > 0 &&
          this.running &&
          (buffer.length >= batchSize ||
            payloadBytes(buffer) >= LambdaLimits.maxSyncPayloadBytes ||
            this.#props.clock.now() >= windowEnd ||
            closed)
        ) {
          const batch = takeBatch(buffer, batchSize);
          await this.#processBatch(shardId, batch);
          lastInvoked.set(shardId, this.#props.clock.now());
          invoked = true;
          // With no window, each poll's records are one batch (a 6 MB split sends the rest too).
          if (windowMs > 0 && !closed) break;
        }
        gathered.set(shardId, buffer);
        if (buffer.length > 0)
          nextWindowEnd = Math.min(
            nextWindowEnd,
            (lastInvoked.get(shardId) ?? Number.NEGATIVE_INFINITY) + windowMs,
          );
      }
      first = false;
      if (!invoked) {
        this.#setBusy(false);
        const poll = this.#props.pollIntervalMs ?? 200;
        // Only a poll with nothing gathered is idle: a batching window's end sends a batch.
        await this.pauses.wait(
          Math.max(1, Math.min(poll, nextWindowEnd - this.#props.clock.now())),
          nextWindowEnd === Number.POSITIVE_INFINITY ? IDLE_POLL_TIMER : undefined,
        );
      }
    }
    this.#setBusy(false);
  }

  async #processBatch(shardId: string, batch: PolledRecord[]): Promise<void> {
    const props = this.#props;
    const maxAgeMs = (props.maximumRecordAgeInSeconds ?? -1) * 1000;
    const maxRetries = props.maximumRetryAttempts ?? -1;
    // Pending sub-batches, in shard order (bisection splits the head in two).
    const pending: PolledRecord[][] = [batch];
    let attempts = 0;
    while (pending.length > 0 && this.running) {
      let head = pending[0] as PolledRecord[];
      if (maxAgeMs >= 0) {
        const expired = head.filter((r) => props.clock.now() - r.readAt > maxAgeMs);
        if (expired.length > 0) {
          await this.#discard(shardId, expired, 'RecordAgeExceeded', attempts, undefined);
          head = head.filter((r) => !expired.includes(r));
          if (head.length === 0) {
            pending.shift();
            continue;
          }
          pending[0] = head;
        }
      }
      attempts++;
      this.#tell(head);
      // An invocation that fails outright (Lambda's ServiceException, throttling, an
      // injected fault) fails the batch like a function error: the mapping retries it.
      // Letting it escape would end the poller while it still holds its work mark.
      const result = await props
        .invoke({ Records: head.map((r) => r.record) })
        .catch((error: unknown) => ({
          payload: JSON.stringify({ errorMessage: String(error) }),
          functionError: 'Unhandled' as const,
        }));
      let failedFrom = -1;
      if (result.functionError) failedFrom = 0;
      else if (props.reportBatchItemFailures) {
        const ids = batchItemFailures(result.payload);
        if (ids === 'invalid') failedFrom = 0;
        else if (ids.length > 0) {
          const positions = ids.map((id) =>
            head.findIndex((r) => r.record.dynamodb.SequenceNumber === id),
          );
          // An identifier that is not in the batch fails the whole batch (AWS docs).
          failedFrom = positions.includes(-1) ? 0 : Math.min(...positions);
        }
      }
      if (failedFrom < 0) {
        pending.shift();
        attempts = 0;
        continue;
      }
      // Records before the first failure are checkpointed.
      head = head.slice(failedFrom);
      if (props.bisectBatchOnFunctionError && result.functionError && head.length > 1) {
        const middle = Math.ceil(head.length / 2);
        pending.splice(0, 1, head.slice(0, middle), head.slice(middle));
        continue;
      }
      pending[0] = head;
      if (maxRetries >= 0 && attempts > maxRetries) {
        await this.#discard(
          shardId,
          head,
          'RetryAttemptsExhausted',
          attempts,
          result.functionError,
        );
        pending.shift();
        attempts = 0;
        continue;
      }
      props.logger.warn('stream batch failed; retrying', {
        function: props.functionArn,
        shardId,
        attempt: attempts,
        records: head.length,
      });
      this.#retrying.set(
        shardId,
        pending.reduce((n, records) => n + records.length, 0),
      );
      try {
        await this.pauses.wait(Math.min(500 * 2 ** (attempts - 1), 10_000));
      } finally {
        this.#retrying.delete(shardId);
      }
    }
  }

  #tell(batch: PolledRecord[]): void {
    const { onBatch } = this.#props;
    if (!onBatch) return;
    const attribute = (image: unknown, name: string) => {
      const value = (image as Record<string, Record<string, unknown>> | undefined)?.[name];
      return value?.S ?? value?.N;
    };
    const correlationIds = new Set<string>();
    const subjects = batch.map(({ record }) => {
      // The event table's items (shared/event-store/dynamodb/item-codec); any other item shows `?`.
      const image = record.dynamodb.NewImage ?? record.dynamodb.Keys;
      const id = attribute(image, 'correlationId');
      if (typeof id === 'string') correlationIds.add(id);
      const stream = attribute(image, 'streamId');
      const version = attribute(image, 'version');
      return stream !== undefined ? `${String(stream)}@${String(version ?? '?')}` : '?';
    });
    onBatch({
      sourceArn: this.#props.streamArn,
      functionArn: this.#props.functionArn,
      records: batch.length,
      subjects,
      correlationIds: [...correlationIds],
    });
  }

  async #discard(
    shardId: string,
    records: PolledRecord[],
    condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded',
    attempts: number,
    functionError: string | undefined,
  ): Promise<void> {
    const props = this.#props;
    const firstRecord = records[0]?.record;
    const lastRecord = records[records.length - 1]?.record;
    const arrival = (r: LambdaStreamRecord | undefined) =>
      new Date(Number(r?.dynamodb.ApproximateCreationDateTime ?? 0) * 1000).toISOString();
    const invocationRecord = {
      requestContext: {
        requestId: crypto.randomUUID(),
        functionArn: props.functionArn,
        condition,
        approximateInvokeCount: attempts,
      },
      responseContext: {
        statusCode: 200,
        executedVersion: '$LATEST',
        ...(functionError ? { functionError } : {}),
      },
      version: '1.0',
      timestamp: new Date(props.clock.now()).toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: firstRecord?.dynamodb.SequenceNumber,
        endSequenceNumber: lastRecord?.dynamodb.SequenceNumber,
        approximateArrivalOfFirstRecord: arrival(firstRecord),
        approximateArrivalOfLastRecord: arrival(lastRecord),
        batchSize: records.length,
        streamArn: props.streamArn,
      },
    };
    props.logger.error('stream records discarded', {
      function: props.functionArn,
      condition,
      records: records.length,
      destination: props.onFailureArn ?? 'none',
    });
    if (props.onFailureArn) {
      await props.dispatcher.deliver(props.onFailureArn, JSON.stringify(invocationRecord));
    }
  }

  async #shards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const page = await this.#props.streams.send(
        new DescribeStreamCommand({
          StreamArn: this.#props.streamArn,
          ExclusiveStartShardId: start,
        }),
      );
      shards.push(...(page.StreamDescription?.Shards ?? []));
      start = page.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  async #iterator(shardId: string, type: 'TRIM_HORIZON' | 'LATEST'): Promise<string | undefined> {
    const out = await this.#props.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.#props.streamArn,
        ShardId: shardId,
        ShardIteratorType: type,
      }),
    );
    return out.ShardIterator;
  }

  #toLambdaRecord(record: _Record): LambdaStreamRecord {
    const d = record.dynamodb ?? {};
    const created = d.ApproximateCreationDateTime;
    return {
      eventID: record.eventID ?? '',
      eventName: record.eventName ?? '',
      eventVersion: record.eventVersion ?? '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: this.#props.region,
      eventSourceARN: this.#props.streamArn,
      dynamodb: {
        ...(created ? { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) } : {}),
        ...(d.Keys ? { Keys: toWire(d.Keys) } : {}),
        ...(d.NewImage ? { NewImage: toWire(d.NewImage) } : {}),
        ...(d.OldImage ? { OldImage: toWire(d.OldImage) } : {}),
        SequenceNumber: d.SequenceNumber ?? '',
        SizeBytes: d.SizeBytes,
        StreamViewType: d.StreamViewType,
      },
    };
  }

  #setBusy(busy: boolean): void {
    this.#busy = busy;
    if (busy) this.pauses.busy();
    else {
      this.pauses.idle();
      this.notifyIdle();
    }
  }
}

/** `MaximumBatchingWindowInSeconds` ranges from 0 to 300 (CreateEventSourceMapping). */
const MAX_BATCHING_WINDOW_SECONDS = 300;

/**
 * How often, at most, the poller describes a stream whose shards it has not
 * seen change. A stream's shards change when one closes: "If both
 * StartingSequenceNumber and EndingSequenceNumber are present, then that
 * shard is closed and can no longer receive more data", and its successors
 * appear (DescribeStream, DynamoDB Streams API reference). The poller
 * describes the stream again as soon as it has read a shard to its end; this
 * period only bounds how late it would see a shard that appeared otherwise.
 * Describing on every poll (each 200 ms) made half of a run's stream calls,
 * and the API allows DescribeStream "at a maximum rate of 10 times per second".
 */
const SHARD_REFRESH_MS = 60_000;

/** The size of the event `{"Records":[...]}` the function would be invoked with. */
function payloadBytes(records: readonly PolledRecord[]): number {
  return Buffer.byteLength(JSON.stringify({ Records: records.map((r) => r.record) }));
}

/**
 * Removes and returns the head of `buffer` that makes one batch: at most
 * `batchSize` records and a payload within Lambda's 6 MB (at least one record).
 */
function takeBatch(buffer: PolledRecord[], batchSize: number): PolledRecord[] {
  let count = Math.min(batchSize, buffer.length);
  while (count > 1 && payloadBytes(buffer.slice(0, count)) > LambdaLimits.maxSyncPayloadBytes)
    count--;
  return buffer.splice(0, count);
}

/** The SDK decodes binary attributes to bytes; Lambda events carry them as base64. */
function toWire(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  }
  return value;
}
