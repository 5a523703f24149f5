import { describe, expect, it } from 'vitest';
import { compileEventPattern } from '../../../../local/services/eventbridge/pattern';
import { PatternLimits } from '../../../../local/services/eventbridge/pattern/constants';
import { parseWildcard } from '../../../../local/services/eventbridge/pattern/wildcard';
import { wildcardComplexity } from '../../../../local/services/eventbridge/pattern/wildcard-complexity';

/** [what is shown, wildcard, event value, whether AWS matches it] */
const matching: readonly (readonly [string, string, unknown, boolean])[] = [
  ['"Simple*Service" (engine example)', 'Simple*Service', 'SimpleQueueService', true],
  ['"*" may match nothing', 'Simple*Service', 'SimpleService', true],
  ['wildcards are case-sensitive', 'Simple*Service', 'simplequeueservice', false],
  ['"*.png" matches strings ending in .png', '*.png', 'holiday.png', true],
  ['"*.png" does not match another ending', '*.png', 'holiday.png.txt', false],
  ['"*Title*" matches Title in the middle', '*Title*', 'MyTitleIsLong', true],
  ['a file under a user (AWS example)', '/Users/*/doc.txt', '/Users/ls_user/dir/dir/doc.txt', true],
  ['another file under a user', '/Users/*/doc.txt', '/Users/ls_user/dir/notmatchingdoc.txt', false],
  [
    'repeating sequences after a wildcard (AWS example)',
    '/Users/*/dir/dir/dir/dir/dir/doc.txt',
    '/Users/ls_user/dir/dir/dir/dir/dir/doc.txt',
    true,
  ],
  [
    'repeating sequences that differ',
    '/Users/*/dir/dir/dir/dir/dir/doc.txt',
    '/Users/ls_user/dir/dir/dir/dir/otherdir/doc.txt',
    false,
  ],
  [
    'event buses of one Region (AWS example)',
    'arn:aws:events:us-east-1:*:event-bus/*',
    'arn:aws:events:us-east-1:123456789012:event-bus/myEventBus',
    true,
  ],
  [
    'event buses of another Region',
    'arn:aws:events:us-east-1:*:event-bus/*',
    'arn:aws:events:eu-west-1:123456789012:event-bus/myEventBus',
    false,
  ],
  ['"*" matches any string', '*', 'anything at all', true],
  ['"*" matches the empty string', '*', '', true],
  ['the empty wildcard matches only the empty string', '', '', true],
  ['the empty wildcard does not match text (observed on AWS)', '', 'text', false],
  ['no wildcard is an exact match', 'abc', 'abc', true],
  ['"\\*" is a literal asterisk', 'a\\*b', 'a*b', true],
  ['"\\*" is not a wildcard', 'a\\*b', 'axxb', false],
  ['"\\\\" is a literal backslash', 'a\\\\b', 'a\\b', true],
  ['"\\\\*" is a backslash then a wildcard', 'a\\\\*', 'a\\xyz', true],
  ['segments must not overlap: "a*a" needs two a\'s', 'a*a', 'a', false],
  ['"a*a" matches "aa"', 'a*a', 'aa', true],
  ['segments are found in order', '*ab*ab', 'abab', true],
  ['a middle segment must fit before the suffix', '*abc*c', 'abc', false],
  ['"*a*" needs an a', '*a*', 'xyz', false],
  ['wildcards match strings only: not numbers', '*', 123, false],
  ['…nor null', '*', null, false],
];

describe('Operator: wildcard', () => {
  it.each(matching)('%s', (_label, wildcard, value, expected) => {
    // Prepare
    const matcher = compileEventPattern({ detail: { v: [{ wildcard }] } });
    // Act
    const matched = matcher.matches({ detail: { v: value } });
    // Assess
    expect(matched).toBe(expected);
  });

  it('matches an element of an event array', () => {
    // Prepare
    const matcher = compileEventPattern({ resources: [{ wildcard: 'arn:aws:ec2:*:instance/*' }] });
    // Act / Assess
    expect(matcher.matches({ resources: ['x', 'arn:aws:ec2:us-west-1:1:instance/i-1'] })).toBe(
      true,
    );
  });

  it('stays linear on long values that almost match', () => {
    // Prepare: a pattern that makes a backtracking regular expression explode
    const matcher = compileEventPattern({ v: [{ wildcard: '*a*a*a*a*b' }] });
    // Act
    const matched = matcher.matches({ v: 'a'.repeat(50_000) });
    // Assess
    expect(matched).toBe(false);
  });
});

describe('Function: wildcardComplexity', () => {
  const tokens = (text: string) => parseWildcard(text, 'x', 'wildcard').tokens;
  const measure = (patterns: string[], quoted = false) =>
    wildcardComplexity(patterns.map(tokens), 100, { quoted });

  // Input that maximises the count, and the prefixes it matches, in comments.
  it.each([
    [['*'], 1], // "a": *
    [['abc'], 1], // "abc": abc
    [['*ab'], 2], // "ab": *, *ab
    [['*aa'], 3], // "aa": *, *a, *aa
    [['a*b'], 2], // "ab": a*, a*b
    [['aa*'], 2], // "aa": aa, aa*
    [['a*bb'], 3], // "abb": a*, a*b, a*bb
    [['a*bbb'], 4], // "abbb": a*, a*b, a*bb, a*bbb
    [['*ab*ad'], 4], // "aba": *, *a, *ab*, *ab*a
    [['*aba*'], 4], // "aba": *, *a, *aba, *aba*
    [['a*b*bb'], 5], // "abbb": a*, a*b, a*b*, a*b*b, a*b*bb
    [['a*b*cd'], 3], // "abcd": a*, a*b*, a*b*cd
    [['*', 'ab*c'], 3], // "abc": *, ab*, ab*c
    [['*abc', '*abcde'], 4], // "abc": *, *abc, *, *abc
    [['a*bcd', 'ab*cd'], 4], // "abcd": a*, a*bcd, ab*, ab*cd
  ] as const)('counts %j as %i', (patterns, expected) => {
    expect(measure([...patterns])).toBe(expected);
  });

  it.each([
    [['*:*:*:*:*:event-bus/*'], 11],
    [['arn:aws:events:us-east-1:*:event-bus/*'], 3],
    [['/Users/*/dir/dir/dir/dir/dir/doc.txt'], 7],
    [['/Users/*/doc.txt'], 2],
    [['*:stack/a/*', '*:stack/b/*', '*:stack/c/*'], 9],
    [['*:stack/a/*', '*:stack/b/*', '*:stack/c/*', '*:stack/d/*'], 12],
  ] as const)('counts the AWS-observed pattern set %j as %i', (patterns, expected) => {
    expect(measure([...patterns], true)).toBe(expected);
  });

  it('stops counting once the limit is passed', () => {
    // Prepare
    const many = Array.from({ length: 40 }, (_, i) => `*${i}*`);
    // Act
    const complexity = wildcardComplexity(many.map(tokens), 10);
    // Assess
    expect(complexity).toBeGreaterThan(10);
  });
});

describe('Limit: wildcard complexity', () => {
  it.each([
    [
      'the AWS example of a too complex rule',
      { EventBusArn: [{ wildcard: '*:*:*:*:*:event-bus/*' }] },
    ],
    [
      'four wildcards of one field that add up',
      {
        'stack-id': ['a', 'b', 'c', 'd'].map((n) => ({ wildcard: `*:stack/${n}/*` })),
      },
    ],
    [
      'wildcards of one field spread over $or alternatives',
      {
        $or: ['a', 'b', 'c', 'd'].map((n) => ({ 'stack-id': [{ wildcard: `*:stack/${n}/*` }] })),
      },
    ],
    [
      'anything-but wildcards count too',
      {
        'stack-id': [
          {
            'anything-but': {
              wildcard: ['*:stack/a/*', '*:stack/b/*', '*:stack/c/*', '*:stack/d/*'],
            },
          },
        ],
      },
    ],
  ])('refuses %s', (_label, pattern) => {
    expect(() => compileEventPattern(pattern)).toThrow(/Rule is too complex/);
  });

  it.each([
    [
      'the AWS example of the simpler rule',
      { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
    ],
    [
      'repeating sequences within the limit (AWS example)',
      { FileName: [{ wildcard: '/Users/*/dir/dir/dir/dir/dir/doc.txt' }] },
    ],
    [
      'three wildcards of one field',
      { 'stack-id': ['a', 'b', 'c'].map((n) => ({ wildcard: `*:stack/${n}/*` })) },
    ],
    [
      'wildcards of different fields, each within the limit',
      {
        a: ['a', 'b', 'c'].map((n) => ({ wildcard: `*:stack/${n}/*` })),
        b: ['a', 'b', 'c'].map((n) => ({ wildcard: `*:stack/${n}/*` })),
      },
    ],
  ])('accepts %s', (_label, pattern) => {
    expect(() => compileEventPattern(pattern)).not.toThrow();
  });

  it('names the field and the limit in the refusal', () => {
    expect(() =>
      compileEventPattern({ detail: { arn: [{ wildcard: '*:*:*:*:*:event-bus/*' }] } }),
    ).toThrow(
      `"detail.arn": Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character (its complexity is above the limit of ${PatternLimits.MAX_WILDCARD_COMPLEXITY})`,
    );
  });
});
