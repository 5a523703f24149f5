import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { EventStore } from '../event-store/types';
import type { ProjectionName } from './names';
import type { Projector } from './Projector';
import { fromRecorded } from './projected-event';

/** Where a rebuild stands, per scan segment; save it to resume after a stop. */
export interface RebuildCheckpoint {
  readonly segments: readonly {
    readonly done: boolean;
    /** The scan's `LastEvaluatedKey` after the last page fully applied. */
    readonly lastKey?: Record<string, unknown>;
  }[];
}

/** Progress of a rebuild, reported after each scanned page. */
export interface RebuildProgress {
  readonly itemsScanned: number;
  readonly streams: number;
  readonly eventsApplied: number;
  readonly segmentsDone: number;
  readonly totalSegments: number;
  readonly elapsedMs: number;
  /** Events applied per second so far. */
  readonly eventsPerSecond: number;
}

export interface RebuildOptions {
  /** The event table to scan (the store's table). */
  readonly eventTable: { readonly client: DynamoDBClient; readonly tableName: string };
  /** The store the streams are read from, in version order. */
  readonly store: EventStore;
  readonly projector: Projector;
  readonly projection: ProjectionName;
  /** The version to write (the one `beginRebuild` marked as building). */
  readonly version: number;
  /**
   * Parallel scan segments (DynamoDB's `TotalSegments`, 1–1,000,000).
   * @default 4
   */
  readonly segments?: number;
  /** Items per scan page. @default 500 */
  readonly pageSize?: number;
  /** Resume from here (its segment count wins over `segments`). */
  readonly checkpoint?: RebuildCheckpoint;
  /** Called after each page is applied, with the checkpoint to save. */
  readonly onCheckpoint?: (checkpoint: RebuildCheckpoint) => void | Promise<void>;
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** Stops the rebuild after the page in flight; the last checkpoint resumes it. */
  readonly signal?: AbortSignal;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface RebuildResult extends RebuildProgress {
  /** False when stopped by the signal before every segment was done. */
  readonly complete: boolean;
  readonly checkpoint: RebuildCheckpoint;
}

/**
 * Rebuilds one version of a projection from the event store — not from the
 * archive, which only holds what its retention kept. The event table is
 * scanned in parallel segments (keys only, strongly consistent); each stream
 * is read whole, in version order, the first time a segment meets it, and
 * its events are applied with the live projector's own rules (so a stream the
 * live projector also writes, and a stream met twice after a resume, are
 * applied once). After each page the checkpoint (each segment's
 * `LastEvaluatedKey`) is reported, so a stopped rebuild resumes where it was.
 * @throws Error when `segments` is out of DynamoDB's range.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildResult> {
  const total = options.checkpoint?.segments.length ?? options.segments ?? 4;
  if (!Number.isInteger(total) || total < 1 || total > 1_000_000) {
    throw new Error(`segments must be an integer from 1 to 1000000, got ${total}`);
  }
  const now = options.now ?? Date.now;
  const started = now();
  const segments = options.checkpoint
    ? options.checkpoint.segments.map((s) => ({ ...s }))
    : Array.from(
        { length: total },
        () => ({ done: false }) as RebuildCheckpoint['segments'][number],
      );
  let itemsScanned = 0;
  let eventsApplied = 0;
  let streams = 0;
  const progress = (): RebuildProgress => {
    const elapsedMs = now() - started;
    return {
      itemsScanned,
      streams,
      eventsApplied,
      segmentsDone: segments.filter((s) => s.done).length,
      totalSegments: total,
      elapsedMs,
      eventsPerSecond: elapsedMs > 0 ? Math.round((eventsApplied * 1000) / elapsedMs) : 0,
    };
  };

  const applyStream = async (streamId: string) => {
    let from: number | undefined = 1;
    while (from !== undefined) {
      const page = await options.store.read(streamId, { fromVersion: from, maxCount: 1000 });
      for (const recorded of page.events) {
        const outcome = await options.projector.apply(
          options.projection,
          options.version,
          fromRecorded(recorded),
        );
        if (outcome.result === 'applied' || outcome.result === 'gap-filled')
          eventsApplied += outcome.events;
      }
      from = page.nextVersion;
    }
    streams++;
  };

  const runSegment = async (index: number) => {
    const seen = new Set<string>();
    while (!segments[index]?.done && !options.signal?.aborted) {
      const lastKey = segments[index]?.lastKey;
      const out = await options.eventTable.client.send(
        new ScanCommand({
          TableName: options.eventTable.tableName,
          Segment: index,
          TotalSegments: total,
          ConsistentRead: true,
          ProjectionExpression: 'streamId',
          Limit: options.pageSize ?? 500,
          ...(lastKey ? { ExclusiveStartKey: lastKey as never } : {}),
        }),
      );
      for (const item of out.Items ?? []) {
        itemsScanned++;
        const streamId = item.streamId?.S;
        if (streamId === undefined || seen.has(streamId)) continue;
        seen.add(streamId);
        await applyStream(streamId);
      }
      segments[index] = out.LastEvaluatedKey
        ? { done: false, lastKey: out.LastEvaluatedKey as Record<string, unknown> }
        : { done: true };
      await options.onCheckpoint?.({ segments: segments.map((s) => ({ ...s })) });
      options.onProgress?.(progress());
    }
  };

  await Promise.all(segments.map((_, i) => runSegment(i)));
  return {
    ...progress(),
    complete: segments.every((s) => s.done),
    checkpoint: { segments: segments.map((s) => ({ ...s })) },
  };
}
