import { describe, expect, it } from 'vitest';
import { compileEventPattern } from '../../../../local/services/eventbridge/pattern';
import {
  autoScalingLaunch,
  contentFiltering,
  withDetail as d,
  ec2StateChange,
  macieFinding,
} from './events';

/** [what is shown, pattern, event, whether AWS matches it] */
type Case = readonly [string, unknown, unknown, boolean];

function check(cases: readonly Case[]) {
  it.each(cases)('%s', (_label, pattern, event, expected) => {
    // Prepare
    const matcher = compileEventPattern(pattern);
    // Act
    const matched = matcher.matches(event);
    // Assess
    expect(matched).toBe(expected);
  });
}

describe('Function: compileEventPattern', () => {
  describe('Values: exact strings, numbers, booleans and null', () => {
    check([
      [
        'the EC2 termination pattern matches the EC2 termination event (AWS example)',
        {
          source: ['aws.ec2'],
          'detail-type': ['EC2 Instance State-change Notification'],
          detail: { state: ['terminated'] },
        },
        ec2StateChange,
        true,
      ],
      [
        'the EC2 termination pattern does not match another state',
        { source: ['aws.ec2'], detail: { state: ['running'] } },
        ec2StateChange,
        false,
      ],
      [
        'a list of values is "any of" (aws.ec2 or aws.fargate)',
        { source: ['aws.ec2', 'aws.fargate'] },
        ec2StateChange,
        true,
      ],
      [
        'no value of the list matches',
        { source: ['aws.fargate', 'aws.s3'] },
        ec2StateChange,
        false,
      ],
      ['fields not in the pattern are ignored', { region: ['us-west-1'] }, ec2StateChange, true],
      [
        'a field the event lacks never matches a value',
        { detail: { nope: ['x'] } },
        ec2StateChange,
        false,
      ],
      ['field names are case-sensitive', { SOURCE: ['aws.ec2'] }, ec2StateChange, false],
      ['strings match without case-folding', { source: ['AWS.EC2'] }, ec2StateChange, false],
      [
        'strings match character by character (emoji, trailing space)',
        { detail: { s: ['A string with an emoji 🚀 and a space '] } },
        d({ s: 'A string with an emoji 🚀 and a space ' }),
        true,
      ],
      ['a shorter string is not a match', { detail: { s: ['abc'] } }, d({ s: 'abcd' }), false],
      [
        'nested objects: severity.score 1 and count 2 (AWS Macie example)',
        {
          source: ['aws.macie'],
          'detail-type': ['Macie Finding'],
          detail: { severity: { score: [1] }, count: [2] },
        },
        macieFinding,
        true,
      ],
      [
        'nested objects: another score',
        { detail: { severity: { score: [2] } } },
        macieFinding,
        false,
      ],
      [
        'null matches a null value (AWS Auto Scaling example)',
        { detail: { responseElements: [null] } },
        autoScalingLaunch,
        true,
      ],
      ['null does not match the string "null"', { detail: { v: [null] } }, d({ v: 'null' }), false],
      ['null does not match a missing field', { detail: { v: [null] } }, d({}), false],
      [
        'the empty string matches an empty string (AWS example)',
        { detail: { eventVersion: [''] } },
        autoScalingLaunch,
        true,
      ],
      [
        '"Null values and empty strings are not interchangeable": "" vs null',
        { detail: { responseElements: [''] } },
        autoScalingLaunch,
        false,
      ],
      ['null vs an empty string', { detail: { eventVersion: [null] } }, autoScalingLaunch, false],
      ['false matches false', { flag: [false] }, { flag: false }, true],
      ['false does not match true', { flag: [false] }, { flag: true }, false],
      ['true does not match the string "true"', { flag: [true] }, { flag: 'true' }, false],
      ['"true" does not match the boolean true', { flag: ['true'] }, { flag: true }, false],
      ['a number matches the same number', { detail: { count: [2] } }, macieFinding, true],
      ['numbers compare by value: [300] matches 300.0', '{"n": [300]}', { n: 300.0 }, true],
      ['numbers compare by value: [3.0e2] matches 300', '{"n": [3.0e2]}', { n: 300 }, true],
      ['numbers compare by value: [301.8] matches 3.018e2', { n: [301.8] }, { n: 3.018e2 }, true],
      ['a number does not match its string', { n: [5] }, { n: '5' }, false],
      ['a string does not match the number', { n: ['5'] }, { n: 5 }, false],
      ['a different number does not match', { n: [5] }, { n: 5.5 }, false],
      [
        'numbers compare to six digits after the decimal point (0.1 + 0.2 = 0.3)',
        { n: [0.3] },
        { n: 0.1 + 0.2 },
        true,
      ],
      ['negative numbers', { n: [-17.5] }, { n: -17.5 }, true],
      [
        'numbers beyond the numeric range still match exactly',
        { account: [123456789012] },
        { account: 123456789012 },
        true,
      ],
      [
        'a pattern object needs an object in the event, not a string holding JSON',
        { detail: { 'my-key': ['my-value'] } },
        d('{"my-key": "my-value"}'),
        false,
      ],
      ['a leaf list does not match an object', { detail: ['x'] }, ec2StateChange, false],
      [
        'all fields must match (AND)',
        { source: ['aws.ec2'], detail: { state: ['running'] } },
        ec2StateChange,
        false,
      ],
      [
        'the pattern may be JSON text; a repeated key keeps its last value, as AWS documents',
        '{"detail": {"state": [{"prefix": "term"}], "state": [{"anything-but": "terminated"}]}}',
        ec2StateChange,
        false,
      ],
    ]);
  });

  describe('Events that are not objects', () => {
    it.each([
      ['a string', 'aws.ec2'],
      ['null', null],
      ['an array', [ec2StateChange]],
      ['a number', 5],
    ])('never match when the event is %s', (_label, event) => {
      // Prepare
      const matcher = compileEventPattern({ source: [{ exists: false }] });
      // Act / Assess
      expect(matcher.matches(event)).toBe(false);
    });
  });

  describe('Operator: prefix', () => {
    check([
      [
        'time starting with 2017-10-02 (AWS example)',
        { time: [{ prefix: '2017-10-02' }] },
        contentFiltering,
        true,
      ],
      ['another day', { time: [{ prefix: '2017-10-03' }] }, contentFiltering, false],
      ['prefix is case-sensitive', { source: [{ prefix: 'AWS.' }] }, ec2StateChange, false],
      [
        'the whole value is a prefix of itself',
        { source: [{ prefix: 'aws.ec2' }] },
        ec2StateChange,
        true,
      ],
      [
        'a longer prefix than the value',
        { source: [{ prefix: 'aws.ec2.x' }] },
        ec2StateChange,
        false,
      ],
      ['the empty prefix matches any string', { source: [{ prefix: '' }] }, ec2StateChange, true],
      ['the empty prefix does not match a number', { n: [{ prefix: '' }] }, { n: 12 }, false],
      ['prefix works on strings only: not on numbers', { n: [{ prefix: '1' }] }, { n: 12 }, false],
      ['nor on null', { n: [{ prefix: 'n' }] }, { n: null }, false],
      ['nor on booleans', { n: [{ prefix: 't' }] }, { n: true }, false],
      ['nor on a missing field', { n: [{ prefix: '' }] }, {}, false],
      [
        'prefix matches an element of an event array',
        { resources: [{ prefix: 'arn:aws:ec2:us-west-1:' }] },
        ec2StateChange,
        true,
      ],
      [
        'prefix with equals-ignore-case: "EventB" matches "EvEnTbridge" (AWS example)',
        { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
        d({ service: 'EvEnTbridge' }),
        true,
      ],
      [
        'prefix with equals-ignore-case: a different start',
        { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
        d({ service: 'Events' }),
        false,
      ],
      [
        'prefix with equals-ignore-case on a number',
        { n: [{ prefix: { 'equals-ignore-case': '1' } }] },
        { n: 12 },
        false,
      ],
    ]);
  });

  describe('Operator: suffix', () => {
    check([
      [
        'FileName ending in .png (AWS example)',
        { FileName: [{ suffix: '.png' }] },
        { FileName: 'image.png' },
        true,
      ],
      [
        'suffix is case-sensitive',
        { FileName: [{ suffix: '.PNG' }] },
        { FileName: 'image.png' },
        false,
      ],
      [
        'another extension',
        { FileName: [{ suffix: '.png' }] },
        { FileName: 'image.png.bak' },
        false,
      ],
      ['the empty suffix matches any string', { source: [{ suffix: '' }] }, ec2StateChange, true],
      ['suffix works on strings only', { n: [{ suffix: '2' }] }, { n: 12 }, false],
      [
        'suffix with equals-ignore-case: ".png" matches "image.PNG" (AWS example)',
        { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
        d({ FileName: 'image.PNG' }),
        true,
      ],
      [
        'suffix with equals-ignore-case: another extension',
        { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
        d({ FileName: 'image.jpg' }),
        false,
      ],
    ]);
  });

  describe('Operator: equals-ignore-case', () => {
    check([
      [
        'detail-type in any case (AWS example)',
        { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
        ec2StateChange,
        true,
      ],
      [
        'the AWS example event, whose detail-type is an array',
        { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
        { 'detail-type': ['EC2 Instance State-change Notification'] },
        true,
      ],
      ['another string', { source: [{ 'equals-ignore-case': 'AWS.S3' }] }, ec2StateChange, false],
      ['not a prefix match', { source: [{ 'equals-ignore-case': 'AWS' }] }, ec2StateChange, false],
      [
        'non-ASCII letters fold too',
        { s: [{ 'equals-ignore-case': 'ÄRGER' }] },
        { s: 'ärger' },
        true,
      ],
      [
        'the empty string matches the empty string',
        { s: [{ 'equals-ignore-case': '' }] },
        { s: '' },
        true,
      ],
      [
        'the empty string does not match text',
        { s: [{ 'equals-ignore-case': '' }] },
        { s: 'x' },
        false,
      ],
      ['strings only: not a number', { n: [{ 'equals-ignore-case': '5' }] }, { n: 5 }, false],
      ['strings only: not null', { n: [{ 'equals-ignore-case': 'null' }] }, { n: null }, false],
    ]);
  });

  describe('Operator: anything-but', () => {
    const state = (v: unknown) => d(v === undefined ? {} : { state: v });
    check([
      [
        'a string: another value (AWS example)',
        { detail: { state: [{ 'anything-but': 'initializing' }] } },
        state('pending'),
        true,
      ],
      [
        'a string: the excluded value',
        { detail: { state: [{ 'anything-but': 'initializing' }] } },
        state('initializing'),
        false,
      ],
      [
        'a string: never a missing field',
        { detail: { state: [{ 'anything-but': 'initializing' }] } },
        state(undefined),
        false,
      ],
      [
        'a string: matches null (observed on AWS)',
        { detail: { state: [{ 'anything-but': 'initializing' }] } },
        state(null),
        true,
      ],
      [
        'a string: matches a number',
        { detail: { state: [{ 'anything-but': 'initializing' }] } },
        state(5),
        true,
      ],
      [
        'a string: matches a boolean',
        { detail: { state: [{ 'anything-but': 'initializing' }] } },
        state(true),
        true,
      ],
      [
        'a string: is case-sensitive',
        { detail: { state: [{ 'anything-but': 'initializing' }] } },
        state('INITIALIZING'),
        true,
      ],
      [
        'a number: another number (AWS example)',
        { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
        d({ 'x-limit': 789 }),
        true,
      ],
      [
        'a number: the excluded number',
        { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
        d({ 'x-limit': 123 }),
        false,
      ],
      [
        'a number: the same number written 1.23e2',
        '{"detail": {"x-limit": [{"anything-but": 123}]}}',
        d({ 'x-limit': 1.23e2 }),
        false,
      ],
      [
        'a number: its string is another value',
        { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
        d({ 'x-limit': '123' }),
        true,
      ],
      ['zero', { detail: { 'x-limit': [{ 'anything-but': 0 }] } }, d({ 'x-limit': 789 }), true],
      [
        'a list of strings: another value (AWS example)',
        { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
        state('pending'),
        true,
      ],
      [
        'a list of strings: a listed value',
        { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
        state('overloaded'),
        false,
      ],
      [
        'a list of strings: null',
        { detail: { state: [{ 'anything-but': ['stopped', 'running'] }] } },
        state(null),
        true,
      ],
      [
        'a list of strings: missing',
        { detail: { state: [{ 'anything-but': ['stopped', 'running'] }] } },
        state(undefined),
        false,
      ],
      [
        'a list of numbers: another number (AWS example)',
        { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
        d({ 'x-limit': 999 }),
        true,
      ],
      [
        'a list of numbers: a listed number',
        { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
        d({ 'x-limit': 300 }),
        false,
      ],
      [
        'prefix: another start (AWS example)',
        { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
        state('post-init'),
        true,
      ],
      [
        'prefix: the excluded start',
        { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
        state('init-prefix'),
        false,
      ],
      [
        'prefix: a number (observed on AWS)',
        { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
        state(12),
        true,
      ],
      [
        'prefix: null (observed on AWS)',
        { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
        state(null),
        true,
      ],
      [
        'prefix: missing',
        { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
        state(undefined),
        false,
      ],
      [
        'prefix list: none of them',
        { detail: { state: [{ 'anything-but': { prefix: ['init', 'test'] } }] } },
        state('post-init'),
        true,
      ],
      [
        'prefix list: one of them',
        { detail: { state: [{ 'anything-but': { prefix: ['init', 'post'] } }] } },
        state('post-init'),
        false,
      ],
      [
        'suffix: another ending (AWS example)',
        { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } },
        d({ FileName: 'file.txt.bak' }),
        true,
      ],
      [
        'suffix: the excluded ending',
        { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } },
        d({ FileName: 'file.txt' }),
        false,
      ],
      [
        'suffix list: one of them',
        { detail: { FileName: [{ 'anything-but': { suffix: ['.txt', '.jpg'] } }] } },
        d({ FileName: 'file.jpg' }),
        false,
      ],
      [
        'suffix: null',
        { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } },
        d({ FileName: null }),
        true,
      ],
      [
        'equals-ignore-case: another value (AWS example)',
        { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
        state('pending'),
        true,
      ],
      [
        'equals-ignore-case: the value in capitals',
        { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
        state('INITIALIZING'),
        false,
      ],
      [
        'equals-ignore-case list: one of them',
        {
          detail: {
            state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }],
          },
        },
        state('Stopped'),
        false,
      ],
      [
        'equals-ignore-case: null',
        { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
        state(null),
        true,
      ],
      [
        'equals-ignore-case: missing',
        { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
        state(undefined),
        false,
      ],
      [
        'wildcard: a path without /lib/ (AWS example)',
        { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
        d({ FilePath: '/usr/bin/tool' }),
        true,
      ],
      [
        'wildcard: a path with /lib/',
        { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
        d({ FilePath: '/usr/lib/tool' }),
        false,
      ],
      [
        'wildcard list: one of them',
        { detail: { s: [{ 'anything-but': { wildcard: ['*/init/*', '*/dir/*'] } }] } },
        d({ s: 'dir/init/dir' }),
        false,
      ],
      [
        'wildcard list: none of them',
        { detail: { s: [{ 'anything-but': { wildcard: ['*/init/*', '*/dir/*'] } }] } },
        d({ s: 'dir/post/dir' }),
        true,
      ],
      [
        'wildcard: the empty wildcard excludes only ""',
        { detail: { s: [{ 'anything-but': { wildcard: '' } }] } },
        d({ s: 'dir/init/file' }),
        true,
      ],
      [
        'wildcard: a number (observed on AWS)',
        { detail: { s: [{ 'anything-but': { wildcard: '*/dir/*' } }] } },
        d({ s: 123 }),
        true,
      ],
      [
        'with numeric in one list: "42" is not "101" (observed on AWS)',
        { n: [{ numeric: ['>', 100] }, { 'anything-but': '101' }] },
        { n: '42' },
        true,
      ],
      [
        'with numeric in one list: "101" is neither',
        { n: [{ numeric: ['>', 100] }, { 'anything-but': '101' }] },
        { n: '101' },
        false,
      ],
    ]);
  });

  describe('Operator: numeric', () => {
    const counts = { detail: { 'c-count': 3, 'd-count': 9, 'x-limit': 3.018e2 } };
    check([
      [
        'three ranges that all hold (AWS example)',
        {
          detail: {
            'c-count': [{ numeric: ['>', 0, '<=', 5] }],
            'd-count': [{ numeric: ['<', 10] }],
            'x-limit': [{ numeric: ['=', 3.018e2] }],
          },
        },
        counts,
        true,
      ],
      [
        'one range that does not hold',
        {
          detail: {
            'c-count': [{ numeric: ['>', 0, '<=', 5] }],
            'd-count': [{ numeric: ['<', 9] }],
          },
        },
        counts,
        false,
      ],
      [
        '= matches the same value written differently',
        { detail: { 'x-limit': [{ numeric: ['=', 301.8] }] } },
        counts,
        true,
      ],
      [
        '= does not match another value',
        { detail: { 'x-limit': [{ numeric: ['=', 302] }] } },
        counts,
        false,
      ],
      ['> 100 matches 101.0', '{"n": [{"numeric": [">", 100]}]}', { n: 101.0 }, true],
      ['> is exclusive', { n: [{ numeric: ['>', 100] }] }, { n: 100 }, false],
      ['>= is inclusive', { n: [{ numeric: ['>=', 100] }] }, { n: 100 }, true],
      ['< is exclusive', { n: [{ numeric: ['<', 10] }] }, { n: 10 }, false],
      ['<= is inclusive', { n: [{ numeric: ['<=', 10] }] }, { n: 10 }, true],
      ['a range with an open top', { n: [{ numeric: ['>=', 200, '<', 500] }] }, { n: 500 }, false],
      ['inside a range', { n: [{ numeric: ['>=', 200, '<', 500] }] }, { n: 499.5 }, true],
      ['below a range', { n: [{ numeric: ['>', 200, '<', 500] }] }, { n: 200 }, false],
      ['negative bounds', { n: [{ numeric: ['>', -5, '<', -1] }] }, { n: -3 }, true],
      ['less than zero', { n: [{ numeric: ['<', 0] }] }, { n: -0.5 }, true],
      [
        'the documented limit 5.0e9 is inclusive',
        { n: [{ numeric: ['<=', 5e9] }] },
        { n: 5e9 },
        true,
      ],
      [
        'a number beyond ±5.0e9 cannot be compared',
        { n: [{ numeric: ['>', 0] }] },
        { n: 6e9 },
        false,
      ],
      [
        'precision is six digits after the decimal point',
        { n: [{ numeric: ['=', 0.1234561] }] },
        { n: 0.1234564 },
        true,
      ],
      [
        '"Numeric matching works with values that are JSON numbers": not "300"',
        { n: [{ numeric: ['>', 100] }] },
        { n: '300' },
        false,
      ],
      ['not null', { n: [{ numeric: ['>', 100] }] }, { n: null }, false],
      ['not true', { n: [{ numeric: ['>', 0] }] }, { n: true }, false],
      ['not a missing field', { n: [{ numeric: ['>', 0] }] }, {}, false],
      ['an element of an array of numbers', { n: [{ numeric: ['>', 5] }] }, { n: [1, 7] }, true],
      ['no element of an array of numbers', { n: [{ numeric: ['>', 10] }] }, { n: [1, 7] }, false],
      [
        'two numeric values in one list are alternatives',
        { n: [{ numeric: ['<', 0] }, { numeric: ['>', 100] }] },
        { n: 150 },
        true,
      ],
    ]);
  });

  describe('Operator: exists', () => {
    const pending = d({ 'instance-id': 'i-abcd1111', state: 'pending' });
    const noState = d({ 'c-count': { c1: 100 } });
    check([
      [
        'exists true: detail.state is there (AWS example)',
        { detail: { state: [{ exists: true }] } },
        pending,
        true,
      ],
      [
        'exists true: an event without detail.state (AWS example)',
        { detail: { state: [{ exists: true }] } },
        noState,
        false,
      ],
      [
        'exists false: the field is missing',
        { detail: { state: [{ exists: false }] } },
        noState,
        true,
      ],
      [
        'exists false: the field is there',
        { detail: { state: [{ exists: false }] } },
        pending,
        false,
      ],
      [
        'exists true: null is a value',
        { detail: { responseElements: [{ exists: true }] } },
        autoScalingLaunch,
        true,
      ],
      [
        'exists false: null is a value',
        { detail: { responseElements: [{ exists: false }] } },
        autoScalingLaunch,
        false,
      ],
      [
        'exists true: the empty string is a value',
        { detail: { eventVersion: [{ exists: true }] } },
        autoScalingLaunch,
        true,
      ],
      [
        '"Exists matching only works on leaf nodes": true does not match an object',
        { detail: { 'c-count': [{ exists: true }] } },
        noState,
        false,
      ],
      [
        '…and false matches where only an object is',
        { detail: { 'c-count': [{ exists: false }] } },
        noState,
        true,
      ],
      [
        'exists true: an empty array has no values',
        { resources: [{ exists: true }] },
        autoScalingLaunch,
        false,
      ],
      [
        'exists false: an empty array has no values',
        { resources: [{ exists: false }] },
        autoScalingLaunch,
        true,
      ],
      ['exists true: an array of strings', { resources: [{ exists: true }] }, ec2StateChange, true],
      [
        'exists false: a deep path that is not there',
        { detail: { level1: { 'level2:': { level3: { level4: [{ exists: false }] } } } } },
        d({ level1: { level2: 'l2 value' } }),
        true,
      ],
      [
        'exists false: a deep path that is there',
        { detail: { level1: { level2: { level3: { level4: [{ exists: false }] } } } } },
        d({ level1: { level2: { level3: { level4: 'l4 value' } } } }),
        false,
      ],
      [
        'exists false: a whole missing parent',
        { detail: { missing: { child: [{ exists: false }] } } },
        d({ other: 1 }),
        true,
      ],
      [
        'exists true: a leaf under nested objects',
        { dynamodb: { presentKey: { S: [{ exists: true }] } } },
        { dynamodb: { presentKey: { S: 'test123' } } },
        true,
      ],
      [
        'exists true: the intermediate object above it',
        { dynamodb: { presentKey: [{ exists: true }] } },
        { dynamodb: { presentKey: { S: 'test123' } } },
        false,
      ],
      [
        'with anything-but in one list: the field is missing',
        { h: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } },
        { h: { N: '789' } },
        true,
      ],
      [
        'with anything-but in one list: the parent is missing',
        { h: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } },
        { other: 1 },
        true,
      ],
      [
        'with anything-but in one list: another value',
        { h: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } },
        { h: { S: 'tulips' } },
        true,
      ],
      [
        'with anything-but in one list: the excluded value',
        { h: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } },
        { h: { S: 'roses' } },
        false,
      ],
      [
        'exists true with other operators in one list',
        { k: [{ exists: true }, { prefix: 'IGNORED' }, { suffix: 'IGNORED' }] },
        { k: 'my-value' },
        true,
      ],
      ['exists true or false: always', { k: [{ exists: true }, { exists: false }] }, {}, true],
      [
        'exists true in a list with a value: still any value',
        { k: ['a', { exists: true }] },
        { k: 'b' },
        true,
      ],
    ]);
  });

  describe('Operator: cidr', () => {
    const ip = (v: unknown) => d({ sourceIPAddress: v });
    check([
      [
        'an address in 10.0.0.0/24 (AWS example)',
        { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
        ip('10.0.0.255'),
        true,
      ],
      [
        'the first address of the range',
        { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
        ip('10.0.0.0'),
        true,
      ],
      [
        'an address outside it',
        { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
        ip('10.0.1.1'),
        false,
      ],
      [
        'not an address: 10.0.0.256',
        { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
        ip('10.0.0.256'),
        false,
      ],
      ['not a string', { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } }, ip(123), false],
      [
        'an IPv6 address against an IPv4 range',
        { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/8' }] } },
        ip('::a00:1'),
        false,
      ],
      [
        'the range 10.0.0.0/8 (AWS complex example)',
        { detail: { 'source-ip': [{ cidr: '10.0.0.0/8' }] } },
        contentFiltering,
        true,
      ],
      [
        'a range written with host bits set',
        { ip: [{ cidr: '54.240.196.171/24' }] },
        { ip: '54.240.196.1' },
        true,
      ],
      ['/0 holds every IPv4 address', { ip: [{ cidr: '0.0.0.0/0' }] }, { ip: '203.0.113.9' }, true],
      ['/31 holds two addresses', { ip: [{ cidr: '192.0.2.4/31' }] }, { ip: '192.0.2.5' }, true],
      [
        '/31 holds only two addresses',
        { ip: [{ cidr: '192.0.2.4/31' }] },
        { ip: '192.0.2.6' },
        false,
      ],
      [
        'IPv6: an address written in full (AWS example)',
        { detail: { sourceIPAddress: [{ cidr: '2001:db8:1234:1a00::/64' }] } },
        ip('2001:0db8:1234:1a00:0000:0000:0000:0000'),
        true,
      ],
      [
        'IPv6: an address written compressed',
        { detail: { sourceIPAddress: [{ cidr: '2001:db8:1234:1a00::/64' }] } },
        ip('2001:db8:1234:1a00::9'),
        true,
      ],
      [
        'IPv6: an address outside the range',
        { detail: { sourceIPAddress: [{ cidr: '2001:db8:1234:1a00::/64' }] } },
        ip('2001:0db8:123f:1a01:0000:0000:0000:0000'),
        false,
      ],
      [
        'an element of an array of addresses',
        { ips: [{ cidr: '10.0.0.0/24' }] },
        { ips: ['192.0.2.1', '10.0.0.7'] },
        true,
      ],
      [
        'an IPv6 value matches the same address however written',
        { ip: ['2001:db8::1'] },
        { ip: '2001:0db8:0:0:0:0:0:1' },
        true,
      ],
      ['an IPv4 value matches itself', { ip: ['10.0.0.1'] }, { ip: '10.0.0.1' }, true],
      [
        'an IPv4 value does not match another address',
        { ip: ['10.0.0.1'] },
        { ip: '10.0.0.2' },
        false,
      ],
    ]);
  });
});
