import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Source folders and files whose change makes `cdk.out` stale. */
const SOURCES = ['infra', 'functions', 'shared', 'cdk.json', 'package-lock.json'];

/** Newest modification time (ms) of any file under `path`, skipping dependencies. */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when `outDir` has no assembly or is older than any source of the app. */
export function isAssemblyStale(root: string, outDir: string): boolean {
  const manifest = join(outDir, 'manifest.json');
  if (!existsSync(manifest)) return true;
  const built = statSync(manifest).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(root, source)) > built);
}

/**
 * Synthesizes the CDK app into `outDir` when it is missing or stale, with the
 * project's own CDK CLI (bundling runs the local esbuild: no Docker).
 * Resolves with whether a synth ran.
 */
export async function ensureSynthesized(
  root: string,
  outDir: string,
  log: (line: string) => void,
): Promise<boolean> {
  if (!isAssemblyStale(root, outDir)) return false;
  log(`synthesizing the CDK app into ${outDir} ...`);
  const cdk = join(root, 'node_modules', '.bin', 'cdk');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(cdk, ['synth', '--quiet', '--output', outDir], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true' },
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`cdk synth exited with code ${code}`)),
    );
  });
  return true;
}
