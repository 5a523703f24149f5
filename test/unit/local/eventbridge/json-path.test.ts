import { describe, expect, it } from 'vitest';
import {
  evaluateJsonPath,
  JsonPathSyntaxError,
  parseJsonPath,
} from '../../../../local/services/eventbridge';

const doc = {
  detail: {
    'instance-id': 'i-1',
    items: [{ sku: 'a' }, { sku: 'b' }],
    'a/b': 1,
  },
};

describe('Function: evaluateJsonPath', () => {
  it('follows dot notation with dashes and slashes', () => {
    expect(evaluateJsonPath('$.detail.instance-id', doc)).toEqual({ found: true, value: 'i-1' });
    expect(evaluateJsonPath('$.detail.a/b', doc)).toEqual({ found: true, value: 1 });
  });

  it('follows array indices and bracket names', () => {
    expect(evaluateJsonPath("$.detail.items[1]['sku']", doc)).toEqual({ found: true, value: 'b' });
  });

  it('collects every match of a wildcard', () => {
    expect(evaluateJsonPath('$.detail.items[*].sku', doc)).toEqual({
      found: true,
      value: ['a', 'b'],
    });
  });

  it('returns the root for $', () => {
    expect(evaluateJsonPath('$', doc)).toEqual({ found: true, value: doc });
  });

  it('reports a path that matches nothing as not found', () => {
    expect(evaluateJsonPath('$.detail.items[5]', doc)).toEqual({ found: false });
    expect(evaluateJsonPath('$.nope.deeper', doc)).toEqual({ found: false });
  });
});

describe('Function: parseJsonPath', () => {
  it.each([
    ['detail', 'it must start with $'],
    ['$..sku', 'recursive descent'],
    ['$.items[?(@.sku)]', 'not supported'],
    ['$.items[0:2]', 'not supported'],
  ])('throws for %s', (path, reason) => {
    expect(() => parseJsonPath(path)).toThrow(JsonPathSyntaxError);
    expect(() => parseJsonPath(path)).toThrow(reason);
  });
});
