import { describe, expect, it } from 'vitest';
import { deriveSeed, seededRandom, shuffled } from '../../../../local/core/seeded-random';

describe('Function: seededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);

    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(Array.from({ length: 5 }, c)).not.toEqual(first);
  });

  it('draws numbers in [0, 1) that spread over the interval', () => {
    const random = seededRandom(7);
    const draws = Array.from({ length: 10_000 }, random);

    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('refuses a seed that is not an integer, naming it', () => {
    expect(() => seededRandom(1.5)).toThrow('seed must be an integer, got 1.5');
  });
});

describe('Function: deriveSeed', () => {
  /** FNV-1a, 32 bits, from its definition (offset basis 2166136261, prime 16777619), in BigInt. */
  function fnv1aByDefinition(text: string): number {
    let hash = 2166136261n;
    for (const byte of Buffer.from(text, 'latin1'))
      hash = ((hash ^ BigInt(byte)) * 16777619n) % 2n ** 32n;
    return Number(hash);
  }

  it('is the FNV-1a hash of "<seed>/<purpose>"', () => {
    // A published FNV-1a test vector first, so the reference itself is checked.
    expect(fnv1aByDefinition('foobar')).toBe(0xbf9cf968);
    expect(deriveSeed(1, 'retry-jitter')).toBe(fnv1aByDefinition('1/retry-jitter'));
    expect(deriveSeed(4_294_967_295, 'cloud/sqs')).toBe(fnv1aByDefinition('4294967295/cloud/sqs'));
  });

  it("gives each purpose of a seed a sequence of its own, not the seed's", () => {
    const draws = (seed: number) => Array.from({ length: 8 }, seededRandom(seed));
    const sequences = [
      draws(7),
      draws(deriveSeed(7, 'retry-jitter')),
      draws(deriveSeed(7, 'cloud/sqs')),
      draws(deriveSeed(8, 'cloud/sqs')),
    ].map((s) => s.join());

    expect(new Set(sequences).size).toBe(4);
    expect(draws(deriveSeed(7, 'cloud/sqs')).join()).toBe(sequences[2]);
  });
});

describe('Function: shuffled', () => {
  it('returns a permutation and leaves the input alone', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];

    const out = shuffled(items, seededRandom(3));

    expect([...out].sort((x, y) => x - y)).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('reaches every order of three items over many seeds', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 200; seed++)
      seen.add(shuffled(['a', 'b', 'c'], seededRandom(seed)).join(''));

    expect([...seen].sort()).toEqual(['abc', 'acb', 'bac', 'bca', 'cab', 'cba']);
  });
});
