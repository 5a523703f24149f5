import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureSynthesized } from '../local/cli/ensure-synthesized';
import { openSimulationEnv } from './env';
import type { FaultKind } from './faults';
import { FAULT_KINDS, parseFaultKinds } from './faults';
import { INVARIANTS } from './invariants';
import type { RunResult } from './simulation';
import { runSimulation } from './simulation';
import { formatTraceLine } from './trace';
import type { VariantName } from './variants';
import { VARIANTS } from './variants';

/**
 * `npm run sim -- --seed <n> --runs <m> [--faults <list>] [--json]`: runs
 * seeds n, n+1, …, n+m−1, each on a fresh local cloud, prints a summary
 * (and each failing seed with its trace), writes bench/results/sim.json,
 * and exits 1 when an invariant broke.
 */
const USAGE =
  'usage: npm run sim -- --seed <n> --runs <m> [--faults all|none|<kinds, comma-separated: duplicate,reorder,crash-after,fail-before,poison,replay,timeout,dynamodb-throttle,transaction-conflict,putevents-partial,putevents-throttle>] [--commands <k>] [--variant notifier-without-idempotency|saga-without-release|projection-without-version-check|outbox-drops-failed-entries] [--verbose] [--json]';

const out = process.stdout.write.bind(process.stdout);
const print = (line: string) => out(`${line}\n`);

function positiveInt(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(`--${name} must be an integer ≥ ${min}, got '${raw}'`);
  return value;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      runs: { type: 'string' },
      faults: { type: 'string' },
      commands: { type: 'string' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
      variant: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    print(USAGE);
    return 0;
  }
  const seed = positiveInt('seed', values.seed, 1, 0);
  const runs = positiveInt('runs', values.runs, 10);
  const commands = positiveInt('commands', values.commands, 8);
  const faults: FaultKind[] = parseFaultKinds(values.faults ?? 'all');
  const variantName = values.variant;
  if (variantName !== undefined && !(variantName in VARIANTS))
    throw new RangeError(
      `--variant: unknown variant '${variantName}'; known: ${Object.keys(VARIANTS).join(', ')}`,
    );
  const variant = variantName ? VARIANTS[variantName as VariantName] : undefined;

  const root = process.cwd();
  const assemblyDir = join(root, 'cdk.out');
  await ensureSynthesized(root, assemblyDir, print);
  // The functions' own logs (worker threads) would drown the summary: keep the simulator's lines only.
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  const env = await openSimulationEnv({ assemblyDir });
  const results: RunResult[] = [];
  const errors: { seed: number; message: string }[] = [];
  const started = Date.now();
  const summarize = (done: boolean) => {
    const seconds = (Date.now() - started) / 1000;
    const totals = Object.fromEntries(
      FAULT_KINDS.map((k) => [k, results.reduce((n, r) => n + r.faults[k], 0)]),
    );
    const violations = results.flatMap((r) =>
      r.invariants.violations.map((v) => ({ seed: r.seed, ...v })),
    );
    return {
      seed,
      runs: results.length,
      runsAsked: runs,
      complete: done,
      variant: variantName ?? null,
      faultKinds: faults,
      commandsPerRun: commands,
      commands: results.reduce((n, r) => n + r.commands, 0),
      events: results.reduce((n, r) => n + r.events, 0),
      orders: results.reduce((n, r) => n + r.orders, 0),
      faultsInjected: totals,
      invariantsChecked: results.length * INVARIANTS.length,
      invariants: INVARIANTS,
      violations: violations.length,
      failingSeeds: [...new Set([...violations.map((v) => v.seed), ...errors.map((e) => e.seed)])],
      violationList: violations,
      runErrors: errors,
      seconds: Number(seconds.toFixed(1)),
      secondsPerRun: Number((seconds / Math.max(1, results.length)).toFixed(1)),
      clockSecondsPerRun: Number(
        (results.reduce((n, r) => n + r.clockMs, 0) / 1000 / Math.max(1, results.length)).toFixed(
          1,
        ),
      ),
    };
  };
  const write = (summary: ReturnType<typeof summarize>) => {
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(
      join(root, 'bench', 'results', 'sim.json'),
      `${JSON.stringify(summary, null, 2)}\n`,
    );
  };
  try {
    for (let i = 0; i < runs; i++) {
      let result: RunResult;
      try {
        result = await runSimulation(env, seed + i, {
          faults,
          workload: { commands },
          ...(variant ? { variant } : {}),
          ...(values.verbose ? { onTrace: (line) => print(`  ${formatTraceLine(line)}`) } : {}),
        });
      } catch (error) {
        // A run that cannot finish (the system never became quiet) is a finding too: keep going.
        const message = error instanceof Error ? error.message : String(error);
        errors.push({ seed: seed + i, message });
        print(`seed ${seed + i}: ERROR ${message}`);
        write(summarize(false));
        continue;
      }
      results.push(result);
      // A long run leaves its figures so far, should it be stopped.
      write(summarize(false));
      const bad = result.invariants.violations;
      print(
        `seed ${result.seed}: ${result.commands} commands, ${result.events} events, ${result.orders} orders [${result.outcome.join(' ')}], faults ${faultText(result.faults)}, ${bad.length} violation(s), ${(result.realMs / 1000).toFixed(1)} s (${Object.entries(
          result.phases,
        )
          .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`)
          .join(', ')})`,
      );
      if (bad.length > 0) {
        print(
          `  FAILED seed ${result.seed} — reproduce: npm run sim -- --seed ${result.seed} --runs 1 --faults ${faults.join(',') || 'none'} --commands ${commands}${variantName ? ` --variant ${variantName}` : ''}`,
        );
        for (const v of bad) print(`  ✗ ${v.invariant}: ${v.evidence}`);
        print(result.trace.format());
        for (const line of result.cloudLog.slice(-20)) print(`  cloud: ${line.slice(0, 300)}`);
      }
    }
  } finally {
    await env.close();
  }
  const summary = summarize(true);
  const totals = summary.faultsInjected;
  const violations = summary.violationList;
  write(summary);
  if (values.json) print(JSON.stringify(summary, null, 2));
  else {
    print(
      `runs: ${summary.runs} (seeds ${seed}–${seed + results.length - 1}), ${summary.seconds} s, ${summary.secondsPerRun} s/run`,
    );
    print(`commands: ${summary.commands}, events: ${summary.events}, orders: ${summary.orders}`);
    print(`faults injected: ${faultText(totals as Record<FaultKind, number>)}`);
    print(`invariants checked: ${summary.invariantsChecked} (${INVARIANTS.length} per run)`);
    print(
      `violations: ${summary.violations}${summary.failingSeeds.length ? ` (seeds ${summary.failingSeeds.join(', ')})` : ''}`,
    );
    print('summary: bench/results/sim.json');
  }
  return violations.length > 0 || errors.length > 0 ? 1 : 0;
}

function faultText(counts: Record<FaultKind, number>): string {
  return FAULT_KINDS.map((k) => `${k} ${counts[k]}`).join(', ');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    print(error instanceof Error ? (error.stack ?? error.message) : String(error));
    print(USAGE);
    process.exit(2);
  },
);
