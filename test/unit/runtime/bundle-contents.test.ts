import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { eventlineBundling, PROJECT_ROOT } from '../../../infra/constructs/EventlineFunction';

/**
 * The packages a function's bundle is made of, from esbuild's metafile, bundled
 * with the options `EventlineFunction` gives the CDK (`eventlineBundling()`).
 */
async function bundleInputs(functionDir: string): Promise<string[]> {
  const options = eventlineBundling();
  const result = await build({
    entryPoints: [join(PROJECT_ROOT, 'functions', functionDir, 'handler.ts')],
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: options.target,
    minify: options.minify,
    mainFields: options.mainFields,
    define: options.define,
    inject: options.inject,
    metafile: true,
    write: false,
    outdir: 'out',
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint);
  return Object.entries(output?.inputs ?? {})
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([input]) => input);
}

// What the cold-start work of issue 14 took out of the bundles (README, "Cold start").
describe('Bundles: what a function does not carry', () => {
  it('keeps zod classic, and every zod locale but English, out of a consumer', async () => {
    // Act
    const inputs = await bundleInputs('projector');

    // Assess: zod/mini is there; zod classic (which Powertools parser's own
    // schemas would bring, ~440 KB) and the other locales are not (the
    // locales' index keeps a few bytes of re-export glue).
    expect(inputs.some((i) => i.includes('node_modules/zod/v4/mini/'))).toBe(true);
    expect(inputs.filter((i) => i.includes('node_modules/zod/v4/classic/'))).toEqual([]);
    expect(
      inputs.filter((i) => /node_modules\/zod\/v4\/locales\/(?!en\.js|index\.js)/.test(i)),
    ).toEqual([]);
  }, 60_000);

  it('keeps Powertools idempotency and its JMESPath engine out of a read-only HTTP function', async () => {
    // Act
    const inputs = await bundleInputs('get-order');

    // Assess
    expect(inputs.filter((i) => i.includes('@aws-lambda-powertools/jmespath'))).toEqual([]);
    expect(inputs.filter((i) => i.includes('@aws-lambda-powertools/idempotency'))).toEqual([]);
  }, 60_000);

  it('keeps Powertools idempotency and its JMESPath engine out of a consumer without side effects', async () => {
    // Act
    const inputs = await bundleInputs('projector');

    // Assess
    expect(inputs.filter((i) => i.includes('@aws-lambda-powertools/jmespath'))).toEqual([]);
    expect(inputs.filter((i) => i.includes('@aws-lambda-powertools/idempotency'))).toEqual([]);
  }, 60_000);

  it('still carries both where an idempotent route needs them', async () => {
    // Act
    const inputs = await bundleInputs('place-order');

    // Assess: the test above can fail, since this is the same check on a function that has them.
    expect(inputs.some((i) => i.includes('@aws-lambda-powertools/jmespath'))).toBe(true);
    expect(inputs.some((i) => i.includes('@aws-lambda-powertools/idempotency'))).toBe(true);
  }, 60_000);
});
