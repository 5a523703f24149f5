import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JsonSchema } from '../../../shared/events/compatibility';
import { findBreakingChanges } from '../../../shared/events/compatibility';
import {
  OrderPlacedV1Schema,
  upcastOrderPlacedV1,
} from '../../../shared/events/history/order-placed.v1';
import {
  eventDataJsonSchema,
  eventJsonSchemas,
  toDraft4JsonSchema,
} from '../../../shared/events/json-schema';
import { OrderPlacedSchema } from '../../../shared/events/orders';
import type { CurrentSchemas, SchemaSnapshot } from '../../../shared/events/schema-evolution';
import {
  checkHistory,
  checkSchemaEvolution,
  currentSchemas,
  updatedSnapshot,
} from '../../../shared/events/schema-evolution';
import { SkuSchema } from '../../../shared/events/sku';
import { Upcasters, upcastEventData } from '../../../shared/events/upcasters';
import * as zm from '../../../shared/zod';

/** The snapshot as committed: the test reads the file, not a regenerated copy. */
const snapshot: SchemaSnapshot = JSON.parse(
  readFileSync(new URL('../../../shared/events/schemas/registry.json', import.meta.url), 'utf8'),
);

/** StockAdded as it is today, plus `extra` fields. */
const stockAddedWith = (extra: z.ZodRawShape, schemaVersion = 1): CurrentSchemas => ({
  ...currentSchemas(),
  StockAdded: {
    schemaVersion,
    schema: toDraft4JsonSchema(
      z.object({ sku: z.string().min(1).max(64), quantity: z.int().positive(), ...extra }),
    ),
  },
});

const v1Order = {
  orderId: 'o-1',
  customerId: 'c-1',
  lines: [
    { sku: 'A', quantity: 2, unitPrice: { amount: 250, currency: 'EUR' } },
    { sku: 'B', quantity: 1, unitPrice: { amount: 999, currency: 'EUR' } },
  ],
  total: 1499,
};

describe('Schema evolution of the catalog', () => {
  it('finds no problem between the catalog, its upcasters and the committed snapshot', () => {
    expect(checkSchemaEvolution(snapshot)).toEqual([]);
  });

  it('finds the kept history recorded unchanged in the committed snapshot', () => {
    expect(checkHistory(snapshot)).toEqual([]);
  });

  it('records OrderPlaced at schemaVersion 2 with its v1 in the history', () => {
    expect(snapshot.OrderPlaced?.schemaVersion).toBe(2);
    expect(Object.keys(snapshot.OrderPlaced?.versions ?? {})).toEqual(['1', '2']);
  });
});

describe('Function: checkSchemaEvolution', () => {
  it('fails a breaking change made without raising schemaVersion', () => {
    // Prepare: StockAdded gains a required field, still at version 1.
    const changed = stockAddedWith({ warehouse: z.string() });

    // Act
    const problems = checkSchemaEvolution(snapshot, changed);

    // Assess
    expect(problems).toEqual([
      'StockAdded: incompatible change without raising schemaVersion 1: warehouse: new required property',
    ]);
  });

  it('accepts an added optional field at the same version, once the snapshot records it', () => {
    // Prepare
    const changed = stockAddedWith({ note: z.string().optional() });

    // Act
    const before = checkSchemaEvolution(snapshot, changed);
    const after = checkSchemaEvolution(updatedSnapshot(snapshot, changed), changed);

    // Assess: compatible, only asks to be recorded.
    expect(before).toEqual([
      'StockAdded: compatible change not in the snapshot; run npm run schemas:write',
    ]);
    expect(after).toEqual([]);
  });

  it('fails a raised schemaVersion without an upcaster from the previous version', () => {
    const changed = stockAddedWith({ warehouse: z.string() }, 2);

    expect(checkSchemaEvolution(snapshot, changed)).toEqual([
      'StockAdded: schemaVersion raised to 2 without an upcaster from 1',
      'StockAdded: schemaVersion 2 is not in the snapshot; run npm run schemas:write',
      'StockAdded: no upcaster from schemaVersion 1',
    ]);
  });

  it('accepts a breaking change with a raised schemaVersion and an upcaster, once recorded', () => {
    // Prepare
    const changed = stockAddedWith({ warehouse: z.string() }, 2);
    const upcasters = { ...Upcasters, StockAdded: { 1: (d: unknown) => d } };

    // Act
    const problems = checkSchemaEvolution(updatedSnapshot(snapshot, changed), changed, upcasters);

    // Assess
    expect(problems).toEqual([]);
  });

  it('fails a version that skips one', () => {
    const changed = stockAddedWith({}, 3);
    const upcasters = { ...Upcasters, StockAdded: { 1: (d: unknown) => d, 2: (d: unknown) => d } };

    expect(checkSchemaEvolution(snapshot, changed, upcasters)).toEqual([
      "StockAdded: schemaVersion 3 does not follow the snapshot's 1",
    ]);
  });

  it('fails an event type removed from the catalog', () => {
    const { PaymentRefunded: _, ...rest } = currentSchemas();

    expect(checkSchemaEvolution(snapshot, rest)).toEqual([
      'PaymentRefunded: removed from the catalog, but events of it are stored',
    ]);
  });

  it('fails a snapshot whose schemaVersion is not its newest recorded version', () => {
    const edited = {
      ...snapshot,
      OrderPlaced: { ...(snapshot.OrderPlaced as SchemaSnapshot[string]), schemaVersion: 1 },
    };

    expect(checkSchemaEvolution(edited)).toEqual([
      'OrderPlaced: snapshot says schemaVersion 1 but records up to 2',
    ]);
  });
});

describe('Function: checkHistory', () => {
  it('fails when a kept historical schema was edited', () => {
    const edited = { OrderPlaced: { 1: zm.extend(OrderPlacedV1Schema, { note: z.string() }) } };

    expect(checkHistory(snapshot, edited)).toEqual([
      'OrderPlaced v1: the history schema differs from the recorded one',
    ]);
  });
});

describe('Function: updatedSnapshot', () => {
  it('refuses to record an incompatible change over the same version', () => {
    expect(() => updatedSnapshot(snapshot, stockAddedWith({ warehouse: z.string() }))).toThrow(
      'StockAdded v1 changed incompatibly (warehouse: new required property): raise its schemaVersion and add an upcaster',
    );
  });

  it('keeps every recorded version when a new one is added', () => {
    const next = updatedSnapshot(snapshot, stockAddedWith({ warehouse: z.string() }, 2));

    expect(next.StockAdded?.schemaVersion).toBe(2);
    expect(next.StockAdded?.versions['1']).toEqual(snapshot.StockAdded?.versions['1']);
    expect(next.OrderPlaced).toEqual(snapshot.OrderPlaced);
  });
});

describe('Contract decisions recorded by the check', () => {
  it('judges customerEmail on OrderPlaced an added optional field: compatible, still schemaVersion 2', () => {
    // Prepare: v2 as it was before the field.
    const before = toDraft4JsonSchema(zm.omit(OrderPlacedSchema, { customerEmail: true }));

    // Act / Assess
    expect(findBreakingChanges(before, eventDataJsonSchema('OrderPlaced'))).toEqual([]);
    expect(snapshot.OrderPlaced?.versions['2']?.properties).toHaveProperty('customerEmail');
    expect(snapshot.OrderPlaced?.versions['2']?.required).not.toContain('customerEmail');
  });

  it('judges the SKU rule on event schemas a breaking change, which is why events keep their wider SKU contract', () => {
    // Prepare: an order line as stored, and as the SKU rule would make it.
    const stored = z.object({ sku: z.string().min(1).max(64) });
    const narrowed = z.object({ sku: SkuSchema });

    // Act
    const changes = findBreakingChanges(toDraft4JsonSchema(stored), toDraft4JsonSchema(narrowed));

    // Assess
    expect(changes).toEqual(['sku: pattern changed from undefined to "^[A-Za-z0-9._-]{1,64}$"']);
  });
});

describe('Upcaster: OrderPlaced v1 → v2', () => {
  it('records the v1 → v2 change as breaking, which is why it has an upcaster', () => {
    expect(
      findBreakingChanges(
        toDraft4JsonSchema(OrderPlacedV1Schema),
        toDraft4JsonSchema(OrderPlacedSchema),
      ),
    ).toEqual(['total: type changed from "integer" to "object"']);
  });

  it('turns real v1 data (total as bare EUR cents) into valid v2 data', () => {
    // Prepare: v1 data as a v1 producer wrote it, checked against the v1 schema.
    expect(OrderPlacedV1Schema.parse(v1Order)).toEqual(v1Order);

    // Act
    const v2 = upcastOrderPlacedV1(v1Order);

    // Assess
    expect(OrderPlacedSchema.parse(v2)).toEqual({
      ...v1Order,
      total: { amount: 1499, currency: 'EUR' },
    });
  });

  it('is what upcastEventData applies to schemaVersion 1 data, and v2 data passes unchanged', () => {
    const v2 = { ...v1Order, total: { amount: 1499, currency: 'EUR' } };

    expect(upcastEventData('OrderPlaced', 1, v1Order)).toEqual(v2);
    expect(upcastEventData('OrderPlaced', 2, v2)).toBe(v2);
  });

  it('refuses v1 data whose total is not an integer', () => {
    expect(() => upcastOrderPlacedV1({ ...v1Order, total: 14.99 })).toThrow(zm.$ZodError);
  });
});

describe('Function: eventJsonSchemas', () => {
  it('gives every catalog event a draft-4 schema of the whole EventBridge event', () => {
    // Act
    const schemas = eventJsonSchemas();

    // Assess
    expect(schemas.map((s) => s.detailType).sort()).toEqual(Object.keys(snapshot).sort());
    const placed = schemas.find((s) => s.detailType === 'OrderPlaced');
    expect(placed?.schemaVersion).toBe(2);
    expect(placed?.schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(placed?.schema.properties?.source).toEqual({
      type: 'string',
      enum: ['eventline.orders'],
    });
    const detail = placed?.schema.properties?.detail as JsonSchema;
    expect(detail).not.toHaveProperty('$schema');
    expect(detail.required).toEqual(['metadata', 'data']);
    const { $schema: _, ...data } = eventDataJsonSchema('OrderPlaced');
    expect(detail.properties?.data).toEqual(data);
  });

  it('leaves objects open to unknown keys, as zod parsing (which strips them) is', () => {
    const json = JSON.stringify(eventJsonSchemas());

    expect(json).not.toContain('additionalProperties');
  });
});
