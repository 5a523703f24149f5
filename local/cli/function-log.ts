/**
 * Reads one line a function wrote to stdout or stderr: a Powertools JSON log
 * entry, a CloudWatch embedded-metric-format (EMF) document, or plain text.
 */
export type FunctionOutput =
  | {
      readonly kind: 'log';
      readonly level: string;
      readonly message: string;
      /** `service`, or the function name without its stack prefix and hash. */
      readonly source: string;
      readonly correlationId?: string;
      /** `route` key the HTTP handlers append (e.g. `POST /orders`). */
      readonly route?: string;
      /** The entry's own fields, Powertools' standard keys left out. */
      readonly fields: Readonly<Record<string, unknown>>;
    }
  | {
      readonly kind: 'metrics';
      readonly source: string;
      /** `Name=value` per metric of the document. */
      readonly metrics: readonly string[];
    }
  | { readonly kind: 'text'; readonly text: string };

/** Keys Powertools Logger adds to every entry; the compact form leaves them out. */
const STANDARD_KEYS = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'cold_start',
  'function_arn',
  'function_memory_size',
  'function_name',
  'function_request_id',
  'sampling_rate',
  'xray_trace_id',
  'correlationId',
  'correlation_id',
  'route',
]);

/** Classifies one line of function output. */
export function parseFunctionOutput(line: string): FunctionOutput {
  const text = line.trimEnd();
  if (!text.startsWith('{')) return { kind: 'text', text };
  let entry: unknown;
  try {
    entry = JSON.parse(text);
  } catch {
    return { kind: 'text', text };
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return { kind: 'text', text };
  }
  const record = entry as Record<string, unknown>;
  const source = sourceOf(record);
  const emf = (record._aws as { CloudWatchMetrics?: unknown } | undefined)?.CloudWatchMetrics;
  if (Array.isArray(emf)) {
    const names = emf.flatMap((directive) =>
      Array.isArray((directive as { Metrics?: unknown }).Metrics)
        ? ((directive as { Metrics: { Name?: unknown }[] }).Metrics.map((m) => m.Name) as unknown[])
        : [],
    );
    const metrics = names
      .filter((name): name is string => typeof name === 'string')
      .map((name) => `${name}=${JSON.stringify(record[name] ?? null)}`);
    return { kind: 'metrics', source, metrics };
  }
  if (typeof record.level !== 'string' || typeof record.message !== 'string') {
    return { kind: 'text', text };
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (!STANDARD_KEYS.has(key)) fields[key] = value;
  }
  const correlationId = record.correlationId ?? record.correlation_id;
  return {
    kind: 'log',
    level: record.level,
    message: record.message,
    source,
    ...(typeof correlationId === 'string' ? { correlationId } : {}),
    ...(typeof record.route === 'string' ? { route: record.route } : {}),
    fields,
  };
}

function sourceOf(record: Record<string, unknown>): string {
  if (typeof record.service === 'string' && record.service !== 'service_undefined') {
    return record.service;
  }
  if (typeof record.function_name === 'string') {
    // CDK names functions `<stack>-<Construct><hash>`: keep the construct part.
    return record.function_name.replace(/^[^-]+-[^-]+-/, '').replace(/[A-F0-9]{8}$/, '');
  }
  return 'function';
}

/**
 * A few fields as `key=value`, values cut to `maxValue` characters, at most
 * `maxFields` of them (the rest counted), so one entry fits on one line.
 */
export function compactFields(
  fields: Readonly<Record<string, unknown>>,
  maxFields = 4,
  maxValue = 60,
): string {
  const entries = Object.entries(fields);
  const shown = entries.slice(0, maxFields).map(([key, value]) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return `${key}=${text.length > maxValue ? `${text.slice(0, maxValue - 1)}…` : text}`;
  });
  if (entries.length > maxFields) shown.push(`(+${entries.length - maxFields} more)`);
  return shown.join(' ');
}
