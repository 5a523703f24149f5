/**
 * Versions this process has seen exist, per stream, for the most recently
 * used streams. The event table is append-only — no item is ever updated or
 * deleted, and versions are contiguous — so once a strongly consistent read
 * or a successful write has shown version `v` of a stream, versions `1…v`
 * exist for good. An append at an exact expected version uses this to skip
 * its existence read.
 */
export class KnownVersions {
  readonly #capacity: number;
  // A Map iterates in insertion order: re-inserting on use keeps the oldest first.
  readonly #versions = new Map<string, number>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Whether version `version` of the stream is known to exist. */
  has(streamId: string, version: number): boolean {
    const known = this.#versions.get(streamId);
    if (known === undefined) return false;
    this.#versions.delete(streamId);
    this.#versions.set(streamId, known);
    return known >= version;
  }

  /** Records that `version` exists (and so every version below it). */
  saw(streamId: string, version: number): void {
    if (version < 1 || this.#capacity === 0) return;
    const known = this.#versions.get(streamId) ?? 0;
    this.#versions.delete(streamId);
    this.#versions.set(streamId, Math.max(known, version));
    if (this.#versions.size > this.#capacity) {
      const oldest = this.#versions.keys().next().value;
      if (oldest !== undefined) this.#versions.delete(oldest);
    }
  }
}
