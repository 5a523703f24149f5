/** One line of a run's trace. */
export interface TraceLine {
  /** Clock time since the run started, in ms. */
  readonly atMs: number;
  readonly kind: 'command' | 'fault' | 'state' | 'violation';
  readonly text: string;
}

/**
 * What happened in one run, in order: the commands sent and their answers,
 * the faults injected, the states reached. Printed when a run fails
 * ("shrinking lite": the seed reproduces it, the trace explains it).
 */
export class Trace {
  readonly lines: TraceLine[] = [];
  readonly #now: () => number;
  readonly #start: number;

  readonly #onLine: ((line: TraceLine) => void) | undefined;

  /** @param onLine told of each line as it is added (`--verbose`) */
  constructor(now: () => number, onLine?: (line: TraceLine) => void) {
    this.#now = now;
    this.#start = now();
    this.#onLine = onLine;
  }

  add(kind: TraceLine['kind'], text: string): void {
    const line = { atMs: this.#now() - this.#start, kind, text };
    this.lines.push(line);
    this.#onLine?.(line);
  }

  /** The last `max` lines as text, one per line, with their clock time. */
  format(max = 60): string {
    const shown = this.lines.slice(-max);
    const skipped = this.lines.length - shown.length;
    const head = skipped > 0 ? [`  … ${skipped} earlier lines`] : [];
    return [...head, ...shown.map((l) => `  ${formatTraceLine(l)}`)].join('\n');
  }
}

/** One trace line as text: clock time, kind, what happened. */
export function formatTraceLine(line: TraceLine): string {
  return `+${(line.atMs / 1000).toFixed(1).padStart(7)}s ${line.kind.padEnd(9)} ${line.text}`;
}
