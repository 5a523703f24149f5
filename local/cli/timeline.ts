import type { CloudLogger } from '../core/service';
import type { BusActivity, DeliveryActivity } from '../services/eventbridge/types';
import type { MappingBatch } from '../services/lambda/event-source-mappings/types';
import type { ExecutionEvent } from '../services/stepfunctions/types';
import { eventSummary } from './event-log';
import type { FunctionOutput } from './function-log';
import { compactFields, parseFunctionOutput } from './function-log';

/** How much `npm start` prints. */
export type TimelineMode = 'normal' | 'verbose' | 'quiet';

export interface TimelineOptions {
  /** `quiet`: requests only; `verbose`: also every raw line and the cloud's info log. */
  readonly mode: TimelineMode;
  /** ANSI colours (on a TTY only, and not under `NO_COLOR`). */
  readonly color: boolean;
  /** Where the timeline's lines go (the console). */
  readonly write: (line: string) => void;
  /** Where every raw line goes, whatever the mode: nothing is lost. @default - nowhere */
  readonly raw?: (line: string) => void;
  /** Wall clock of the printed times. @default () => new Date() */
  readonly now?: () => Date;
  /**
   * How long logs of an HTTP function wait for their request's line before
   * they are printed on their own.
   * @default 5_000 ms
   */
  readonly holdMs?: number;
  /**
   * The source (Powertools `service`) of the function behind each route key,
   * so output that names no route (a metrics document, a log line written
   * before the route was known) still waits for its request's line.
   * @default - only log entries that carry a `route` wait
   */
  readonly routeSources?: ReadonlyMap<string, string>;
  /**
   * How long a request line waits for the last output of its function (a
   * worker's stdout can arrive just after its result); 0 prints at once.
   * @default 25 ms
   */
  readonly requestSettleMs?: number;
}

/** An HTTP request's line, as the API server reports it. */
export interface RequestLine {
  readonly routeKey: string;
  readonly status: number;
  readonly ms: number;
}

type LogEntry = Extract<FunctionOutput, { kind: 'log' }>;
type MetricsEntry = Extract<FunctionOutput, { kind: 'metrics' }>;

/** Function output of one HTTP invocation, waiting for its request's line. */
interface HeldGroup {
  readonly source: string;
  route: string | undefined;
  correlationId: string | undefined;
  readonly lines: string[];
  readonly timer: NodeJS.Timeout;
}

const PALETTE = {
  dim: 2,
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
} as const;

/**
 * `npm start`'s console as a readable timeline: one line per HTTP request,
 * bus event and target delivery, each with its correlation id; function logs
 * compact (source, level, message, a few fields) under the line they belong
 * to; EMF metric documents summarised by name. Raw lines all go to `raw`.
 */
export class ConsoleTimeline {
  readonly #options: TimelineOptions;
  readonly #held: HeldGroup[] = [];
  readonly #partial = new Map<'stdout' | 'stderr', string>();
  /** Lines waiting behind request lines that are settling. */
  #deferred: string[] | undefined;
  #pendingRequests = 0;

  constructor(options: TimelineOptions) {
    this.#options = options;
  }

  /** The cloud's own log: warnings and errors on the timeline, info only when verbose. */
  get logger(): CloudLogger {
    const line = (level: 'info' | 'warn' | 'error') => (m: string, f?: Record<string, unknown>) => {
      const text = `${m}${f && Object.keys(f).length > 0 ? ` ${compactFields(f, 6, 120)}` : ''}`;
      this.#options.raw?.(`cloud ${level} ${text}`);
      const { mode } = this.#options;
      if (level === 'info' && mode !== 'verbose') return;
      if (level === 'warn' && mode === 'quiet') return;
      const color =
        level === 'error' ? PALETTE.red : level === 'warn' ? PALETTE.yellow : PALETTE.dim;
      this.#line('cloud', this.#paint(color, `${level.toUpperCase()} ${text}`));
    };
    return { info: line('info'), warn: line('warn'), error: line('error') };
  }

  /**
   * An HTTP request was answered: its line, then the logs its function wrote.
   * A worker's stdout can reach this process just after its result, so the
   * line waits `requestSettleMs`; lines of other kinds wait behind it, in order.
   */
  request(request: RequestLine): void {
    const at = this.#now();
    const settleMs = this.#options.requestSettleMs ?? 25;
    if (settleMs <= 0) {
      this.#printRequest(request, at);
      return;
    }
    this.#deferred ??= [];
    this.#pendingRequests++;
    setTimeout(() => {
      this.#pendingRequests--;
      const deferred = this.#deferred ?? [];
      this.#deferred = undefined;
      this.#printRequest(request, at);
      for (const line of deferred) this.#emit(line);
      if (this.#pendingRequests > 0) this.#deferred = [];
    }, settleMs).unref();
  }

  #printRequest(request: RequestLine, at: Date): void {
    const source = this.#options.routeSources?.get(request.routeKey);
    const index = this.#held.findIndex(
      (g) => g.route === request.routeKey || (source !== undefined && g.source === source),
    );
    const group = index >= 0 ? this.#held.splice(index, 1)[0] : undefined;
    if (group) clearTimeout(group.timer);
    const status = this.#paint(
      request.status >= 500 ? PALETTE.red : request.status >= 400 ? PALETTE.yellow : PALETTE.green,
      String(request.status),
    );
    this.#line(
      'http',
      `${this.#paint(PALETTE.cyan, request.routeKey)} → ${status} (${request.ms} ms)${this.#correlation(group?.correlationId)}`,
      at,
    );
    if (this.#options.mode !== 'quiet') for (const line of group?.lines ?? []) this.#emit(line);
  }

  /** A bus accepted an event. */
  event(activity: BusActivity): void {
    if (this.#options.mode === 'quiet') return;
    const summary = eventSummary(activity);
    this.#line(
      'event',
      `${this.#paint(PALETTE.magenta, summary.detailType)} ${summary.position}${this.#correlation(summary.correlationId)}  rules=${summary.rules}${summary.replay ? `  replay=${summary.replay}` : ''}`,
    );
  }

  /** An event reached a rule's target. */
  delivery(activity: DeliveryActivity): void {
    if (this.#options.mode === 'quiet') return;
    const summary = eventSummary({
      busName: '',
      event: activity.event,
      matchedRules: [],
      archivedIn: [],
    });
    const retries = activity.retries > 0 ? ` after ${activity.retries} retries` : '';
    this.#line(
      'deliver',
      `${this.#paint(PALETTE.blue, summary.detailType)} → ${shortArn(activity.targetArn)} (rule ${activity.ruleName}${retries})${this.#correlation(summary.correlationId)}`,
    );
  }

  /** An event source mapping is invoking its function with a batch; the function's logs follow. */
  batch(batch: MappingBatch): void {
    if (this.#options.mode === 'quiet') return;
    const shown = batch.subjects.slice(0, 3).join(', ');
    const more = batch.subjects.length > 3 ? ` +${batch.subjects.length - 3}` : '';
    const records = `${batch.records} record${batch.records === 1 ? '' : 's'}`;
    this.#line(
      'batch',
      `${shortArn(batch.sourceArn)} → ${this.#paint(PALETTE.blue, shortFunctionName(batch.functionArn))}: ${records} (${shown}${more})${this.#correlation(batch.correlationIds.join(','))}`,
    );
  }

  /**
   * A step of a saga (Step Functions execution): states entered, task
   * failures (with the wait before a retry), the outcome. Task scheduling and
   * successes are noise and are left out unless verbose.
   */
  execution(event: ExecutionEvent): void {
    if (this.#options.mode === 'quiet') return;
    const type = event.event.type;
    const verbose = this.#options.mode === 'verbose';
    const name = event.executionName;
    const details = (key: string) => event.event[key] as Record<string, unknown> | undefined;
    let text: string | undefined;
    if (type === 'ExecutionStarted') text = `${this.#paint(PALETTE.blue, name)} started`;
    else if (type.endsWith('StateEntered')) {
      text = `${name} → ${details('stateEnteredEventDetails')?.name ?? '?'}`;
    } else if (
      type === 'TaskFailed' ||
      type === 'LambdaFunctionFailed' ||
      type === 'TaskTimedOut'
    ) {
      const d =
        details('taskFailedEventDetails') ??
        details('lambdaFunctionFailedEventDetails') ??
        details('taskTimedOutEventDetails');
      const retry = event.retryInMs !== undefined ? `, retry in ${event.retryInMs} ms` : '';
      text = this.#paint(
        PALETTE.yellow,
        `${name} ${event.stateName ?? ''} failed: ${String(d?.error ?? type)}${retry}`,
      );
    } else if (type === 'ExecutionSucceeded') {
      text = this.#paint(PALETTE.green, `${name} succeeded`);
    } else if (
      type === 'ExecutionFailed' ||
      type === 'ExecutionTimedOut' ||
      type === 'ExecutionAborted'
    ) {
      const d = details('executionFailedEventDetails');
      text = this.#paint(
        PALETTE.red,
        `${name} ${type.replace('Execution', '').toLowerCase()}${d?.error ? `: ${String(d.error)}` : ''}`,
      );
    } else if (verbose) text = `${name} ${type}${event.stateName ? ` ${event.stateName}` : ''}`;
    if (text) this.#line('saga', text);
  }

  /**
   * Output of the functions' worker threads (any chunking): split into lines,
   * each kept raw and shown compactly, or raw when verbose.
   */
  functionOutput(chunk: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    const text = (this.#partial.get(stream) ?? '') + chunk;
    const lines = text.split('\n');
    this.#partial.set(stream, lines.pop() ?? '');
    for (const line of lines) if (line.trim() !== '') this.#functionLine(line);
  }

  /** Prints whatever still waits for a request line (on shutdown). */
  flush(): void {
    for (const group of this.#held.splice(0)) this.#release(group);
    for (const [stream, rest] of this.#partial) {
      this.#partial.set(stream, '');
      if (rest.trim() !== '') this.#functionLine(rest);
    }
  }

  #functionLine(line: string): void {
    this.#options.raw?.(line);
    const { mode } = this.#options;
    if (mode === 'verbose') this.#emit(this.#paint(PALETTE.dim, line));
    const output = parseFunctionOutput(line);
    if (output.kind === 'text') {
      if (mode === 'normal') this.#emit(`    ${output.text}`);
      return;
    }
    const shown = output.kind === 'log' ? this.#compact(output) : this.#metrics(output);
    // Held even when quiet: the request line takes its correlation id from them.
    const group = this.#groupFor(output);
    if (group) group.lines.push(shown);
    else if (mode !== 'quiet' || (output.kind === 'log' && output.level === 'ERROR')) {
      this.#emit(shown);
    }
  }

  /**
   * The held group a line joins: output of an HTTP function waits for its
   * request's line. A new correlation id starts a new group (another request).
   */
  #groupFor(output: LogEntry | MetricsEntry): HeldGroup | undefined {
    const route = output.kind === 'log' ? output.route : undefined;
    // The map may be filled after construction (once the app is deployed).
    const httpSource = [...(this.#options.routeSources?.values() ?? [])].includes(output.source);
    const latest = this.#held.findLast((g) => g.source === output.source);
    if (!route && !httpSource && !latest) return undefined;
    const correlationId = output.kind === 'log' ? output.correlationId : undefined;
    if (
      latest &&
      (correlationId === undefined ||
        latest.correlationId === undefined ||
        latest.correlationId === correlationId)
    ) {
      latest.correlationId ??= correlationId;
      latest.route ??= route;
      return latest;
    }
    const group: HeldGroup = {
      source: output.source,
      route,
      correlationId,
      lines: [],
      timer: setTimeout(() => {
        const i = this.#held.indexOf(group);
        if (i >= 0) this.#release(this.#held.splice(i, 1)[0] as HeldGroup);
      }, this.#options.holdMs ?? 5_000),
    };
    group.timer.unref();
    this.#held.push(group);
    return group;
  }

  #release(group: HeldGroup): void {
    clearTimeout(group.timer);
    if (this.#options.mode === 'quiet') return;
    for (const line of group.lines) this.#emit(line);
  }

  #compact(entry: LogEntry): string {
    const level =
      entry.level === 'ERROR' || entry.level === 'CRITICAL'
        ? this.#paint(PALETTE.red, entry.level)
        : entry.level === 'WARN'
          ? this.#paint(PALETTE.yellow, entry.level)
          : entry.level;
    const fields = compactFields(entry.fields);
    return `    ${this.#paint(PALETTE.dim, entry.source)} ${level} ${entry.message}${fields ? `  ${this.#paint(PALETTE.dim, fields)}` : ''}`;
  }

  #metrics(entry: MetricsEntry): string {
    return `    ${this.#paint(PALETTE.dim, `${entry.source} metrics ${entry.metrics.join(' ')}`)}`;
  }

  #correlation(id: string | undefined): string {
    return id ? `  ${this.#paint(PALETTE.dim, `corr=${id}`)}` : '';
  }

  #line(kind: string, text: string, at: Date = this.#now()): void {
    const time = at.toISOString().slice(11, 23);
    this.#emit(`${this.#paint(PALETTE.dim, time)} ${kind.padEnd(7)} ${text}`);
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  /** Writes a line, or queues it behind a request line that is still settling. */
  #emit(line: string): void {
    if (this.#deferred) this.#deferred.push(line);
    else this.#options.write(line);
  }

  #paint(code: number, text: string): string {
    return this.#options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
}

/** `…:function:eventline-dev-OutboxFunctionAB2D95BD` → `OutboxFunction` (CDK's stack prefix and hash dropped). */
function shortFunctionName(arn: string): string {
  const name = arn.split(':function:')[1]?.split(':')[0] ?? arn;
  return name.replace(/^[^-]+-[^-]+-/, '').replace(/[A-F0-9]{8}$/, '') || name;
}

/** `arn:aws:sqs:…:name` → `sqs:name`, a table's stream → `stream:table`, to keep lines short. */
function shortArn(arn: string): string {
  const stream = /:table\/([^/]+)\/stream\//.exec(arn);
  if (stream) return `stream:${stream[1]}`;
  const parts = arn.split(':');
  const service = parts[2] ?? '';
  const resource = parts.slice(5).join(':');
  const name = resource.split(/[:/]/).pop() ?? resource;
  return service ? `${service}:${name}` : arn;
}
