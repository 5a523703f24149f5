import type { CloudLogger } from './service';

/** A logger for the local cloud: one line per message, fields as key=value. */
export function consoleLogger(options: { quiet?: boolean } = {}): CloudLogger {
  const line = (level: string, message: string, fields?: Record<string, unknown>) => {
    if (options.quiet && level !== 'error') return;
    const extra = fields
      ? ` ${Object.entries(fields)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(' ')}`
      : '';
    const out = `${new Date().toISOString().slice(11, 23)} ${level.padEnd(5)} ${message}${extra}`;
    (level === 'error' ? console.error : console.log)(out);
  };
  return {
    info: (m, f) => line('info', m, f),
    warn: (m, f) => line('warn', m, f),
    error: (m, f) => line('error', m, f),
  };
}

/** A logger that keeps lines in memory (tests assert on them). */
export function memoryLogger(): CloudLogger & { readonly lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string, f?: Record<string, unknown>) => {
    lines.push(`${level} ${m}${f ? ` ${JSON.stringify(f)}` : ''}`);
  };
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}
