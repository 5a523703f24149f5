/**
 * zod for eventline's runtime schemas: zod 4's `zod/mini`, with zod's English
 * error messages. Import it as `import * as z from '<path>/shared/zod'`.
 *
 * Why mini: zod classic (`zod`) gives every schema instance its own copy of
 * ~50 chainable methods and cannot be tree-shaken below ~90 KB, so building
 * the event catalog at cold start cost a function ~13 ms of CPU over an
 * SDK-only bundle; zod/mini builds the same schemas (same core, same checks,
 * same `z.toJSONSchema` output) with plain functions, tree-shaken to what a
 * function uses (`npm run bench:coldstart`; README, "Cold start").
 *
 * zod/mini loads no locale, so without `config(en())` every issue would read
 * "Invalid input"; classic loads the same English locale when imported.
 * `config` sets zod's one global configuration, so this module runs before any
 * schema built from it parses anything.
 */
import { en } from 'zod/locales';
import { config } from 'zod/mini';

config(en());

export * from 'zod/mini';
// The class of every zod error, classic's and mini's, for `instanceof`. Not
// `z.core.$ZodError`: using the `core` namespace as a value makes esbuild
// keep all of it (with every locale and the JSON Schema generator, ~400 KB).
export { $ZodError } from 'zod/v4/core';
