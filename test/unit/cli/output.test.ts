import { describe, expect, it } from 'vitest';
import { formatDuration, Output } from '../../../cli/output';

function streams(tty = false) {
  const written = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') => ({
    write: (text: string) => {
      written[key] += text;
      return true;
    },
  });
  return {
    written,
    streams: {
      stdout: sink('stdout') as unknown as NodeJS.WritableStream,
      stderr: Object.assign(sink('stderr'), { isTTY: tty }) as unknown as NodeJS.WritableStream & {
        isTTY?: boolean;
      },
    },
  };
}

const columns = [
  { header: 'name', value: (r: { name: string; n: number }) => r.name },
  { header: 'n', value: (r: { name: string; n: number }) => r.n },
];

describe('Class: Output', () => {
  describe('Method: rows', () => {
    it('writes one JSON object a line with --json, and nothing to stderr', () => {
      // Prepare
      const { written, streams: s } = streams();

      // Act
      new Output(true, s).rows(
        [
          { name: 'a', n: 1 },
          { name: 'bb', n: 22 },
        ],
        columns,
      );

      // Assess
      expect(written.stdout).toBe('{"name":"a","n":1}\n{"name":"bb","n":22}\n');
      expect(written.stderr).toBe('');
    });

    it('writes an aligned table with upper-case headers otherwise', () => {
      // Prepare
      const { written, streams: s } = streams();

      // Act
      new Output(false, s).rows(
        [
          { name: 'a', n: 1 },
          { name: 'bbbbbb', n: 22 },
        ],
        columns,
      );

      // Assess
      expect(written.stdout).toBe('NAME    N\na       1\nbbbbbb  22\n');
    });
  });

  describe('Method: progress', () => {
    it('prints plain lines with count, percent, rate and ETA when stderr is not a TTY', () => {
      // Prepare: 10 s pass between updates.
      const { written, streams: s } = streams(false);
      let now = 0;
      const progress = new Output(false, s).progress('moved', () => now);

      // Act
      now = 10_000;
      progress.update(50, 200);
      now = 11_000;
      progress.update(60, 200); // within 2 s of the last line: not printed
      now = 40_000;
      progress.finish('COMPLETED');

      // Assess: 50 in 10 s is 5/s, so 150 more take 30 s.
      expect(written.stderr.split('\n')).toEqual([
        'moved 50/200 25% 5.0/s ETA 30s',
        'moved 60/200 30% 1.5/s ETA 1m 33s COMPLETED',
        '',
      ]);
      expect(written.stdout).toBe('');
    });

    it('shows a percentage alone, and does not repeat a plain line at finish', () => {
      // Prepare
      const { written, streams: s } = streams(false);
      let now = 0;
      const progress = new Output(false, s).progress('replay r', () => now, true);

      // Act: 40 % in 4 s, so 60 % more take 6 s.
      now = 4000;
      progress.update(40, 100, 'RUNNING');
      now = 10_000;
      progress.update(100, 100, 'COMPLETED');
      progress.finish();

      // Assess
      expect(written.stderr).toBe('replay r 40% ETA 6s RUNNING\nreplay r 100% COMPLETED\n');
    });

    it('redraws one line with a bar on a TTY', () => {
      // Prepare
      const { written, streams: s } = streams(true);
      let now = 0;
      const progress = new Output(false, s).progress('replay', () => now);

      // Act
      now = 1000;
      progress.update(50, 100);

      // Assess
      expect(written.stderr).toBe(
        `\r\x1b[Kreplay 50/100 [${'#'.repeat(12)}${'-'.repeat(12)}] 50% 50.0/s ETA 1s`,
      );
    });
  });
});

describe('Function: formatDuration', () => {
  it('shows seconds, minutes and hours', () => {
    expect([formatDuration(12_400), formatDuration(185_000), formatDuration(3_720_000)]).toEqual([
      '12s',
      '3m 05s',
      '1h 02m',
    ]);
  });
});
