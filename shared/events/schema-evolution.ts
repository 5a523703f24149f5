import type { EventType } from './catalog';
import { EventCatalog } from './catalog';
import type { JsonSchema } from './compatibility';
import { findBreakingChanges } from './compatibility';
import { HistoricalSchemas } from './history';
import { eventDataJsonSchema, toDraft4JsonSchema } from './json-schema';
import type { Upcaster } from './upcasters';
import { Upcasters } from './upcasters';

/** One event type in the snapshot: its current version and its data schema at every version. */
export interface SnapshotEntry {
  /** The newest recorded `schemaVersion`; producers write it. */
  readonly schemaVersion: number;
  /** Draft-4 JSON Schema of `data`, by version ("1", "2", …), the current one included. */
  readonly versions: Readonly<Record<string, JsonSchema>>;
}

/**
 * The committed record of every event's data schema at every version
 * (`shared/events/schemas/registry.json`), written by `npm run schemas:write`.
 */
export type SchemaSnapshot = Readonly<Record<string, SnapshotEntry>>;

/** An event's current schema, as the check sees it. */
export type CurrentSchemas = Readonly<
  Record<string, { readonly schemaVersion: number; readonly schema: JsonSchema }>
>;

/** Upcasters by event type and the version they upcast from. */
export type UpcasterRegistry = Readonly<
  Record<string, Readonly<Record<number, Upcaster>> | undefined>
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
 * - an incompatible change (see `findBreakingChanges`) at the recorded
 *   version, i.e. without raising `schemaVersion`;
 * - a raised `schemaVersion` without an upcaster from the previous version,
 *   or one that skips a version;
 * - any older version without an upcaster to the next;
 * - an event type that left the catalog (its stored events still exist);
 * - a snapshot that does not hold the current schemas (run
 *   `npm run schemas:write` and commit the file), or whose `schemaVersion`
 *   is not its newest recorded version.
 * An empty list means the catalog may ship.
 */
export function checkSchemaEvolution(
  snapshot: SchemaSnapshot,
  current: CurrentSchemas = currentSchemas(),
  upcasters: UpcasterRegistry = Upcasters,
): string[] {
  const problems: string[] = [];
  for (const [type, { schemaVersion, schema }] of Object.entries(current)) {
    const recorded = snapshot[type];
    if (!recorded) {
      problems.push(`${type}: not in the snapshot; run npm run schemas:write and commit it`);
      continue;
    }
    const latest = Math.max(...Object.keys(recorded.versions).map(Number));
    if (recorded.schemaVersion !== latest) {
      problems.push(
        `${type}: snapshot says schemaVersion ${recorded.schemaVersion} but records up to ${latest}`,
      );
    }
    problems.push(...checkOne(type, schemaVersion, schema, recorded, latest, upcasters));
    for (let v = 1; v < schemaVersion; v++) {
      if (!upcasters[type]?.[v]) problems.push(`${type}: no upcaster from schemaVersion ${v}`);
    }
  }
  for (const type of Object.keys(snapshot)) {
    if (!current[type]) {
      problems.push(`${type}: removed from the catalog, but events of it are stored`);
    }
  }
  return [...new Set(problems)];
}

function checkOne(
  type: string,
  schemaVersion: number,
  schema: JsonSchema,
  recorded: SnapshotEntry,
  latest: number,
  upcasters: UpcasterRegistry,
): string[] {
  if (schemaVersion < latest || schemaVersion > latest + 1) {
    return [`${type}: schemaVersion ${schemaVersion} does not follow the snapshot's ${latest}`];
  }
  const atLatest = recorded.versions[String(latest)] as JsonSchema;
  if (schemaVersion === latest) {
    const breaking = findBreakingChanges(atLatest, schema);
    if (breaking.length > 0) {
      return [
        `${type}: incompatible change without raising schemaVersion ${latest}: ${breaking.join('; ')}`,
      ];
    }
    return JSON.stringify(atLatest) === JSON.stringify(schema)
      ? []
      : [`${type}: compatible change not in the snapshot; run npm run schemas:write`];
  }
  // Raised by one: the previous version's events reach this code through an upcaster.
  const problems: string[] = [];
  if (!upcasters[type]?.[latest]) {
    problems.push(
      `${type}: schemaVersion raised to ${schemaVersion} without an upcaster from ${latest}`,
    );
  }
  problems.push(
    `${type}: schemaVersion ${schemaVersion} is not in the snapshot; run npm run schemas:write`,
  );
  return problems;
}

/**
 * Problems between the snapshot and the earlier versions kept in code
 * (`shared/events/history`): each must be recorded, and recorded unchanged —
 * history is not rewritten.
 */
export function checkHistory(
  snapshot: SchemaSnapshot,
  history: typeof HistoricalSchemas = HistoricalSchemas,
): string[] {
  const problems: string[] = [];
  for (const [type, versions] of Object.entries(history)) {
    for (const [version, schema] of Object.entries(versions)) {
      const recorded = snapshot[type]?.versions[version];
      if (!recorded) {
        problems.push(`${type} v${version}: kept in history but not in the snapshot`);
      } else if (JSON.stringify(recorded) !== JSON.stringify(toDraft4JsonSchema(schema))) {
        problems.push(`${type} v${version}: the history schema differs from the recorded one`);
      }
    }
  }
  return problems;
}

/**
 * The snapshot with the current schemas (and the kept history) recorded.
 * @throws Error when a current schema is an incompatible change of the one
 *   recorded at the same version: that needs a new schemaVersion and an
 *   upcaster, not a rewrite of the record.
 */
export function updatedSnapshot(
  snapshot: SchemaSnapshot,
  current: CurrentSchemas = currentSchemas(),
  history: typeof HistoricalSchemas = HistoricalSchemas,
): SchemaSnapshot {
  const versions: Record<string, Record<string, JsonSchema>> = {};
  for (const [type, entry] of Object.entries(snapshot)) versions[type] = { ...entry.versions };
  for (const [type, kept] of Object.entries(history)) {
    versions[type] ??= {};
    for (const [version, schema] of Object.entries(kept)) {
      versions[type][version] ??= toDraft4JsonSchema(schema);
    }
  }
  for (const [type, { schemaVersion, schema }] of Object.entries(current)) {
    versions[type] ??= {};
    const recorded = versions[type][String(schemaVersion)];
    const breaking = recorded ? findBreakingChanges(recorded, schema) : [];
    if (breaking.length > 0) {
      throw new Error(
        `${type} v${schemaVersion} changed incompatibly (${breaking.join('; ')}): raise its schemaVersion and add an upcaster`,
      );
    }
    versions[type][String(schemaVersion)] = schema;
  }
  return Object.fromEntries(
    Object.keys(versions)
      .sort()
      .map((type) => {
        const byVersion = versions[type] ?? {};
        const numbers = Object.keys(byVersion)
          .map(Number)
          .sort((a, b) => a - b);
        return [
          type,
          {
            schemaVersion: Math.max(...numbers),
            versions: Object.fromEntries(
              numbers.map((v) => [String(v), byVersion[String(v)] as JsonSchema]),
            ),
          },
        ];
      }),
  );
}
