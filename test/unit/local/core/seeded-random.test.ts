import { describe, expect, it } from 'vitest';
import { seededRandom, shuffled } from '../../../../local/core/seeded-random';

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
