import { describe, expect, it } from 'vitest';
import { KnownVersions } from '../../../../shared/event-store/dynamodb/KnownVersions';

describe('Class: KnownVersions', () => {
  it('knows every version up to the highest one seen, and none above', () => {
    const known = new KnownVersions(10);

    known.saw('s', 5);
    known.saw('s', 3);

    expect(known.has('s', 1)).toBe(true);
    expect(known.has('s', 5)).toBe(true);
    expect(known.has('s', 6)).toBe(false);
    expect(known.has('other', 1)).toBe(false);
  });

  it('forgets the least recently used stream beyond its capacity', () => {
    const known = new KnownVersions(2);
    known.saw('a', 1);
    known.saw('b', 1);
    known.has('a', 1);

    known.saw('c', 1);

    expect(known.has('a', 1)).toBe(true);
    expect(known.has('b', 1)).toBe(false);
    expect(known.has('c', 1)).toBe(true);
  });

  it('remembers nothing with a capacity of 0', () => {
    const known = new KnownVersions(0);

    known.saw('a', 3);

    expect(known.has('a', 1)).toBe(false);
  });
});
