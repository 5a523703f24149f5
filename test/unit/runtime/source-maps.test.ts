import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const SOURCE = join(FIXTURES, 'quantity.ts');
const run = promisify(execFile);

/** `path:line:column` of the error thrown by the fixture, found by reading the fixture. */
function throwLocation(): string {
  const lines = readFileSync(SOURCE, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes('throw new RangeError'));
  // V8 reports a throw at the `new` that creates the error.
  const column = (lines[index] as string).indexOf('new RangeError') + 1;
  return `${SOURCE}:${index + 1}:${column}`;
}

let dir: string;
let bundle: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'eventline-source-maps-'));
  bundle = join(dir, 'index.mjs');
});

// A fresh bundle per test, as EventlineFunction bundles: minified ESM with a map beside it.
beforeEach(async () => {
  await build({
    entryPoints: [SOURCE],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    outfile: bundle,
    logLevel: 'silent',
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bundle in a fresh Node.js process (the one running the tests). */
async function stackOf(nodeArgs: string[] = [], mode = '') {
  const { stdout } = await run(process.execPath, [
    ...nodeArgs,
    join(FIXTURES, 'print-stack.mjs'),
    bundle,
    mode,
  ]);
  return JSON.parse(stdout) as { installed: boolean; stack: string };
}

describe('Function: installLazySourceMaps', () => {
  it('shows the original file, line and column of a throw in a minified bundle', async () => {
    // Act
    const { installed, stack } = await stackOf();

    // Assess
    expect(installed).toBe(true);
    const [header, firstFrame] = stack.split('\n');
    expect(header).toBe('RangeError: quantity must be an integer, got "two"');
    expect(firstFrame).toContain(`(${throwLocation()})`);
  });

  it('does not read the map when the bundle loads, only when a stack is formatted', async () => {
    // Act: the map is moved away after the import, before the throw.
    const lazy = await stackOf([], 'hide-map-after-load');

    // Assess: no map left to read, so the frame keeps its generated position.
    expect(lazy.stack).not.toContain(SOURCE);
    expect(lazy.stack.split('\n')[1]).toContain(bundle);
  });

  it('leaves stack traces to Node when --enable-source-maps is on', async () => {
    // Act: Node reads the map while loading the bundle, then it is moved away.
    const { installed, stack } = await stackOf(['--enable-source-maps'], 'hide-map-after-load');

    // Assess
    expect(installed).toBe(false);
    expect(stack.split('\n')[1]).toContain(throwLocation());
  });
});
