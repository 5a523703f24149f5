/**
 * `npm run schemas:write`: records the catalog's current data schemas in
 * `shared/events/schemas/registry.json`, keeping every earlier version.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { JsonSchema } from './compatibility';
import { HistoricalSchemas } from './history';
import type { SchemaSnapshot } from './schema-evolution';
import { updatedSnapshot } from './schema-evolution';

const file = fileURLToPath(new URL('./schemas/registry.json', import.meta.url));
const previous: SchemaSnapshot = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
const next = updatedSnapshot(previous);
// Earlier versions are recorded from their kept schemas, so the file is the whole history.
for (const [type, versions] of Object.entries(HistoricalSchemas)) {
  for (const [version, schema] of Object.entries(versions)) {
    next[type] ??= { versions: {} };
    next[type].versions[version] ??= z.toJSONSchema(schema, { target: 'draft-04' }) as JsonSchema;
  }
}
writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`);
console.log(`wrote ${Object.keys(next).length} event schemas to ${file}`);
