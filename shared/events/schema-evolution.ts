import type { EventType } from './catalog';
import { EventCatalog } from './catalog';
import type { JsonSchema } from './compatibility';
import { findBreakingChanges } from './compatibility';
import { eventDataJsonSchema } from './json-schema';
import type { Upcaster } from './upcasters';
import { Upcasters } from './upcasters';

/**
 * The committed record of every event's data schema at every version
 * (`shared/events/schemas/registry.json`), written by `npm run schemas:write`.
 */
export type SchemaSnapshot = Record<string, { readonly versions: Record<string, JsonSchema> }>;

/** An event's current schema, as the check sees it. */
export type CurrentSchemas = Record<
  string,
  { readonly schemaVersion: number; readonly schema: JsonSchema }
>;

/** The catalog's current data schemas. */
export function currentSchemas(): CurrentSchemas {
  return Object.fromEntries(
    (Object.keys(EventCatalog) as EventType[]).map((type) => [
      type,
      { schemaVersion: EventCatalog[type].schemaVersion, schema: eventDataJsonSchema(type) },
    ]),
  );
}

/**
 * Compares the current schemas with the snapshot and lists every problem:
 * an incompatible change without a raised `schemaVersion`; a raised version
 * without an upcaster from the previous one; a version skipped; an event
 * removed; or a snapshot that does not hold the current schema (run
 * `npm run schemas:write` and commit it).
 */
export function checkSchemaEvolution(
  snapshot: SchemaSnapshot,
  current: CurrentSchemas = currentSchemas(),
  upcasters: Readonly<Record<string, Readonly<Record<number, Upcaster>> | undefined>> = Upcasters,
): string[] {
  const problems: string[] = [];
  for (const [type, { schemaVersion, schema }] of Object.entries(current)) {
    const versions = snapshot[type]?.versions ?? {};
    const known = Object.keys(versions).map(Number);
    const latest = known.length > 0 ? Math.max(...known) : 0;
    if (latest === 0) {
      problems.push(`${type}: not in the snapshot; run npm run schemas:write and commit it`);
      continue;
    }
    if (schemaVersion < latest || schemaVersion > latest + 1) {
      problems.push(
        `${type}: schemaVersion ${schemaVersion} does not follow the snapshot's ${latest}`,
      );
      continue;
    }
    if (schemaVersion === latest) {
      const breaking = findBreakingChanges(versions[String(latest)] as JsonSchema, schema);
      if (breaking.length > 0) {
        problems.push(
          `${type}: incompatible change without raising schemaVersion ${latest}: ${breaking.join('; ')}`,
        );
      } else if (JSON.stringify(versions[String(latest)]) !== JSON.stringify(schema)) {
        problems.push(`${type}: compatible change not in the snapshot; run npm run schemas:write`);
      }
      continue;
    }
    if (!upcasters[type]?.[latest]) {
      problems.push(
        `${type}: schemaVersion raised to ${schemaVersion} without an upcaster from ${latest}`,
      );
    }
    if (!versions[String(schemaVersion)]) {
      problems.push(
        `${type}: schemaVersion ${schemaVersion} is not in the snapshot; run npm run schemas:write`,
      );
    }
  }
  for (const type of Object.keys(snapshot)) {
    if (!current[type])
      problems.push(`${type}: removed from the catalog, but events of it are stored`);
  }
  // Every older version must have an upcaster to the next.
  for (const [type, { schemaVersion }] of Object.entries(current)) {
    for (let v = 1; v < schemaVersion; v++) {
      if (!upcasters[type]?.[v]) problems.push(`${type}: no upcaster from schemaVersion ${v}`);
    }
  }
  return problems;
}

/**
 * The snapshot with the current schemas recorded. Refuses (throws) when a
 * current schema is an incompatible change of the recorded one at the same
 * version: that needs a new schemaVersion and an upcaster, not a rewrite.
 */
export function updatedSnapshot(
  snapshot: SchemaSnapshot,
  current: CurrentSchemas = currentSchemas(),
): SchemaSnapshot {
  const next: SchemaSnapshot = structuredClone(snapshot);
  for (const [type, { schemaVersion, schema }] of Object.entries(current)) {
    next[type] ??= { versions: {} };
    const versions = next[type].versions;
    const recorded = versions[String(schemaVersion)];
    if (recorded) {
      const breaking = findBreakingChanges(recorded, schema);
      if (breaking.length > 0) {
        throw new Error(
          `${type} v${schemaVersion} changed incompatibly (${breaking.join('; ')}): raise its schemaVersion and add an upcaster`,
        );
      }
    }
    versions[String(schemaVersion)] = schema;
  }
  return next;
}
