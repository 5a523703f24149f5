/** A column of a human table: its header and how a row shows in it. */
export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => unknown;
}

/** Where results, notes and progress go. */
export interface OutputStreams {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Shows progress of a long task on stderr. */
export interface Progress {
  /** `done` of `total` units (total may be unknown). */
  update(done: number, total?: number, detail?: string): void;
  /** Prints the last state and ends the bar's line. */
  finish(detail?: string): void;
}

/** Plain progress lines (no TTY) come at most this often. */
const PLAIN_INTERVAL_MS = 2000;
const BAR_WIDTH = 24;

/**
 * The command line's output: results on stdout — a human table, or NDJSON
 * (one JSON object a line) with `--json` — and notes, warnings and progress
 * on stderr, so that stdout stays parseable and errors are never hidden by it.
 */
export class Output {
  readonly json: boolean;
  readonly #streams: OutputStreams;

  constructor(json: boolean, streams: OutputStreams = process) {
    this.json = json;
    this.#streams = streams;
  }

  /** Results as rows: NDJSON objects, or a table of `columns`. */
  rows<T extends object>(rows: readonly T[], columns: readonly Column<T>[]): void {
    if (this.json) {
      for (const row of rows) this.#streams.stdout.write(`${JSON.stringify(row)}\n`);
      return;
    }
    if (rows.length === 0) {
      this.note('(none)');
      return;
    }
    const cells = rows.map((row) => columns.map((c) => show(c.value(row))));
    const widths = columns.map((c, i) =>
      Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)),
    );
    const line = (values: readonly string[]) =>
      `${values
        .map((v, i) => v.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd()}\n`;
    this.#streams.stdout.write(line(columns.map((c) => c.header.toUpperCase())));
    for (const row of cells) this.#streams.stdout.write(line(row));
  }

  /** One result object: one NDJSON line, or `key: value` lines. */
  record(record: object): void {
    if (this.json) {
      this.#streams.stdout.write(`${JSON.stringify(record)}\n`);
      return;
    }
    const entries = Object.entries(record).filter(([, v]) => v !== undefined);
    const width = Math.max(...entries.map(([k]) => k.length));
    for (const [key, value] of entries) {
      this.#streams.stdout.write(`${`${key}:`.padEnd(width + 2)}${show(value)}\n`);
    }
  }

  /** A note for the operator (stderr). */
  note(message: string): void {
    this.#streams.stderr.write(`${message}\n`);
  }

  /** A warning (stderr). */
  warn(message: string): void {
    this.#streams.stderr.write(`warning: ${message}\n`);
  }

  /**
   * A live bar with rate and ETA on a TTY; plain periodic lines otherwise.
   * With `percent`, `done` is a percentage: no count or rate is shown.
   */
  progress(label: string, now: () => number = Date.now, percent = false): Progress {
    const stderr = this.#streams.stderr;
    const tty = stderr.isTTY === true;
    const started = now();
    let lastPlain = 0;
    let lastLine = '';
    let last = { done: 0, total: undefined as number | undefined, detail: '' };
    const render = () => {
      const { done, total, detail } = last;
      const seconds = (now() - started) / 1000;
      const rate = seconds > 0 ? done / seconds : 0;
      const parts = [label];
      if (!percent) parts.push(total === undefined ? `${done}` : `${done}/${total}`);
      if (total !== undefined && total > 0) {
        const ratio = Math.min(1, done / total);
        if (tty) {
          const filled = Math.round(ratio * BAR_WIDTH);
          parts.push(`[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`);
        }
        parts.push(`${Math.floor(ratio * 100)}%`);
      }
      if (!percent) parts.push(`${rate.toFixed(1)}/s`);
      if (total !== undefined && rate > 0 && done < total) {
        parts.push(`ETA ${formatDuration(((total - done) / rate) * 1000)}`);
      }
      if (detail) parts.push(detail);
      return parts.join(' ');
    };
    return {
      update(done, total, detail = '') {
        last = { done, total, detail };
        if (tty) {
          stderr.write(`\r\x1b[K${render()}`);
        } else if (now() - lastPlain >= PLAIN_INTERVAL_MS) {
          lastPlain = now();
          lastLine = render();
          stderr.write(`${lastLine}\n`);
        }
      },
      finish(detail) {
        if (detail !== undefined) last = { ...last, detail };
        const line = render();
        if (tty) stderr.write(`\r\x1b[K${line}\n`);
        // A plain line already showing the same state is not repeated.
        else if (line !== lastLine) stderr.write(`${line}\n`);
      },
    };
  }
}

/** `1h 02m`, `3m 05s`, `12s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

function show(value: unknown): string {
  if (value === undefined || value === null) return '-';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
