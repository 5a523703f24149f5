import { describe, expect, it } from 'vitest';
import { findDuplicateKey } from '../../../shared/http/duplicate-keys';

describe('Function: findDuplicateKey', () => {
  it.each<[string, string, (string | number)[]]>([
    ['at the root', '{"a":1,"b":2,"a":3}', ['a']],
    [
      'in an object inside an array',
      '{"lines":[{"sku":"A"},{"sku":"B","sku":"C"}]}',
      ['lines', 1, 'sku'],
    ],
    ['written with an escape', '{"sku":"A","\\u0073ku":"B"}', ['sku']],
    ['after a string value holding quotes and braces', '{"a":"x\\"}{,","a":2}', ['a']],
    ['with whitespace around the colon', '{ "a" : 1 ,\n "a" : 2 }', ['a']],
  ])('finds a key repeated %s', (_label, text, path) => {
    // Prepare: the document is valid JSON, which keeps the last value.
    expect(() => JSON.parse(text)).not.toThrow();

    // Act / Assess
    expect(findDuplicateKey(text)).toEqual({ path });
  });

  it.each<[string, string]>([
    ['the same key in sibling objects', '[{"a":1},{"a":2}]'],
    ['the same key at two depths', '{"a":{"a":1}}'],
    ['a value equal to a key', '{"a":"a","b":"a"}'],
    ['keys that differ only by case', '{"sku":1,"SKU":2}'],
    ['a scalar document', '"a"'],
  ])('finds nothing for %s', (_label, text) => {
    expect(findDuplicateKey(text)).toBeUndefined();
  });
});
