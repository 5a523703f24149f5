import { describe, expect, it } from 'vitest';
import {
  compileEventPattern,
  InvalidEventPatternError,
  matchesEventPattern,
} from '../../../../local/services/eventbridge/pattern';

/** [what is wrong, pattern, the message expected (the path is part of it)] */
type Refusal = readonly [string, unknown, string | RegExp];

function refuse(cases: readonly Refusal[]) {
  it.each(cases)('refuses %s', (_label, pattern, message) => {
    // Act
    let thrown: unknown;
    try {
      compileEventPattern(pattern);
    } catch (error) {
      thrown = error;
    }
    // Assess
    expect(thrown).toBeInstanceOf(InvalidEventPatternError);
    if (typeof message === 'string') expect((thrown as Error).message).toBe(message);
    else expect((thrown as Error).message).toMatch(message);
  });
}

describe('Function: compileEventPattern', () => {
  describe('Refusals: the pattern as a whole', () => {
    refuse([
      ['text that is not JSON', '{"source": [aws.ec2]}', /^the event pattern is not valid JSON: /],
      ['JSON with single quotes', "{'bad': 'quotation'}", /^the event pattern is not valid JSON/],
      [
        'a JSON array',
        '["not", "an", "object"]',
        'the event pattern must be a JSON object, got an array',
      ],
      ['a JSON string', '"aws.ec2"', 'the event pattern must be a JSON object, got "aws.ec2"'],
      ['a number', 42, 'the event pattern must be a JSON object, got 42'],
      ['null', null, 'the event pattern must be a JSON object, got null'],
      ['an empty object', {}, 'empty objects are not allowed; name the fields to match'],
      [
        'an empty nested object',
        { detail: {} },
        '"detail": empty objects are not allowed; name the fields to match',
      ],
    ]);
  });

  describe('Refusals: match values must be in arrays', () => {
    refuse([
      [
        'a bare string (match values go in an array)',
        { source: 'aws.ec2' },
        '"source": must be an object or an array: match values go in an array, e.g. ["aws.ec2"]',
      ],
      [
        'a bare number',
        { detail: { int: 42 } },
        '"detail.int": must be an object or an array: match values go in an array, e.g. [42]',
      ],
      [
        'a bare boolean',
        { flag: true },
        '"flag": must be an object or an array: match values go in an array, e.g. [true]',
      ],
      [
        'a bare null',
        { v: null },
        '"v": must be an object or an array: match values go in an array, e.g. [null]',
      ],
      [
        'an empty array',
        { resources: [] },
        '"resources": empty arrays are not allowed; list at least one value to match',
      ],
      [
        'an array inside the list',
        { v: [['a']] },
        '"v": match values must be strings, numbers, true, false, null or an operator object, got an array',
      ],
      [
        'an empty match expression',
        { v: [{}] },
        '"v": empty match expression; give one operator, e.g. {"prefix": "abc"}',
      ],
      [
        'two operators in one match expression',
        { v: [{ prefix: 'a', suffix: 'b' }] },
        '"v": only one operator is allowed in a match expression, got "prefix", "suffix"; list alternatives as separate values instead',
      ],
      [
        'an unknown operator',
        { v: [{ contains: 'ec2' }] },
        /^"v": unrecognized match type "contains"; operators are prefix, suffix/,
      ],
      [
        'operators in capitals (EXISTS)',
        { my_key: [{ EXISTS: true }] },
        /^"my_key": unrecognized match type "EXISTS"/,
      ],
      [
        'operators in capitals (NUMERIC)',
        { detail: { equal: [{ NUMERIC: ['=', 5] }] } },
        /^"detail.equal": unrecognized match type "NUMERIC"/,
      ],
      [
        'the undocumented "exactly"',
        { v: [{ exactly: 'x' }] },
        /^"v": unrecognized match type "exactly"/,
      ],
      ['a number that is not JSON (NaN)', { v: [Number.NaN] }, '"v": NaN is not a JSON number'],
      [
        'a value JSON has no type for',
        { v: [undefined] },
        '"v": match values must be strings, numbers, true, false, null or an operator object, got undefined',
      ],
      [
        'a numeric operand that is not JSON (Infinity)',
        { n: [{ numeric: ['<', Number.POSITIVE_INFINITY] }] },
        `"n": numeric operator '<' needs a number, got Infinity`,
      ],
    ]);
  });

  describe('Refusals: prefix, suffix, equals-ignore-case', () => {
    refuse([
      [
        'prefix of a number',
        { time: [{ prefix: 123 }] },
        '"time": prefix match pattern must be a string, got 123',
      ],
      [
        'prefix of a list',
        { time: [{ prefix: ['2022-07-13'] }] },
        '"time": prefix match pattern must be a string, got ["2022-07-13"]',
      ],
      [
        'prefix of null',
        { time: [{ prefix: null }] },
        '"time": prefix match pattern must be a string, got null',
      ],
      [
        'prefix with another operator inside',
        { v: [{ prefix: { wildcard: 'a*' } }] },
        '"v": prefix takes a string or {"equals-ignore-case": string}, got {"wildcard":"a*"}',
      ],
      [
        'prefix equals-ignore-case of a number',
        { v: [{ prefix: { 'equals-ignore-case': 1 } }] },
        '"v": prefix equals-ignore-case match pattern must be a string, got 1',
      ],
      [
        'suffix of a number',
        { FileName: [{ suffix: 123 }] },
        '"FileName": suffix match pattern must be a string, got 123',
      ],
      [
        'suffix of a list',
        { FileName: [{ suffix: ['.png'] }] },
        '"FileName": suffix match pattern must be a string, got [".png"]',
      ],
      [
        'suffix with two keys inside',
        { v: [{ suffix: { 'equals-ignore-case': '.png', x: 1 } }] },
        /^"v": suffix takes a string or \{"equals-ignore-case": string\}/,
      ],
      [
        'equals-ignore-case of a list',
        { 'detail-type': [{ 'equals-ignore-case': ['ec2 instance state-change notification'] }] },
        /^"detail-type": equals-ignore-case match pattern must be a string, got \["ec2/,
      ],
      [
        'equals-ignore-case of an object',
        { 'detail-type': [{ 'equals-ignore-case': { prefix: 'ec2' } }] },
        '"detail-type": equals-ignore-case match pattern must be a string, got {"prefix":"ec2"}',
      ],
      [
        'equals-ignore-case of a number',
        { v: [{ 'equals-ignore-case': 5 }] },
        '"v": equals-ignore-case match pattern must be a string, got 5',
      ],
    ]);
  });

  describe('Refusals: wildcard', () => {
    refuse([
      [
        'wildcard of a number',
        { EventBusArn: [{ wildcard: 123 }] },
        '"EventBusArn": wildcard match pattern must be a string, got 123',
      ],
      [
        'wildcard of a list',
        { EventBusArn: [{ wildcard: ['arn:*'] }] },
        '"EventBusArn": wildcard match pattern must be a string, got ["arn:*"]',
      ],
      [
        'consecutive wildcard characters',
        { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:**:event-bus/*' }] },
        '"EventBusArn": wildcard "arn:aws:events:us-east-1:**:event-bus/*" has consecutive wildcard characters at position 25',
      ],
      [
        'an escaped backslash followed by "**"',
        { v: [{ wildcard: 'a\\\\**' }] },
        /consecutive wildcard characters at position 3/,
      ],
      [
        'a backslash before another character',
        { v: [{ wildcard: 'C:\\dir' }] },
        '"v": wildcard "C:\\\\dir" has an invalid escape at position 2; only \\* and \\\\ may be escaped',
      ],
      ['a trailing backslash', { v: [{ wildcard: 'abc\\' }] }, /invalid escape at position 3/],
    ]);
  });

  describe('Refusals: exists', () => {
    refuse([
      [
        'exists "true" as a string',
        { v: [{ exists: 'true' }] },
        '"v": exists match pattern must be either true or false, got "true"',
      ],
      [
        'exists 1',
        { v: [{ exists: 1 }] },
        '"v": exists match pattern must be either true or false, got 1',
      ],
      [
        'exists null',
        { v: [{ exists: null }] },
        '"v": exists match pattern must be either true or false, got null',
      ],
    ]);
  });

  describe('Refusals: numeric', () => {
    refuse([
      [
        'a string operand',
        { detail: { amount: [{ numeric: ['>', '5'] }] } },
        `"detail.amount": numeric operator '>' needs a number, got "5"`,
      ],
      [
        'a number instead of an array',
        { detail: { 'c-count': [{ numeric: 10 }] } },
        '"detail.c-count": numeric needs an array of operator/number pairs, e.g. [">", 0, "<=", 5], got 10',
      ],
      [
        'an empty array',
        { n: [{ numeric: [] }] },
        '"n": numeric must start with an operator (=, <, <=, >, >=), got an empty array',
      ],
      [
        'a number first',
        { n: [{ numeric: [5, '>'] }] },
        '"n": numeric must start with an operator (=, <, <=, >, >=), got 5',
      ],
      [
        'an unknown operator',
        { n: [{ numeric: ['!=', 5] }] },
        '"n": unrecognized numeric operator "!="; use =, <, <=, > or >=',
      ],
      [
        'a missing operand',
        { n: [{ numeric: ['>'] }] },
        `"n": numeric operator '>' needs a number, got nothing`,
      ],
      [
        'null as operand',
        { n: [{ numeric: ['<', null] }] },
        `"n": numeric operator '<' needs a number, got null`,
      ],
      [
        'true as operand',
        { n: [{ numeric: ['=', true] }] },
        `"n": numeric operator '=' needs a number, got true`,
      ],
      [
        'two lower bounds',
        { detail: { 'c-count': [{ numeric: ['>', 0, '>', 0] }] } },
        '"detail.c-count": bad numeric range operator ">": after a lower bound only < or <= may follow',
      ],
      [
        'the upper bound first',
        { n: [{ numeric: ['<', 10, '>', 0] }] },
        '"n": numeric range must give its lower bound (> or >=) first, then its upper bound (< or <=); got ["<",10,">",0]',
      ],
      [
        'a range without its second number',
        { detail: { 'c-count': [{ numeric: ['>', 0, '<'] }] } },
        `"detail.c-count": numeric operator '<' needs a number, got nothing`,
      ],
      [
        '= combined with a bound',
        { n: [{ numeric: ['=', 5, '<', 10] }] },
        `"n": numeric '=' takes exactly one number and cannot be combined with other operators`,
      ],
      [
        'a number where the second operator goes',
        { n: [{ numeric: ['>', 0, 5, 10] }] },
        '"n": bad value in numeric range: 5',
      ],
      [
        'more than two pairs',
        { n: [{ numeric: ['>', 0, '<', 5, '<', 6] }] },
        '"n": numeric takes at most two operator/number pairs, got [">",0,"<",5,"<",6]',
      ],
      [
        'an empty range',
        { n: [{ numeric: ['>=', 5, '<=', 5] }] },
        '"n": numeric range is empty: the lower bound 5 must be less than the upper bound 5',
      ],
      [
        'a reversed range',
        { n: [{ numeric: ['>', 10, '<', 1] }] },
        '"n": numeric range is empty: the lower bound 10 must be less than the upper bound 1',
      ],
      [
        'a bound beyond 5.0e9',
        { n: [{ numeric: ['<', 6e9] }] },
        `"n": numeric operator '<' value 6000000000 is outside the supported range -5.0e9 to 5.0e9`,
      ],
      [
        'a bound below -5.0e9',
        { n: [{ numeric: ['>', -5.5e9] }] },
        `"n": numeric operator '>' value -5500000000 is outside the supported range -5.0e9 to 5.0e9`,
      ],
    ]);
  });

  describe('Refusals: cidr', () => {
    const ip = (cidr: unknown) => ({ detail: { sourceIPAddress: [{ cidr }] } });
    refuse([
      [
        'no slash',
        ip('bad-filter'),
        `"detail.sourceIPAddress": Malformed CIDR "bad-filter", one '/' required (e.g. "10.0.0.0/24")`,
      ],
      ['two slashes', ip('10.0.0.0/8/8'), /Malformed CIDR "10.0.0.0\/8\/8", one '\/' required/],
      ['a slash without mask', ip('10.0.0.0/'), /Malformed CIDR "10.0.0.0\/", one '\/' required/],
      [
        'a mask that is not an integer',
        ip('bad-/64filter'),
        '"detail.sourceIPAddress": Malformed CIDR "bad-/64filter", mask bits must be an integer',
      ],
      ['a negative mask', ip('10.0.0.0/-1'), /mask bits must not be negative/],
      [
        'something that is not an address',
        ip('xx.11.xx/8'),
        '"detail.sourceIPAddress": Nonstandard IP address: xx.11.xx',
      ],
      [
        'an IPv6 range with a bad group',
        ip('xxxx:db8:1234:1a00::/64'),
        '"detail.sourceIPAddress": Nonstandard IP address: xxxx:db8:1234:1a00::',
      ],
      [
        'an address with an octet over 255',
        ip('999.0.0.1/8'),
        '"detail.sourceIPAddress": Invalid IP address: 999.0.0.1',
      ],
      ['an IPv4 mask over 32', ip('10.0.0.0/33'), /IPv4 mask bits must be < 32, got 33/],
      ['an IPv4 /32 (a single address)', ip('10.0.0.1/32'), /IPv4 mask bits must be < 32, got 32/],
      ['an IPv6 /128', ip('2001:db8::1/128'), /IPv6 mask bits must be < 128, got 128/],
      [
        'a list',
        ip(['bad-type']),
        '"detail.sourceIPAddress": cidr match pattern must be a string, got ["bad-type"]',
      ],
      ['a number', ip(10), '"detail.sourceIPAddress": cidr match pattern must be a string, got 10'],
    ]);
  });

  describe('Refusals: anything-but', () => {
    const ab = (operand: unknown) => ({ detail: { state: [{ 'anything-but': operand }] } });
    refuse([
      [
        'null',
        ab(null),
        /^"detail.state": anything-but needs a string, a number, a list of strings or of numbers, or an object with prefix, suffix, equals-ignore-case or wildcard; got null$/,
      ],
      ['a boolean', ab(true), /anything-but needs a string, a number, .*; got true$/],
      ['an empty list', ab([]), '"detail.state": anything-but list cannot be empty'],
      [
        'a list of strings and numbers',
        ab(['a', 1]),
        '"detail.state": anything-but list must hold only strings or only numbers, not both: ["a",1]',
      ],
      [
        'a list with null',
        ab(['stopped', null]),
        '"detail.state": anything-but list values must be strings or numbers, got null',
      ],
      [
        'a list with a boolean',
        ab([true]),
        '"detail.state": anything-but list values must be strings or numbers, got true',
      ],
      [
        'a number beyond 5.0e9',
        ab(6e9),
        /anything-but number 6000000000 is outside the supported range -5\.0e\+9 to 5\.0e\+9/,
      ],
      [
        'a list with a number beyond 5.0e9',
        ab([1, -6e9]),
        /anything-but number -6000000000 is outside/,
      ],
      [
        'an empty object',
        ab({}),
        '"detail.state": anything-but object needs one of prefix, suffix, equals-ignore-case or wildcard',
      ],
      [
        'an object with two operators',
        ab({ prefix: 'a', suffix: 'b' }),
        '"detail.state": anything-but object takes exactly one operator, got "prefix", "suffix"',
      ],
      [
        'numeric inside',
        ab({ numeric: ['>', 1] }),
        '"detail.state": anything-but does not support "numeric"; use prefix, suffix, equals-ignore-case or wildcard',
      ],
      ['exists inside', ab({ exists: false }), /anything-but does not support "exists"/],
      [
        'an empty prefix',
        ab({ prefix: '' }),
        '"detail.state": anything-but prefix cannot be an empty string',
      ],
      [
        'an empty suffix',
        ab({ suffix: '' }),
        '"detail.state": anything-but suffix cannot be an empty string',
      ],
      [
        'an empty prefix in a list',
        ab({ prefix: ['a', ''] }),
        '"detail.state": anything-but prefix cannot be an empty string',
      ],
      [
        'a numeric prefix',
        ab({ prefix: 123 }),
        '"detail.state": anything-but prefix needs a string or a list of strings, got 123',
      ],
      [
        'a number in a prefix list',
        ab({ prefix: [123, 'test'] }),
        '"detail.state": anything-but prefix values must be strings, got 123',
      ],
      [
        'null in a suffix list',
        ab({ suffix: [null, '.txt'] }),
        '"detail.state": anything-but suffix values must be strings, got null',
      ],
      [
        'prefix with equals-ignore-case (not supported by anything-but)',
        ab({ prefix: { 'equals-ignore-case': 'file' } }),
        '"detail.state": anything-but prefix needs a string or a list of strings, got {"equals-ignore-case":"file"}',
      ],
      [
        'suffix with equals-ignore-case',
        ab({ suffix: { 'equals-ignore-case': '.png' } }),
        /anything-but suffix needs a string or a list of strings, got \{"equals-ignore-case":".png"\}/,
      ],
      [
        'a numeric equals-ignore-case',
        ab({ 'equals-ignore-case': 123 }),
        /anything-but equals-ignore-case needs a string or a list of strings, got 123/,
      ],
      [
        'numbers in an equals-ignore-case list',
        ab({ 'equals-ignore-case': [123, 456] }),
        /anything-but equals-ignore-case values must be strings, got 123/,
      ],
      [
        'a numeric wildcard',
        ab({ wildcard: 123 }),
        /anything-but wildcard needs a string or a list of strings, got 123/,
      ],
      [
        'a number in a wildcard list',
        ab({ wildcard: [123, '*/dir/*'] }),
        /anything-but wildcard values must be strings, got 123/,
      ],
      [
        'consecutive wildcards',
        ab({ wildcard: 'a**' }),
        /anything-but wildcard "a\*\*" has consecutive wildcard characters at position 1/,
      ],
    ]);
  });

  describe('Refusals: $or', () => {
    refuse([
      [
        '$or with an object',
        { $or: { a: ['1'] } },
        /^"\$or": \$or must be an array of alternative patterns, got \{"a":\["1"\]\}$/,
      ],
      [
        '$or with one alternative',
        { $or: [{ a: ['1'] }] },
        '"$or": $or needs at least 2 alternatives, got 1',
      ],
      [
        '$or with none',
        { detail: { $or: [] } },
        '"detail.$or": $or needs at least 2 alternatives, got 0',
      ],
      [
        'a non-object alternative',
        { $or: [{ a: ['1'] }, ['b']] },
        '"$or": each $or alternative must be a JSON object, got ["b"] at index 1',
      ],
      [
        'an empty alternative',
        { $or: [{ a: ['1'] }, {}] },
        'empty objects are not allowed; name the fields to match',
      ],
      [
        'an operator name as a field inside $or',
        { $or: [{ numeric: ['>', 1] }, { prefix: ['abc'] }] },
        '"numeric": "numeric" is a reserved word and cannot be a field name inside $or; is a match expression missing its [ ]?',
      ],
      [
        'a reserved word deeper inside $or',
        { $or: [{ a: { '>=': [1] } }, { b: ['x'] }] },
        /^"a.>=": ">=" is a reserved word/,
      ],
      [
        'over 1000 combinations (6 × 6 × 6 × 6)',
        {
          $or: Array.from({ length: 6 }, (_, i) => ({ a: [i] })),
          b: { $or: Array.from({ length: 6 }, (_, i) => ({ b: [i] })) },
          c: { $or: Array.from({ length: 6 }, (_, i) => ({ c: [i] })) },
          d: { $or: Array.from({ length: 6 }, (_, i) => ({ d: [i] })) },
        },
        '"d.$or": $or makes 1296 rule combinations or more; at most 1000 are allowed',
      ],
      [
        'over 1000 combinations through nested $or',
        {
          $or: Array.from({ length: 40 }, (_, i) => ({
            a: [i],
            $or: Array.from({ length: 30 }, (_, j) => ({ b: [j] })),
          })),
        },
        /\$or makes 1200 rule combinations or more; at most 1000 are allowed/,
      ],
    ]);
  });

  describe('Class: InvalidEventPatternError', () => {
    it('carries the field path and the reason apart from the message', () => {
      // Act
      let thrown: unknown;
      try {
        compileEventPattern({ detail: { amount: [{ numeric: ['>', '5'] }] } });
      } catch (error) {
        thrown = error;
      }
      // Assess
      expect(thrown).toBeInstanceOf(Error);
      expect(thrown).toMatchObject({
        name: 'InvalidEventPatternError',
        path: 'detail.amount',
        reason: `numeric operator '>' needs a number, got "5"`,
      });
    });

    it('keeps the JSON parser error as the cause', () => {
      // Act
      let thrown: unknown;
      try {
        compileEventPattern('{');
      } catch (error) {
        thrown = error;
      }
      // Assess
      expect((thrown as Error).cause).toBeInstanceOf(SyntaxError);
      expect((thrown as InvalidEventPatternError).path).toBeUndefined();
    });
  });
});

describe('Function: matchesEventPattern', () => {
  it('tests one event against a pattern given as JSON text (TestEventPattern)', () => {
    // Act / Assess
    expect(matchesEventPattern('{"source": ["aws.ec2"]}', { source: 'aws.ec2' })).toBe(true);
    expect(matchesEventPattern('{"source": ["aws.ec2"]}', { source: 'aws.s3' })).toBe(false);
  });

  it('throws for an invalid pattern even when the event would not be read', () => {
    expect(() => matchesEventPattern({ source: 'aws.ec2' }, {})).toThrow(InvalidEventPatternError);
  });
});
