import type { InvocationResult } from '../runtime/LambdaFunctionRuntime';

/** Invokes the mapped function with one batch event. */
export type InvokeFunction = (event: unknown) => Promise<InvocationResult>;

/**
 * What an `onBatch` listener hears each time a mapping is about to invoke its
 * function with a batch (retries included). Failures are logged by the poller.
 */
export interface MappingBatch {
  readonly sourceArn: string;
  readonly functionArn: string;
  readonly records: number;
  /**
   * What the records are about: `stream@version` of event-table items, or
   * the `detail-type` of EventBridge events in SQS bodies (`?` otherwise).
   */
  readonly subjects: readonly string[];
  /** Correlation ids found in the records (eventline envelopes), each once. */
  readonly correlationIds: readonly string[];
}

export type MappingBatchListener = (batch: MappingBatch) => void;

/** A running event source mapping. */
export interface EventSourcePoller {
  /** Starts polling in the background. */
  start(): void;
  /** Stops polling and waits for the batch in flight. */
  stop(): Promise<void>;
  /** Resolves when nothing is in flight and the last poll found nothing. */
  idle(): Promise<void>;
  /**
   * Records read and held for the mapping's batching window: they wait on the
   * clock, so `idle()` does not wait for them.
   */
  readonly held?: number;
}

/** Parses a function's `{ batchItemFailures: [{ itemIdentifier }] }` response. */
export function batchItemFailures(payload: string): string[] | 'invalid' {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return 'invalid';
  }
  // A null or empty response means the whole batch succeeded (AWS docs:
  // "Lambda treats a batch as a complete success if the function returns an empty list").
  if (parsed === null || parsed === undefined) return [];
  if (typeof parsed !== 'object') return 'invalid';
  const failures = (parsed as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return [];
  if (!Array.isArray(failures)) return 'invalid';
  const ids: string[] = [];
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    // AWS: a null, empty or missing identifier fails the whole batch.
    if (typeof id !== 'string' || id === '') return 'invalid';
    ids.push(id);
  }
  return ids;
}
