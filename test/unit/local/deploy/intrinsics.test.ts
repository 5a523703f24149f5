import { describe, expect, it } from 'vitest';
import type { IntrinsicContext } from '../../../../local/deploy/intrinsics';
import { IntrinsicError, resolveIntrinsics } from '../../../../local/deploy/intrinsics';

const ctx: IntrinsicContext = {
  ref: (id) => {
    const refs: Record<string, string> = {
      Table: 'eventline-Table-1',
      'AWS::Region': 'us-east-1',
      'AWS::AccountId': '000000000000',
      'AWS::Partition': 'aws',
      Stage: 'dev',
    };
    const value = refs[id];
    if (value === undefined) throw new Error(`unknown Ref ${id}`);
    return value;
  },
  getAtt: (id, attr) => `${id}/${attr}`,
  importValue: (name) => `imported:${name}`,
  condition: (name) => name === 'IsDev',
};

describe('Function: resolveIntrinsics', () => {
  it('resolves Ref and Fn::GetAtt in both forms', () => {
    // Act
    const out = resolveIntrinsics(
      {
        a: { Ref: 'Table' },
        b: { 'Fn::GetAtt': ['Queue', 'Arn'] },
        c: { 'Fn::GetAtt': 'Bus.Name' },
      },
      ctx,
    );

    // Assess
    expect(out).toEqual({ a: 'eventline-Table-1', b: 'Queue/Arn', c: 'Bus/Name' });
  });

  it('joins, splits and selects', () => {
    const out = resolveIntrinsics(
      {
        joined: { 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 'sqs']] },
        selected: { 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] },
      },
      ctx,
    );
    expect(out).toEqual({ joined: 'arn:aws:sqs', selected: 'b' });
  });

  it('substitutes refs, attributes, variables and keeps ${!literals}', () => {
    const out = resolveIntrinsics(
      {
        'Fn::Sub': [
          'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table} ${Queue.Arn} ${x} ${!Keep}',
          { x: { Ref: 'Stage' } },
        ],
      },
      ctx,
    );
    expect(out).toBe(
      'arn:aws:dynamodb:us-east-1:000000000000:table/eventline-Table-1 Queue/Arn dev ${Keep}',
    );
  });

  it('chooses the Fn::If branch from the condition and drops AWS::NoValue', () => {
    const out = resolveIntrinsics(
      {
        dev: { 'Fn::If': ['IsDev', 'destroy', 'retain'] },
        prod: { 'Fn::If': ['IsProd', 'destroy', { Ref: 'AWS::NoValue' }] },
        list: ['a', { Ref: 'AWS::NoValue' }, 'b'],
      },
      ctx,
    );
    expect(out).toEqual({ dev: 'destroy', list: ['a', 'b'] });
  });

  it('evaluates condition functions', () => {
    const out = resolveIntrinsics(
      {
        eq: { 'Fn::Equals': [{ Ref: 'Stage' }, 'dev'] },
        and: { 'Fn::And': [{ Condition: 'IsDev' }, { 'Fn::Not': [{ Condition: 'IsProd' }] }] },
        or: { 'Fn::Or': [{ Condition: 'IsProd' }, false] },
      },
      ctx,
    );
    expect(out).toEqual({ eq: true, and: true, or: false });
  });

  it('resolves cross-stack imports', () => {
    expect(resolveIntrinsics({ 'Fn::ImportValue': 'BusArn' }, ctx)).toBe('imported:BusArn');
  });

  it('throws naming the path when a function is unsupported', () => {
    expect(() => resolveIntrinsics({ p: { q: { 'Fn::Transform': {} } } }, ctx)).toThrow(
      new IntrinsicError('Fn::Transform at p.q is not supported by the local cloud'),
    );
  });

  it('throws when Fn::Select is out of range', () => {
    expect(() => resolveIntrinsics({ 'Fn::Select': [5, ['a']] }, ctx)).toThrow(/out of range/);
  });

  it('throws when a non-string value is joined', () => {
    expect(() => resolveIntrinsics({ 'Fn::Join': ['', [{ a: 1 }]] }, ctx)).toThrow(
      /cannot use \{"a":1\} as a string/,
    );
  });
});
