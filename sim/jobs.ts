/**
 * How many simulator processes `npm run sim` forks when `--jobs` is not
 * given: one per core, since the runs are independent and CPU-bound (each
 * process with its own DynamoDB Local), but never more than there are runs;
 * one with `--verbose`, whose traces only a single process prints as they
 * happen.
 */
export function defaultJobs(options: {
  readonly runs: number;
  readonly verbose: boolean;
  readonly cores: number;
}): number {
  if (options.verbose) return 1;
  return Math.max(1, Math.min(options.cores, options.runs));
}
