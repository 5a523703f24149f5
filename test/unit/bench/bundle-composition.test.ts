import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleComposition, originOf } from '../../../bench/coldstart/bundle-composition';
import { PROJECT_ROOT } from '../../../infra/constructs/EventlineFunction';

const dir = mkdtempSync(join(tmpdir(), 'eventline-composition-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Function: bundleComposition', () => {
  it("counts each package's bytes as esbuild's own metafile does", async () => {
    // Prepare: a minified bundle of zod and one of our modules, as functions are bundled.
    const outfile = join(dir, 'index.mjs');
    const result = await build({
      entryPoints: [join(PROJECT_ROOT, 'shared', 'events', 'money.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      minify: true,
      sourcemap: true,
      sourcesContent: false,
      metafile: true,
      outfile,
      logLevel: 'silent',
    });
    const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint);
    const expected = new Map<string, number>();
    for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
      const origin = originOf(relative(dir, join(process.cwd(), input)));
      expected.set(origin, (expected.get(origin) ?? 0) + bytesInOutput);
    }

    // Act
    const parts = bundleComposition(outfile);

    // Assess
    const counted = new Map(parts.map((p) => [p.origin, p.bytes]));
    expect(counted.get('zod')).toBe(expected.get('zod'));
    expect(counted.get('zod')).toBeGreaterThan(10_000);
    expect(parts.reduce((sum, p) => sum + p.bytes, 0)).toBe(output?.bytes);
  });
});

describe('Function: originOf', () => {
  it.each([
    ['../../node_modules/zod/v4/core/schemas.js', 'zod'],
    ['../../node_modules/@smithy/core/dist-es/index.js', '@smithy/core'],
    ['../../node_modules/a/node_modules/@aws-sdk/core/x.js', 'a'],
    ['../../shared/events/orders.ts', 'shared/events'],
    ['../../functions/place-order/handler.ts', 'functions/place-order'],
    ['../../shared/errors.ts', 'shared'],
  ])('names %s after %s', (source, origin) => {
    expect(originOf(source)).toBe(origin);
  });
});
