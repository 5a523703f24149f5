import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../infra/constructs/EventlineFunction';
import type { BenchTarget } from './bench-targets';

const PROBE = join(PROJECT_ROOT, 'bench', 'coldstart', 'import-probe.mjs');

/** One fresh process's import of a bundle. */
export interface ImportSample {
  /** Wall time of `await import(bundle)`. */
  readonly importMs: number;
  /** CPU time (user + system, every thread) of the process during the import. */
  readonly cpuMs: number;
  /** Wall time from spawning the process to its exit. */
  readonly processMs: number;
}

/** Median, lowest and highest of a series, in ms. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** The samples of one target. */
export interface TargetSamples {
  readonly target: BenchTarget;
  readonly samples: ImportSample[];
}

/**
 * Imports every target `runs` times, each time in a fresh Node.js process
 * (this process's executable) with only the target's environment. Runs are
 * interleaved — one process per target per round, the order rotating each
 * round — so that a slow moment of a shared machine falls on every target
 * alike rather than on one of them.
 */
export async function measureImports(
  targets: readonly BenchTarget[],
  runs: number,
  onRound: (round: number) => void = () => {},
): Promise<TargetSamples[]> {
  const results = targets.map((target) => ({ target, samples: [] as ImportSample[] }));
  for (let round = 0; round < runs; round++) {
    for (let i = 0; i < results.length; i++) {
      const entry = results[(i + round) % results.length] as TargetSamples;
      entry.samples.push(await importOnce(entry.target));
    }
    onRound(round + 1);
  }
  return results;
}

function importOnce(target: BenchTarget): Promise<ImportSample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [PROBE, target.modulePath, target.handlerName], {
      env: { ...target.environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const processMs = performance.now() - started;
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        reject(new Error(`importing ${target.name} failed (exit ${code}): ${stderr || stdout}`));
        return;
      }
      const { importMs, cpuMs } = JSON.parse(last) as { importMs: number; cpuMs: number };
      resolve({ importMs, cpuMs, processMs });
    });
  });
}

/** Median (mean of the middle two for an even count), min and max. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spread of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    median: round(median),
    min: round(sorted[0] as number),
    max: round(sorted.at(-1) as number),
  };
}

/** Rounds to 0.1 (ms) or, for ratios, to 0.01. */
export function round(value: number, decimals = 1): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
