import { describe, expect, it } from 'vitest';
import {
  compileEventPattern,
  InvalidEventPatternError,
  matchesEventPattern,
} from '../../../../local/services/eventbridge/pattern';

// The EC2 state-change example event of AWS's "Amazon EventBridge event patterns" page, extended.
const event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: {
    'instance-id': 'i-1234567890abcdef0',
    state: 'terminated',
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.123',
    'source-ipv6': '2001:db8:1234:1a00::1',
    location: 'eu-west-1',
    'file-name': 'Image.PNG',
    'is-enabled': true,
    'empty-value': '',
    'null-value': null,
    tags: ['alpha', 'beta'],
    items: [
      { name: 'a', qty: 1 },
      { name: 'b', qty: 7 },
    ],
  },
};

const cases: [string, unknown, boolean][] = [
  // exact values, arrays as "any of", nested objects
  ['exact source', { source: ['aws.ec2'] }, true],
  ['exact source mismatch', { source: ['aws.s3'] }, false],
  ['any of several values', { source: ['aws.s3', 'aws.ec2'] }, true],
  ['nested field', { detail: { state: ['terminated'] } }, true],
  ['nested mismatch', { detail: { state: ['running'] } }, false],
  ['all fields must match', { source: ['aws.ec2'], detail: { state: ['running'] } }, false],
  ['number exact', { detail: { 'c-count': [5] } }, true],
  ['number is not a string', { detail: { 'c-count': ['5'] } }, false],
  ['number written differently', { detail: { 'x-limit': [3.018e2] } }, true],
  ['boolean', { detail: { 'is-enabled': [true] } }, true],
  ['null matches null', { detail: { 'null-value': [null] } }, true],
  ['null does not match a missing field', { detail: { missing: [null] } }, false],
  ['empty string', { detail: { 'empty-value': [''] } }, true],
  ['missing field', { detail: { nope: ['x'] } }, false],
  // arrays in the event
  [
    'event array contains the value',
    { resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'] },
    true,
  ],
  ['event array of strings', { detail: { tags: ['beta'] } }, true],
  ['event array without the value', { detail: { tags: ['gamma'] } }, false],
  ['event array of objects', { detail: { items: { name: ['b'] } } }, true],
  ['fields of one array element', { detail: { items: { name: ['b'], qty: [7] } } }, true],
  ['fields of different array elements', { detail: { items: { name: ['a'], qty: [7] } } }, false],
  // prefix / suffix
  ['prefix', { detail: { location: [{ prefix: 'eu-' }] } }, true],
  ['prefix mismatch', { detail: { location: [{ prefix: 'us-' }] } }, false],
  ['prefix ignore case', { source: [{ prefix: { 'equals-ignore-case': 'AWS.' } }] }, true],
  ['suffix', { detail: { 'file-name': [{ suffix: '.PNG' }] } }, true],
  ['suffix is case sensitive', { detail: { 'file-name': [{ suffix: '.png' }] } }, false],
  [
    'suffix ignore case',
    { detail: { 'file-name': [{ suffix: { 'equals-ignore-case': '.png' } }] } },
    true,
  ],
  ['prefix on a number', { detail: { 'c-count': [{ prefix: '5' }] } }, false],
  // anything-but
  ['anything-but value', { detail: { state: [{ 'anything-but': 'initializing' }] } }, true],
  [
    'anything-but the value present',
    { detail: { state: [{ 'anything-but': 'terminated' }] } },
    false,
  ],
  [
    'anything-but list',
    { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    true,
  ],
  ['anything-but number list', { detail: { 'c-count': [{ 'anything-but': [1, 5] }] } }, false],
  ['anything-but prefix', { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, true],
  [
    'anything-but prefix present',
    { detail: { state: [{ 'anything-but': { prefix: 'term' } }] } },
    false,
  ],
  [
    'anything-but suffix',
    { detail: { 'file-name': [{ 'anything-but': { suffix: '.txt' } }] } },
    true,
  ],
  [
    'anything-but wildcard',
    { detail: { 'file-name': [{ 'anything-but': { wildcard: '*.PNG' } }] } },
    false,
  ],
  [
    'anything-but wildcard list',
    { detail: { 'file-name': [{ 'anything-but': { wildcard: ['*.txt', 'x*'] } }] } },
    true,
  ],
  [
    'anything-but ignore case',
    { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'TERMINATED' } }] } },
    false,
  ],
  ['anything-but on a missing field', { detail: { nope: [{ 'anything-but': 'x' }] } }, false],
  // numeric
  ['numeric range', { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } }, true],
  ['numeric range excludes', { detail: { 'd-count': [{ numeric: ['<', 3] }] } }, false],
  ['numeric equals', { detail: { 'x-limit': [{ numeric: ['=', 301.8] }] } }, true],
  ['numeric >=', { detail: { 'd-count': [{ numeric: ['>=', 3] }] } }, true],
  ['numeric on a string', { detail: { state: [{ numeric: ['>', 0] }] } }, false],
  // exists
  ['exists true', { detail: { state: [{ exists: true }] } }, true],
  ['exists true on a missing field', { detail: { nope: [{ exists: true }] } }, false],
  ['exists false on a missing field', { detail: { nope: [{ exists: false }] } }, true],
  ['exists false on a present field', { detail: { state: [{ exists: false }] } }, false],
  [
    'exists does not match intermediate nodes (AWS: leaves only)',
    { detail: { items: [{ exists: true }] } },
    false,
  ],
  ['exists true on a null value', { detail: { 'null-value': [{ exists: true }] } }, true],
  // equals-ignore-case
  [
    'equals-ignore-case',
    { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
    true,
  ],
  ['equals-ignore-case mismatch', { source: [{ 'equals-ignore-case': 'AWS.S3' }] }, false],
  // wildcard
  ['wildcard', { detail: { 'file-name': [{ wildcard: 'Image.*' }] } }, true],
  ['wildcard in the middle', { resources: [{ wildcard: 'arn:aws:ec2:*:instance/*' }] }, true],
  ['wildcard mismatch', { detail: { 'file-name': [{ wildcard: '*.txt' }] } }, false],
  ['wildcard escaped star', { detail: { 'file-name': [{ wildcard: 'Image\\*' }] } }, false],
  // cidr
  ['cidr IPv4', { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }, true],
  ['cidr IPv4 outside', { detail: { 'source-ip': [{ cidr: '10.0.1.0/24' }] } }, false],
  ['cidr IPv6', { detail: { 'source-ipv6': [{ cidr: '2001:db8:1234:1a00::/64' }] } }, true],
  [
    'cidr IPv6 outside',
    { detail: { 'source-ipv6': [{ cidr: '2001:db8:1234:1b00::/64' }] } },
    false,
  ],
  // $or
  [
    '$or first branch',
    {
      detail: {
        $or: [{ 'c-count': [{ numeric: ['>', 0] }] }, { 'd-count': [{ numeric: ['<', 0] }] }],
      },
    },
    true,
  ],
  [
    '$or no branch',
    {
      detail: {
        $or: [{ 'c-count': [{ numeric: ['>', 10] }] }, { 'd-count': [{ numeric: ['<', 0] }] }],
      },
    },
    false,
  ],
  [
    '$or at top level',
    { source: ['aws.ec2'], $or: [{ region: ['eu-west-1'] }, { account: ['111122223333'] }] },
    true,
  ],
  [
    '$or nested in $or',
    { $or: [{ source: ['x'] }, { $or: [{ region: ['nope'] }, { region: ['us-west-1'] }] }] },
    true,
  ],
  // several operators in one field are ORed
  [
    'operators in one array are alternatives',
    { detail: { state: [{ prefix: 'run' }, 'terminated'] } },
    true,
  ],
];

describe('Function: compileEventPattern', () => {
  it.each(cases)('%s', (_label, pattern, expected) => {
    expect(compileEventPattern(pattern).matches(event)).toBe(expected);
  });

  it('accepts the pattern as JSON text', () => {
    expect(matchesEventPattern(JSON.stringify({ source: ['aws.ec2'] }), event)).toBe(true);
  });

  const invalid: [string, unknown, RegExp][] = [
    ['not JSON', '{source', /not valid JSON/],
    ['not an object', ['aws.ec2'], /must be a JSON object/],
    [
      'a bare value instead of an array',
      { source: 'aws.ec2' },
      /"source": match values must be in an array/,
    ],
    ['an empty array', { source: [] }, /"source": match value arrays cannot be empty/],
    ['an unknown operator', { source: [{ contains: 'ec2' }] }, /unknown operator "contains"/],
    ['two operators in one object', { source: [{ prefix: 'a', suffix: 'b' }] }, /exactly one key/],
    ['prefix of a number', { source: [{ prefix: 5 }] }, /prefix needs a string/],
    ['suffix of a number', { source: [{ suffix: 5 }] }, /suffix needs a string/],
    [
      'prefix with another operator inside',
      { source: [{ prefix: { wildcard: 'a*' } }] },
      /prefix takes a string or/,
    ],
    [
      'equals-ignore-case of a number',
      { source: [{ 'equals-ignore-case': 5 }] },
      /equals-ignore-case needs a string/,
    ],
    ['wildcard of a number', { source: [{ wildcard: 5 }] }, /wildcard needs a string/],
    ['cidr that is not an address', { ip: [{ cidr: 'example.com/8' }] }, /is not a CIDR range/],
    ['an empty nested object', { detail: {} }, /"detail": empty object/],
    [
      'numeric with a string bound',
      { detail: { n: [{ numeric: ['>', '5'] }] } },
      /"detail.n": numeric operator '>' needs a number, got "5"/,
    ],
    ['numeric with a bad operator', { n: [{ numeric: ['!=', 5] }] }, /is not one of/],
    ['numeric with two lower bounds', { n: [{ numeric: ['>', 1, '>=', 2] }] }, /two lower bounds/],
    ['numeric with an odd length', { n: [{ numeric: ['>', 1, '<'] }] }, /operator\/number pairs/],
    ['numeric out of range', { n: [{ numeric: ['<', 6e9] }] }, /outside ±5.0e9/],
    ['exists with a string', { n: [{ exists: 'true' }] }, /exists needs true or false/],
    [
      'anything-but with mixed types',
      { n: [{ 'anything-but': ['a', 1] }] },
      /all strings or all numbers/,
    ],
    ['anything-but with an empty list', { n: [{ 'anything-but': [] }] }, /list is empty/],
    [
      'anything-but with numeric',
      { n: [{ 'anything-but': { numeric: ['>', 1] } }] },
      /does not take "numeric"/,
    ],
    ['consecutive wildcards', { n: [{ wildcard: 'a**b' }] }, /consecutive wildcards/],
    ['a malformed cidr', { ip: [{ cidr: '10.0.0.0/33' }] }, /is not a CIDR range/],
    ['$or with one branch', { $or: [{ a: ['1'] }] }, /at least two patterns/],
    [
      '$or with a non-object',
      { $or: [{ a: ['1'] }, ['b']] },
      /each \$or alternative must be an object/,
    ],
  ];

  it.each(invalid)('fails on %s', (_label, pattern, message) => {
    expect(() => compileEventPattern(pattern)).toThrow(InvalidEventPatternError);
    expect(() => compileEventPattern(pattern)).toThrow(message);
  });
});
