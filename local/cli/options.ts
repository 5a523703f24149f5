/** Ports of `npm start` / `npm run demo`. */
export interface CliPorts {
  /** The AWS endpoint. */
  readonly port: number;
  /** The first HTTP API. */
  readonly apiPort: number;
}

/**
 * Reads `--port` / `--api-port` (or `EVENTLINE_PORT` / `EVENTLINE_API_PORT`).
 * @throws Error naming the flag and the value when a port is not 0..65535.
 */
export function parsePorts(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  defaults: CliPorts,
): CliPorts {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    const inline = argv.find((a) => a.startsWith(`${name}=`));
    return inline ? inline.slice(name.length + 1) : i >= 0 ? argv[i + 1] : undefined;
  };
  const port = (name: string, envName: string, fallback: number) => {
    const raw = flag(name) ?? env[envName];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      throw new Error(
        `${name} (or ${envName}) must be a port from 0 to 65535, got ${JSON.stringify(raw)}`,
      );
    }
    return n;
  };
  return {
    port: port('--port', 'EVENTLINE_PORT', defaults.port),
    apiPort: port('--api-port', 'EVENTLINE_API_PORT', defaults.apiPort),
  };
}

/**
 * Reads `--verbose` / `--quiet` of `npm start`: the raw function output too,
 * or HTTP requests only.
 * @throws Error when both are given.
 */
export function parseOutputMode(argv: readonly string[]): 'normal' | 'verbose' | 'quiet' {
  const verbose = argv.includes('--verbose');
  const quiet = argv.includes('--quiet');
  if (verbose && quiet) throw new Error('--verbose and --quiet exclude each other; give one');
  return verbose ? 'verbose' : quiet ? 'quiet' : 'normal';
}
