import { deriveSeed, seededRandom } from '../local/core/seeded-random';

/**
 * The simulator's seeded pseudo-random source (mulberry32, the local cloud's
 * own): the same seed gives the same draws on every machine. `fork` derives
 * an independent source per purpose (workload, faults, one per function), so
 * adding a draw in one place does not shift the others.
 */
export class Prng {
  readonly seed: number;
  readonly #next: () => number;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
      throw new RangeError(`seed must be an integer from 0 to 4294967295, got ${seed}`);
    this.seed = seed;
    this.#next = seededRandom(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    return this.#next();
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.#next() < p;
  }

  /** One item of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.#next() * items.length)] as T;
  }

  /** An independent source for `label`, derived from this one's seed. */
  fork(label: string): Prng {
    return new Prng(deriveSeed(this.seed, label));
  }
}
