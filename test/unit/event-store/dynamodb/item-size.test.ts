import { describe, expect, it } from 'vitest';
import { itemSize } from '../../../../shared/event-store/dynamodb/item-size';

describe('Function: itemSize', () => {
  it('adds attribute names and UTF-8 string bytes', () => {
    // 'id' 2 + 'abc' 3; 'é' is 2 bytes: 'name' 4 + 2.
    expect(itemSize({ id: { S: 'abc' }, name: { S: 'é' } })).toBe(11);
  });

  it('counts numbers as one byte per two significant digits plus one', () => {
    expect(itemSize({ n: { N: '1' } })).toBe(1 + 2);
    expect(itemSize({ n: { N: '1234' } })).toBe(1 + 3);
    // Leading and trailing zeroes are trimmed.
    expect(itemSize({ n: { N: '0012300' } })).toBe(1 + 3);
    expect(itemSize({ n: { N: '-1.5' } })).toBe(1 + 2);
  });

  it('counts binary by raw length, and booleans and nulls as one byte', () => {
    expect(itemSize({ b: { B: new Uint8Array(10) }, t: { BOOL: true }, z: { NULL: true } })).toBe(
      1 + 10 + 1 + 1 + 1 + 1,
    );
  });

  it('adds 3 bytes per list or map and 1 byte per element', () => {
    // 'l' 1 + 3 + (1 + 'ab' 2) + (1 + N '7' 2)
    expect(itemSize({ l: { L: [{ S: 'ab' }, { N: '7' }] } })).toBe(1 + 3 + 3 + 3);
    // 'm' 1 + 3 + (1 + 'k' 1 + 'v' 1)
    expect(itemSize({ m: { M: { k: { S: 'v' } } } })).toBe(1 + 3 + 3);
    expect(itemSize({ m: { M: {} } })).toBe(4);
  });
});
