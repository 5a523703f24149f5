import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** What one run of the `eventline` binary printed and how it exited. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout's NDJSON lines, parsed. */
  readonly lines: Record<string, unknown>[];
}

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'eventline.mjs');

/**
 * Runs the real binary in a child process against a cloud at `endpoint`, the
 * way an operator would against the local cloud: `AWS_ENDPOINT_URL`, dummy
 * credentials and a region, nothing else of the test's environment.
 */
export function runCli(endpoint: string, region: string, args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          AWS_ENDPOINT_URL: endpoint,
          AWS_REGION: region,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
        },
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        const lines = stdout
          .split('\n')
          .filter((l) => l.trim().startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>);
        resolve({ code, stdout, stderr, lines });
      },
    );
  });
}
