/**
 * `npm run schemas:write`: records the catalog's current data schemas, and
 * the earlier versions kept in `shared/events/history`, in
 * `shared/events/schemas/registry.json`. Recorded versions are never dropped,
 * and an incompatible rewrite of a recorded version is refused: raise the
 * event's schemaVersion and add an upcaster instead.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SchemaSnapshot } from './schema-evolution';
import { checkHistory, checkSchemaEvolution, updatedSnapshot } from './schema-evolution';

const file = fileURLToPath(new URL('./schemas/registry.json', import.meta.url));
const previous: SchemaSnapshot = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
const next = updatedSnapshot(previous);
writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`);
console.log(`wrote ${Object.keys(next).length} event types to ${file}`);
// What is left (a missing upcaster, say) is for the author to fix; the test suite fails on it too.
const problems = [...checkSchemaEvolution(next), ...checkHistory(next)];
for (const problem of problems) console.warn(`schema problem: ${problem}`);
process.exitCode = problems.length > 0 ? 1 : 0;
