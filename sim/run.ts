// First: the simulator's seedable ids replace node:crypto's before any module takes them.
import './seeded-ids';
import { fork } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureSynthesized } from '../local/cli/ensure-synthesized';
import { openSimulationEnv } from './env';
import type { FaultKind } from './faults';
import { FAULT_KINDS, parseFaultKinds } from './faults';
import type { Violation } from './invariants';
import { INVARIANTS } from './invariants';
import { defaultJobs } from './jobs';
import type { RunOptions, RunResult } from './simulation';
import { runSimulation } from './simulation';
import { formatTraceLine } from './trace';
import type { VariantName } from './variants';
import { VARIANTS } from './variants';

/**
 * `npm run sim -- --seed <n> --runs <m> [--faults <list>] [--jobs <j>] [--json]`:
 * runs seeds n, n+1, …, n+m−1, each on a fresh local cloud, prints a
 * summary (and each failing seed with its trace), writes
 * bench/results/sim.json, and exits 1 when an invariant broke. With
 * `--jobs j`, j processes share the seeds (each with its own DynamoDB Local);
 * by default one per core, or one with `--verbose`.
 */
const USAGE =
  'usage: npm run sim -- --seed <n> --runs <m> [--faults all|none|<kinds, comma-separated: duplicate,reorder,crash-after,fail-before,poison,replay,timeout,dynamodb-throttle,transaction-conflict,putevents-partial,putevents-throttle,outage-redrive>] [--commands <k>] [--variant notifier-without-idempotency|saga-without-release|projection-without-version-check|outbox-drops-failed-entries] [--jobs <j>] [--verbose] [--schedule <dir>] [--json]';

const out = process.stdout.write.bind(process.stdout);
const print = (line: string) => out(`${line}\n`);

/** What one run reports to the summary: a `RunResult` without its live objects. */
interface RunRecord {
  readonly seed: number;
  readonly commands: number;
  readonly events: number;
  readonly orders: number;
  readonly faults: Record<FaultKind, number>;
  readonly outcome: readonly string[];
  readonly violations: readonly Violation[];
  readonly clockMs: number;
  readonly realMs: number;
  readonly phases: Readonly<Record<string, number>>;
  /** The trace and the cloud's last warnings, kept for a failing run only. */
  readonly trace?: string;
  readonly cloudLog?: readonly string[];
}

/** A run that could not finish (the system never became quiet). */
interface RunError {
  readonly seed: number;
  readonly message: string;
}

/** What a `--shard` process sends its parent, one message per run. */
type ShardMessage = { readonly record: RunRecord } | { readonly error: RunError };

function toRecord(result: RunResult): RunRecord {
  const failed = result.invariants.violations.length > 0;
  return {
    seed: result.seed,
    commands: result.commands,
    events: result.events,
    orders: result.orders,
    faults: result.faults,
    outcome: result.outcome,
    violations: result.invariants.violations,
    clockMs: result.clockMs,
    realMs: result.realMs,
    phases: result.phases,
    ...(failed ? { trace: result.trace.format(), cloudLog: result.cloudLog.slice(-20) } : {}),
  };
}

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
      jobs: { type: 'string' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
      schedule: { type: 'string' },
      variant: { type: 'string' },
      help: { type: 'boolean' },
      // Internal: this process is shard i of n (`i/n`) of a `--jobs n` run.
      shard: { type: 'string' },
    },
  });
  if (values.help) {
    print(USAGE);
    return 0;
  }
  const seed = positiveInt('seed', values.seed, 1, 0);
  const runs = positiveInt('runs', values.runs, 10);
  const commands = positiveInt('commands', values.commands, 8);
  const jobs = positiveInt(
    'jobs',
    values.jobs,
    defaultJobs({ runs, verbose: values.verbose === true, cores: availableParallelism() }),
  );
  if (jobs > availableParallelism() * 2)
    throw new RangeError(
      `--jobs must be at most ${availableParallelism() * 2} (twice this machine's ${availableParallelism()} cores), got ${jobs}`,
    );
  const faults: FaultKind[] = parseFaultKinds(values.faults ?? 'all');
  const variantName = values.variant;
  if (variantName !== undefined && !(variantName in VARIANTS))
    throw new RangeError(
      `--variant: unknown variant '${variantName}'; known: ${Object.keys(VARIANTS).join(', ')}`,
    );
  const variant = variantName ? VARIANTS[variantName as VariantName] : undefined;
  const options: RunOptions = {
    faults,
    workload: { commands },
    ...(variant ? { variant } : {}),
    ...(values.verbose ? { onTrace: (line) => print(`  ${formatTraceLine(line)}`) } : {}),
    ...(values.schedule ? { onSchedule: scheduleWriter(values.schedule) } : {}),
  };
  const seeds = Array.from({ length: runs }, (_, i) => seed + i);

  const root = process.cwd();
  const assemblyDir = join(root, 'cdk.out');
  if (values.shard !== undefined) return runShard(values.shard, seeds, assemblyDir, options);
  await ensureSynthesized(root, assemblyDir, print);

  const records: RunRecord[] = [];
  const errors: RunError[] = [];
  const started = Date.now();
  const summarize = (done: boolean) => {
    const seconds = (Date.now() - started) / 1000;
    const sorted = [...records].sort((a, b) => a.seed - b.seed);
    const totals = Object.fromEntries(
      FAULT_KINDS.map((k) => [k, sorted.reduce((n, r) => n + r.faults[k], 0)]),
    );
    const violations = sorted.flatMap((r) => r.violations.map((v) => ({ seed: r.seed, ...v })));
    return {
      seed,
      runs: sorted.length,
      runsAsked: runs,
      complete: done,
      jobs,
      variant: variantName ?? null,
      faultKinds: faults,
      commandsPerRun: commands,
      commands: sorted.reduce((n, r) => n + r.commands, 0),
      events: sorted.reduce((n, r) => n + r.events, 0),
      orders: sorted.reduce((n, r) => n + r.orders, 0),
      faultsInjected: totals,
      invariantsChecked: sorted.length * INVARIANTS.length,
      invariants: INVARIANTS,
      violations: violations.length,
      failingSeeds: [...new Set([...violations.map((v) => v.seed), ...errors.map((e) => e.seed)])],
      violationList: violations,
      runErrors: errors,
      seconds: Number(seconds.toFixed(1)),
      secondsPerRun: Number((seconds / Math.max(1, sorted.length)).toFixed(1)),
      realSecondsPerRun: Number(
        (sorted.reduce((n, r) => n + r.realMs, 0) / 1000 / Math.max(1, sorted.length)).toFixed(1),
      ),
      clockSecondsPerRun: Number(
        (sorted.reduce((n, r) => n + r.clockMs, 0) / 1000 / Math.max(1, sorted.length)).toFixed(1),
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
  const onRecord = (record: RunRecord) => {
    records.push(record);
    // A long run leaves its figures so far, should it be stopped.
    write(summarize(false));
    printRecord(record, { faults, commands, variantName });
  };
  const onError = (error: RunError) => {
    // A run that cannot finish (the system never became quiet) is a finding too: keep going.
    errors.push(error);
    print(`seed ${error.seed}: ERROR ${error.message}`);
    write(summarize(false));
  };

  if (jobs === 1) {
    // The functions' own logs (worker threads) would drown the summary: keep the simulator's lines only.
    silenceOutput();
    const env = await openSimulationEnv({ assemblyDir });
    try {
      for (const s of seeds) {
        const outcome = await runOne(env, s, options);
        if ('record' in outcome) onRecord(outcome.record);
        else onError(outcome.error);
      }
    } finally {
      await env.close();
    }
  } else {
    await runShards(jobs, (message) =>
      'record' in message ? onRecord(message.record) : onError(message.error),
    );
  }

  const summary = summarize(true);
  write(summary);
  if (values.json) print(JSON.stringify(summary, null, 2));
  else {
    print(
      `runs: ${summary.runs} (seeds ${seed}–${seed + runs - 1}${jobs > 1 ? `, ${jobs} jobs` : ''}), ${summary.seconds} s, ${summary.secondsPerRun} s/run`,
    );
    print(`commands: ${summary.commands}, events: ${summary.events}, orders: ${summary.orders}`);
    print(`faults injected: ${faultText(summary.faultsInjected as Record<FaultKind, number>)}`);
    print(`invariants checked: ${summary.invariantsChecked} (${INVARIANTS.length} per run)`);
    print(
      `violations: ${summary.violations}${summary.failingSeeds.length ? ` (seeds ${summary.failingSeeds.join(', ')})` : ''}`,
    );
    print('summary: bench/results/sim.json');
  }
  return summary.violations > 0 || errors.length > 0 ? 1 : 0;
}

function silenceOutput(): void {
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
}

async function runOne(
  env: Awaited<ReturnType<typeof openSimulationEnv>>,
  seed: number,
  options: RunOptions,
): Promise<ShardMessage> {
  try {
    return { record: toRecord(await runSimulation(env, seed, options)) };
  } catch (error) {
    return { error: { seed, message: error instanceof Error ? error.message : String(error) } };
  }
}

/** A `--shard i/n` process: runs every n-th seed from the i-th, telling its parent each outcome. */
async function runShard(
  shard: string,
  seeds: readonly number[],
  assemblyDir: string,
  options: RunOptions,
): Promise<number> {
  const match = /^(\d+)\/(\d+)$/.exec(shard);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !process.send || index >= count)
    throw new RangeError(`--shard is internal to --jobs (i/n from a parent), got '${shard}'`);
  silenceOutput();
  const env = await openSimulationEnv({ assemblyDir });
  try {
    for (const seed of seeds.filter((_, i) => i % count === index)) {
      const message = await runOne(env, seed, options);
      await new Promise<void>((resolve, reject) =>
        process.send?.(message, (error: Error | null) => (error ? reject(error) : resolve())),
      );
    }
  } finally {
    await env.close();
  }
  return 0;
}

/**
 * Forks `jobs` shard processes with this process's arguments and collects
 * their messages; when one fails, the others are stopped.
 */
async function runShards(jobs: number, onMessage: (message: ShardMessage) => void): Promise<void> {
  const script = fileURLToPath(import.meta.url);
  const args = process.argv.slice(2).filter((a) => a !== '--json');
  const children = Array.from({ length: jobs }, (_, i) =>
    fork(script, [...args, '--shard', `${i}/${jobs}`], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    }),
  );
  try {
    await Promise.all(
      children.map(
        (child, i) =>
          new Promise<void>((resolve, reject) => {
            child.on('message', (message) => onMessage(message as ShardMessage));
            child.on('error', reject);
            child.on('exit', (code) =>
              code === 0 ? resolve() : reject(new Error(`simulator job ${i} exited with ${code}`)),
            );
          }),
      ),
    );
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}

function printRecord(
  record: RunRecord,
  run: { faults: readonly FaultKind[]; commands: number; variantName: string | undefined },
): void {
  const bad = record.violations;
  const phases = Object.entries(record.phases)
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`)
    .join(', ');
  print(
    `seed ${record.seed}: ${record.commands} commands, ${record.events} events, ${record.orders} orders [${record.outcome.join(' ')}], faults ${faultText(record.faults)}, ${bad.length} violation(s), ${(record.realMs / 1000).toFixed(1)} s (${phases})`,
  );
  if (bad.length === 0) return;
  print(
    `  FAILED seed ${record.seed} — reproduce: npm run sim -- --seed ${record.seed} --runs 1 --faults ${run.faults.join(',') || 'none'} --commands ${run.commands}${run.variantName ? ` --variant ${run.variantName}` : ''}`,
  );
  for (const v of bad) print(`  ✗ ${v.invariant}: ${v.evidence}`);
  if (record.trace) print(record.trace);
  for (const line of record.cloudLog ?? []) print(`  cloud: ${line.slice(0, 300)}`);
}

/**
 * `--schedule <dir>`: each run's schedule (the requests in the order the
 * scheduler let them through) to `<dir>/seed-<n>.txt`, one per line — two
 * runs of a seed that end differently diverge at the first differing line.
 */
function scheduleWriter(dir: string): NonNullable<RunOptions['onSchedule']> {
  mkdirSync(dir, { recursive: true });
  const started = new Set<number>();
  return (seed, request, clockMs) => {
    const file = join(dir, `seed-${seed}.txt`);
    if (!started.has(seed)) {
      started.add(seed);
      writeFileSync(file, '');
    }
    appendFileSync(
      file,
      `+${(clockMs / 1000).toFixed(3)}s ${request.actor} ${request.seq} ${request.label}\n`,
    );
  };
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
