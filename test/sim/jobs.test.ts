import { describe, expect, it } from 'vitest';
import { defaultJobs } from '../../sim/jobs';

describe('Function: defaultJobs', () => {
  it("runs one process per core, as the issue's `--seed 1 --runs 200` on 2 cores needs", () => {
    expect(defaultJobs({ runs: 200, verbose: false, cores: 2 })).toBe(2);
    expect(defaultJobs({ runs: 200, verbose: false, cores: 8 })).toBe(8);
  });

  it('never forks more processes than there are runs', () => {
    expect(defaultJobs({ runs: 1, verbose: false, cores: 8 })).toBe(1);
    expect(defaultJobs({ runs: 3, verbose: false, cores: 8 })).toBe(3);
  });

  it('keeps one process with --verbose, whose traces only it prints as they happen', () => {
    expect(defaultJobs({ runs: 200, verbose: true, cores: 8 })).toBe(1);
  });
});
