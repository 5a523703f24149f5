import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadOptions,
  ReadPage,
  Snapshot,
} from '../../../shared/event-store/types';

/** One call the wrapped store received. */
export type StoreCall =
  | { readonly method: 'append'; readonly streamId: string; readonly options: AppendOptions }
  | {
      readonly method: 'read';
      readonly streamId: string;
      readonly options: ReadOptions | undefined;
    }
  | { readonly method: 'readSnapshot'; readonly streamId: string; readonly key: string }
  | { readonly method: 'lastVersion'; readonly streamId: string };

/**
 * Wraps a real store: records every call, and can run a rival writer just
 * before an append reaches the store, so version conflicts come from the real
 * store's checks rather than from a fake that throws on cue.
 */
export class RecordingStore implements EventStore {
  readonly calls: StoreCall[] = [];
  readonly #inner: EventStore;
  /** Runs before each append; receives the 1-based append number. */
  beforeAppend: ((appendNumber: number) => Promise<void>) | undefined;

  constructor(inner: EventStore) {
    this.#inner = inner;
  }

  count(method: StoreCall['method']): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.calls.push({ method: 'append', streamId, options });
    await this.beforeAppend?.(this.count('append'));
    return this.#inner.append(streamId, events, options);
  }

  read(streamId: string, options?: ReadOptions): Promise<ReadPage> {
    this.calls.push({ method: 'read', streamId, options });
    return this.#inner.read(streamId, options);
  }

  lastVersion(streamId: string): Promise<number> {
    this.calls.push({ method: 'lastVersion', streamId });
    return this.#inner.lastVersion(streamId);
  }

  readSnapshot(streamId: string, key: string): Promise<Snapshot | undefined> {
    this.calls.push({ method: 'readSnapshot', streamId, key });
    return this.#inner.readSnapshot(streamId, key);
  }
}
