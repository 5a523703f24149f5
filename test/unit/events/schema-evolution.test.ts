import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JsonSchema } from '../../../shared/events/compatibility';
import { findBreakingChanges } from '../../../shared/events/compatibility';
import {
  OrderPlacedV1Schema,
  upcastOrderPlacedV1,
} from '../../../shared/events/history/order-placed.v1';
import { eventJsonSchemas } from '../../../shared/events/json-schema';
import { OrderPlacedSchema } from '../../../shared/events/orders';
import type { SchemaSnapshot } from '../../../shared/events/schema-evolution';
import { checkSchemaEvolution, currentSchemas } from '../../../shared/events/schema-evolution';

const snapshot: SchemaSnapshot = JSON.parse(
  readFileSync(new URL('../../../shared/events/schemas/registry.json', import.meta.url), 'utf8'),
);
const toJson = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-04' }) as JsonSchema;

describe('Schema evolution', () => {
  it('finds no incompatible change between the catalog and the committed snapshot', () => {
    expect(checkSchemaEvolution(snapshot)).toEqual([]);
  });

  it('fails a breaking change made without raising schemaVersion', () => {
    // Prepare: StockAdded gains a required field, still at version 1.
    const current = currentSchemas();
    const changed = {
      ...current,
      StockAdded: {
        schemaVersion: 1,
        schema: toJson(
          z.object({
            sku: z.string().min(1).max(64),
            quantity: z.int().positive(),
            warehouse: z.string(),
          }),
        ),
      },
    };

    // Act
    const problems = checkSchemaEvolution(snapshot, changed);

    // Assess
    expect(problems).toEqual([
      'StockAdded: incompatible change without raising schemaVersion 1: warehouse: new required property',
    ]);
  });

  it('fails a raised schemaVersion that has no upcaster', () => {
    const current = currentSchemas();
    const changed = {
      ...current,
      StockAdded: { schemaVersion: 2, schema: toJson(z.object({ sku: z.string(), qty: z.int() })) },
    };
    expect(checkSchemaEvolution(snapshot, changed)).toContain(
      'StockAdded: schemaVersion raised to 2 without an upcaster from 1',
    );
  });

  it('accepts a raised schemaVersion with an upcaster, once the snapshot records it', () => {
    const current = currentSchemas();
    const v2 = toJson(z.object({ sku: z.string(), qty: z.int() }));
    const changed = { ...current, StockAdded: { schemaVersion: 2, schema: v2 } };
    const recorded = structuredClone(snapshot);
    (recorded.StockAdded as { versions: Record<string, JsonSchema> }).versions['2'] = v2;
    const upcasters = { StockAdded: { 1: (d: unknown) => d } };
    expect(
      checkSchemaEvolution(recorded, changed, {
        ...upcasters,
        OrderPlaced: { 1: (d: unknown) => d },
      }),
    ).toEqual([]);
  });

  it('records the v1 → v2 change of OrderPlaced as breaking, which is why it has an upcaster', () => {
    expect(findBreakingChanges(toJson(OrderPlacedV1Schema), toJson(OrderPlacedSchema))).toEqual([
      'total: type changed from "integer" to "object"',
    ]);
  });

  it('upcasts real v1 OrderPlaced data into valid v2 data', () => {
    const v1 = {
      orderId: 'o-1',
      customerId: 'c-1',
      lines: [{ sku: 'A', quantity: 1, unitPrice: { amount: 500, currency: 'EUR' } }],
      total: 500,
    };
    expect(OrderPlacedSchema.parse(upcastOrderPlacedV1(v1)).total).toEqual({
      amount: 500,
      currency: 'EUR',
    });
  });
});

describe('Function: findBreakingChanges', () => {
  const base = z.object({ a: z.string(), b: z.int().min(0).optional(), c: z.enum(['x', 'y']) });

  it.each<[string, z.ZodType, string]>([
    ['a removed property', z.object({ a: z.string(), c: z.enum(['x', 'y']) }), 'b: removed'],
    [
      'a retyped property',
      z.object({ a: z.int(), b: z.int().min(0).optional(), c: z.enum(['x', 'y']) }),
      'a: type changed from "string" to "integer"',
    ],
    [
      'an optional property made required',
      z.object({ a: z.string(), b: z.int().min(0), c: z.enum(['x', 'y']) }),
      'b: became required',
    ],
    [
      'a narrowed enum',
      z.object({ a: z.string(), b: z.int().min(0).optional(), c: z.enum(['x']) }),
      'c: enum lost ["y"]',
    ],
    [
      'a tightened minimum',
      z.object({ a: z.string(), b: z.int().min(5).optional(), c: z.enum(['x', 'y']) }),
      'b: minimum tightened from 0 to 5',
    ],
  ])('reports %s', (_label, next, expected) => {
    expect(findBreakingChanges(toJson(base), toJson(next))).toEqual([expected]);
  });

  it('accepts an added optional property and a widened enum', () => {
    const next = z.object({
      a: z.string(),
      b: z.int().min(0).optional(),
      c: z.enum(['x', 'y', 'z']),
      d: z.string().optional(),
    });
    expect(findBreakingChanges(toJson(base), toJson(next))).toEqual([]);
  });
});

describe('Function: eventJsonSchemas', () => {
  it('gives every catalog event a draft-4 schema of the whole EventBridge event', () => {
    const schemas = eventJsonSchemas();
    expect(schemas).toHaveLength(10);
    const placed = schemas.find((s) => s.detailType === 'OrderPlaced');
    expect(placed?.schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(placed?.schema.properties?.source).toEqual({
      type: 'string',
      enum: ['eventline.orders'],
    });
    expect(placed?.schemaVersion).toBe(2);
  });
});
