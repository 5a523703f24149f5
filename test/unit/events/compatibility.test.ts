import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findBreakingChanges } from '../../../shared/events/compatibility';
import { toDraft4JsonSchema } from '../../../shared/events/json-schema';

const changesOf = (previous: z.ZodType, next: z.ZodType) =>
  findBreakingChanges(toDraft4JsonSchema(previous), toDraft4JsonSchema(next));

const base = z.object({
  a: z.string().max(10),
  b: z.int().min(0).optional(),
  c: z.enum(['x', 'y']),
  d: z.array(z.object({ n: z.number() })),
});

describe('Function: findBreakingChanges', () => {
  it.each<[string, z.ZodType, z.ZodType, string[]]>([
    ['a removed property', base, base.omit({ b: true }), ['b: removed']],
    [
      'a retyped property',
      base,
      base.extend({ a: z.int() }),
      ['a: type changed from "string" to "integer"'],
    ],
    ['a new required property', base, base.extend({ e: z.string() }), ['e: new required property']],
    [
      'an optional property made required',
      base,
      base.extend({ b: z.int().min(0) }),
      ['b: became required'],
    ],
    [
      'a required property made optional',
      base,
      base.extend({ a: z.string().max(10).optional() }),
      ['a: no longer required'],
    ],
    ['a narrowed enum', base, base.extend({ c: z.enum(['x']) }), ['c: enum lost ["y"]']],
    [
      'a tightened minimum',
      base,
      base.extend({ b: z.int().min(5).optional() }),
      ['b: lower bound tightened from 0 to 5'],
    ],
    [
      'a minimum made exclusive (min(0) to positive())',
      base,
      base.extend({ b: z.int().positive().optional() }),
      ['b: lower bound tightened from 0 to exclusive 0'],
    ],
    [
      'a tightened maxLength',
      base,
      base.extend({ a: z.string().max(5) }),
      ['a: maxLength tightened from 10 to 5'],
    ],
    [
      'an added pattern',
      base,
      base.extend({ a: z.string().max(10).regex(/^a/) }),
      ['a: pattern changed from undefined to "^a"'],
    ],
    [
      'number narrowed to integer inside array items',
      base,
      base.extend({ d: z.array(z.object({ n: z.int() })) }),
      ['d[].n: type changed from "number" to "integer"'],
    ],
    [
      'a nullable made non-null',
      z.object({ a: z.string().nullable() }),
      z.object({ a: z.string() }),
      ['a: type changed from ["string","null"] to "string"'],
    ],
  ])('reports %s', (_label, previous, next, expected) => {
    expect(changesOf(previous, next)).toEqual(expected);
  });

  it('reports a union that lost a branch, with the closest branch', () => {
    const previous = z.object({ v: z.union([z.string(), z.boolean()]) });
    const next = z.object({ v: z.union([z.string(), z.int()]) });

    expect(changesOf(previous, next)).toEqual([
      'v: union branch 1 ("boolean") is no longer accepted',
      'v|1: type changed from "boolean" to "string"',
    ]);
  });

  it('accepts an added optional property, a widened enum, a loosened bound and a widened type', () => {
    const next = base.extend({
      a: z.string().max(20),
      b: z.number().min(-1).optional(),
      c: z.enum(['x', 'y', 'z']),
      e: z.string().optional(),
    });

    expect(changesOf(base, next)).toEqual([]);
  });

  it('accepts a property made nullable and a union that gained a branch', () => {
    const previous = z.object({ a: z.string(), v: z.union([z.string(), z.int()]) });
    const next = z.object({
      a: z.string().nullable(),
      v: z.union([z.string(), z.int(), z.boolean()]),
    });

    expect(changesOf(previous, next)).toEqual([]);
  });

  it('accepts a type that became a union containing it', () => {
    expect(
      changesOf(z.object({ v: z.string() }), z.object({ v: z.union([z.int(), z.string()]) })),
    ).toEqual([]);
  });
});
