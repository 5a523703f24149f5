import { describe, expect, it } from 'vitest';
import { compileEventPattern } from '../../../../local/services/eventbridge/pattern';
import { contentFiltering, withDetail as d, ec2StateChange } from './events';

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

const resourcesPattern = {
  resources: [
    'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
    'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
    'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
  ],
};
const asgArn =
  'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate';

const employees = {
  employees: [
    { firstName: 'John', lastName: 'Doe' },
    { firstName: 'Anna', lastName: 'Smith' },
    { firstName: 'Peter', lastName: 'Jones' },
  ],
};

describe('Function: compileEventPattern', () => {
  describe('Arrays in the event', () => {
    check([
      [
        '"the intersection of the event pattern array and the event array is non-empty" (AWS example)',
        resourcesPattern,
        { resources: [asgArn, 'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] },
        true,
      ],
      ['an empty intersection', resourcesPattern, { resources: [asgArn] }, false],
      [
        'an empty event array has no value, not even null',
        { resources: [null] },
        { resources: [] },
        false,
      ],
      ['null in an event array', { v: [null] }, { v: ['a', null] }, true],
      [
        'fields inside objects of an array',
        { employees: { firstName: ['Anna'] } },
        employees,
        true,
      ],
      [
        'two fields from the same element',
        { employees: { firstName: ['Anna'], lastName: ['Smith'] } },
        employees,
        true,
      ],
      [
        'two fields from different elements of one array never match together',
        { employees: { firstName: ['Anna'], lastName: ['Jones'] } },
        employees,
        false,
      ],
      [
        'arrays of arrays are flattened',
        { employees: { firstName: ['Peter'], lastName: ['Jones'] } },
        {
          employees: [
            [
              { firstName: 'John', lastName: 'Doe' },
              { firstName: 'Anna', lastName: 'Smith' },
            ],
            [{ firstName: 'Peter', lastName: 'Jones' }],
          ],
        },
        true,
      ],
      [
        'arrays of arrays keep their elements apart',
        { employees: { firstName: ['John'], lastName: ['Jones'] } },
        {
          employees: [
            [{ firstName: 'John', lastName: 'Doe' }],
            [{ firstName: 'Peter', lastName: 'Jones' }],
          ],
        },
        false,
      ],
      [
        'exists inside an array of objects (observed on AWS)',
        { detail: { automations: { id: [{ exists: true }] } } },
        d({ automations: [{ key1: 'value1' }, { id: 'match-does-exist' }, { key2: 'value2' }] }),
        true,
      ],
      [
        'the third element is the only one with both fields',
        { d: { a: [{ exists: true }], b: [{ exists: true }] } },
        { d: [{ a: 1 }, { b: 2 }, { a: 3, b: 4 }] },
        true,
      ],
      [
        'an array of values next to a plain field',
        { detail: { tags: ['beta'], state: ['running'] } },
        d({ tags: ['alpha', 'beta'], state: 'running' }),
        true,
      ],
      [
        'two different arrays do not constrain each other',
        { a: { x: [1] }, b: { y: [2] } },
        { a: [{ x: 0 }, { x: 1 }], b: [{ y: 2 }, { y: 3 }] },
        true,
      ],
      [
        'a value array inside the chosen element',
        { items: { name: ['b'], tags: ['red'] } },
        {
          items: [
            { name: 'a', tags: ['red'] },
            { name: 'b', tags: ['blue', 'red'] },
          ],
        },
        true,
      ],
      [
        'a value array inside another element',
        { items: { name: ['a'], tags: ['blue'] } },
        {
          items: [
            { name: 'a', tags: ['red'] },
            { name: 'b', tags: ['blue', 'red'] },
          ],
        },
        false,
      ],
      [
        'a field and a deeper array in one element',
        { o: { id: ['2'], p: { q: [{ numeric: ['>', 5] }] } } },
        {
          o: [
            { id: '1', p: [{ q: 9 }] },
            { id: '2', p: [{ q: 1 }, { q: 6 }] },
          ],
        },
        true,
      ],
      [
        'anything-but matches when any element is not excluded',
        { price: [{ 'anything-but': [100, 500] }] },
        { price: [100, 50] },
        true,
      ],
      [
        'anything-but does not match when every element is excluded',
        { price: [{ 'anything-but': [100, 500] }] },
        { price: [100, 500] },
        false,
      ],
      [
        'exists false: no element has the field',
        { a: { b: [{ exists: false }] } },
        { a: [{ c: 1 }, { c: 2 }] },
        true,
      ],
      [
        'exists false: one element has the field',
        { a: { b: [{ exists: false }] } },
        { a: [{ b: 1 }, { c: 2 }] },
        false,
      ],
      [
        'exists false is judged in the element the other fields matched in',
        { a: { b: [{ exists: false }], c: [2] } },
        { a: [{ b: 1, c: 2 }, { c: 2 }] },
        true,
      ],
      [
        'exists false fails when the matched element has the field',
        { a: { b: [{ exists: false }], c: [1] } },
        { a: [{ b: 1, c: 1 }, { c: 2 }] },
        false,
      ],
      ['an intermediate array that is empty', { a: { b: ['x'] } }, { a: [] }, false],
    ]);
  });

  describe('Field paths: dotted keys', () => {
    check([
      [
        'a dotted event key matches a nested pattern (observed on AWS)',
        { detail: { state: { status: ['running'] } } },
        d({ 'state.status': 'running' }),
        true,
      ],
      [
        'a dotted pattern key matches a nested event (observed on AWS)',
        { detail: { 'state.status': ['running'] } },
        d({ state: { status: 'running' } }),
        true,
      ],
      [
        'a dotted event key holding an object is a longer path',
        { detail: { state: { status: ['running'] } } },
        d({ 'state.status': { status: 'running' } }),
        false,
      ],
      [
        'a dotted pattern key holding an object is a longer path',
        { detail: { 'state.status': { status: ['running'] } } },
        d({ state: { status: 'running' } }),
        false,
      ],
      [
        'a key may span several segments',
        { a: { b: { c: { d: ['x'] } } } },
        { 'a.b': { 'c.d': 'x' } },
        true,
      ],
    ]);
  });

  describe('Operator: $or', () => {
    const orPattern = {
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
          { 'd-count': [{ numeric: ['<', 10] }] },
          { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
        ],
      },
    };
    const metrics = {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization', 'ReadLatency'] },
        { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'] },
        { scope: ['Service'] },
      ],
    };
    check([
      [
        'one alternative holds (d-count < 10, AWS example)',
        orPattern,
        d({ 'c-count': 0, 'd-count': 0, 'x-limit': 9.018e2 }),
        true,
      ],
      ['none holds', orPattern, d({ 'c-count': 0, 'd-count': 10, 'x-limit': 9.018e2 }), false],
      ['the last one holds', orPattern, d({ 'c-count': 0, 'd-count': 10, 'x-limit': 301.8 }), true],
      [
        '$or ANDed with a field: both hold',
        metrics,
        { source: 'aws.cloudwatch', scope: 'Service' },
        true,
      ],
      [
        '$or ANDed with a field: the field fails',
        metrics,
        { source: 'aws.ec2', scope: 'Service' },
        false,
      ],
      [
        'an alternative with two fields needs both',
        metrics,
        { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/S3' },
        false,
      ],
      [
        'an alternative with two fields, both hold',
        metrics,
        { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/ES' },
        true,
      ],
      [
        'nested $or inside an alternative',
        {
          source: ['aws.cloudwatch'],
          $or: [
            { metricName: ['CPUUtilization'] },
            { metricType: ['MetricType'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
          ],
        },
        { source: 'aws.cloudwatch', metricType: 'MetricType', spaceId: 1000 },
        true,
      ],
      [
        'nested $or where no inner alternative holds',
        {
          $or: [
            { metricName: ['CPUUtilization'] },
            { metricType: ['MetricType'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
          ],
        },
        { metricType: 'MetricType', spaceId: 1 },
        false,
      ],
      [
        'parallel $or at two levels: both hold',
        {
          $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }],
          detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['Alarm'] }] },
        },
        { namespace: 'AWS/EC2', detail: { 'detail-type': 'Alarm' } },
        true,
      ],
      [
        'parallel $or at two levels: one fails',
        {
          $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }],
          detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['Alarm'] }] },
        },
        { namespace: 'AWS/EC2', detail: { 'detail-type': 'Other' } },
        false,
      ],
      [
        '$or on fields of array elements keeps each alternative in one element',
        { items: { $or: [{ a: [1], b: [2] }, { c: [3] }] } },
        { items: [{ a: 1 }, { b: 2 }] },
        false,
      ],
      [
        '$or on fields of array elements: one element satisfies an alternative',
        { items: { $or: [{ a: [1], b: [2] }, { c: [3] }] } },
        { items: [{ a: 1 }, { c: 3 }] },
        true,
      ],
      [
        'the AWS complex example (prefix, anything-but, numeric, cidr) holds',
        {
          time: [{ prefix: '2017-10-02' }],
          detail: {
            state: [{ 'anything-but': 'initializing' }],
            'c-count': [{ numeric: ['>', 0, '<=', 5] }],
            'd-count': [{ numeric: ['<', 10] }],
            'x-limit': [{ 'anything-but': [100, 200, 300] }],
            'source-ip': [{ cidr: '10.0.0.0/8' }],
          },
        },
        contentFiltering,
        true,
      ],
      [
        'the AWS complex example fails on one excluded value',
        {
          detail: {
            state: [{ 'anything-but': 'initializing' }],
            'x-limit': [{ 'anything-but': [100, 200, 300] }],
          },
        },
        d({ state: 'processing', 'x-limit': 300 }),
        false,
      ],
      [
        '$or with exactly 1000 combinations is accepted and matches',
        {
          $or: Array.from({ length: 10 }, (_, i) => ({ a: [i] })),
          b: { $or: Array.from({ length: 10 }, (_, i) => ({ b: [i] })) },
          c: { $or: Array.from({ length: 10 }, (_, i) => ({ c: [i] })) },
        },
        { a: 9, b: { b: 9 }, c: { c: 9 } },
        true,
      ],
    ]);
  });

  describe('Method: matches', () => {
    it('answers each event on its own with one compiled matcher', () => {
      // Prepare
      const matcher = compileEventPattern({ detail: { state: ['terminated'] } });
      const running = { ...ec2StateChange, detail: { state: 'running' } };
      // Act
      const answers = [ec2StateChange, running, ec2StateChange].map((e) => matcher.matches(e));
      // Assess
      expect(answers).toEqual([true, false, true]);
    });

    it('does not change the event it reads', () => {
      // Prepare
      const event = structuredClone(ec2StateChange);
      const matcher = compileEventPattern({
        resources: [{ prefix: 'arn:' }],
        detail: { state: [{ exists: true }] },
      });
      // Act
      matcher.matches(event);
      // Assess
      expect(event).toEqual(ec2StateChange);
    });
  });
});
