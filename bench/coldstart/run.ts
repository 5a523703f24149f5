/**
 * `npm run bench:coldstart`: how long each function's bundle takes to import
 * in a fresh Node.js process, against a baseline bundle of only the DynamoDB
 * client built in the same run with the same bundling options.
 *
 * Synthesizes the app first when `cdk.out` is missing or stale, reads every
 * function's bundle and environment from the assembly (Lambda's runtime
 * variables plus the template's, references as dummy names), imports each
 * bundle `--runs` times (default 11, at least 7) in fresh processes, and
 * writes sizes, medians and ratios to bench/results/coldstart.json.
 */

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../../infra/constructs/EventlineFunction';
import { ensureSynthesized } from '../../local/cli/ensure-synthesized';
import { synthesizeBaseline } from './baseline';
import type { BenchTarget } from './bench-targets';
import { readBenchTargets } from './bench-targets';
import { bundleComposition } from './bundle-composition';
import type { Spread, TargetSamples } from './measure-imports';
import { measureImports, round, spread } from './measure-imports';

/** Goal of issue 14: every function imports in at most 1.3× the baseline's time. */
const MAX_RATIO = 1.3;
const MIN_RUNS = 7;
/** How many of a bundle's largest origins (packages, our folders) the report lists. */
const PARTS = 8;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '11' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < MIN_RUNS) {
  throw new Error(`--runs must be an integer of at least ${MIN_RUNS}, got ${values.runs}`);
}
if (!process.versions.node.startsWith('24.')) {
  throw new Error(`run through npm (Node.js 24, as Lambda's nodejs24.x), not ${process.version}`);
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const assembly = join(PROJECT_ROOT, 'cdk.out');
await ensureSynthesized(PROJECT_ROOT, assembly, log);
log('building the SDK-only baseline with the same bundling options ...');
const baselineDir = synthesizeBaseline();
interface Row {
  readonly name: string;
  readonly bundleBytes: number;
  readonly sourceMapBytes: number;
  /** The bundle's largest origins, from its source map. */
  readonly largestParts: { origin: string; bytes: number }[];
  readonly importMs: Spread;
  readonly cpuMs: Spread;
  readonly processMs: Spread;
}

const rowOf = ({ target, samples }: TargetSamples): Row => ({
  name: target.name,
  bundleBytes: target.bundleBytes,
  sourceMapBytes: target.sourceMapBytes,
  largestParts:
    target.sourceMapBytes > 0 ? bundleComposition(target.modulePath).slice(0, PARTS) : [],
  importMs: spread(samples.map((s) => s.importMs)),
  cpuMs: spread(samples.map((s) => s.cpuMs)),
  processMs: spread(samples.map((s) => s.processMs)),
});

let rows: Row[];
const loadBefore = loadavg();
try {
  const [baseline] = readBenchTargets(baselineDir);
  if (!baseline) throw new Error(`no baseline function in ${baselineDir}`);
  const baselineTarget: BenchTarget = { ...baseline, name: 'baseline: DynamoDB client only' };
  const functions = readBenchTargets(assembly);
  log(`importing ${functions.length} functions and the baseline, ${runs} fresh processes each ...`);
  const results = await measureImports([baselineTarget, ...functions], runs, (round) =>
    log(`  round ${round}/${runs}`),
  );
  rows = results.map(rowOf);
} finally {
  rmSync(baselineDir, { recursive: true, force: true });
}

const [baselineRow, ...functionRows] = rows as [Row, ...Row[]];
const functions = functionRows.map((row) => {
  const ratio = round(row.importMs.median / baselineRow.importMs.median, 2);
  return {
    ...row,
    ratio,
    cpuRatio: round(row.cpuMs.median / baselineRow.cpuMs.median, 2),
    withinGoal: ratio <= MAX_RATIO,
  };
});

const report = {
  date: new Date().toISOString(),
  node: process.version,
  machine: {
    cpus: cpus().length,
    loadAverageBefore: loadBefore.map((l) => round(l, 2)),
    loadAverageAfter: loadavg().map((l) => round(l, 2)),
  },
  runs,
  method:
    'Each bundle is imported (await import, nothing called) in a fresh Node.js process with ' +
    "the function's environment; runs are interleaved across bundles. importMs is the wall " +
    "time of the import, cpuMs the process's CPU time during it, processMs spawn to exit. " +
    'ratio = median importMs / the baseline median; cpuRatio likewise for cpuMs.',
  goal: { maxRatio: MAX_RATIO, met: functions.every((f) => f.withinGoal) },
  baseline: baselineRow,
  functions,
};
const outFile = join(PROJECT_ROOT, 'bench', 'results', 'coldstart.json');
mkdirSync(join(PROJECT_ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
console.table(
  [{ ...baselineRow, ratio: 1, cpuRatio: 1, withinGoal: true }, ...functions].map((r) => ({
    function: r.name,
    bundle: kb(r.bundleBytes),
    'import ms (median)': r.importMs.median,
    'cpu ms (median)': r.cpuMs.median,
    ratio: r.ratio,
    'cpu ratio': r.cpuRatio,
    [`≤ ${MAX_RATIO}`]: r.withinGoal ? 'yes' : 'NO',
  })),
);
log(`written ${outFile}; goal ${report.goal.met ? 'met' : 'NOT met'}`);
