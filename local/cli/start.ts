/**
 * `npm start`: runs eventline on the local cloud — synthesizes the CDK app
 * when cdk.out is missing or stale, starts the cloud, deploys the assembly,
 * and serves the API until Ctrl-C. The console is a timeline (see
 * `ConsoleTimeline`); `--verbose` adds the raw function output, `--quiet`
 * shows requests only, and every raw line is kept in `.eventline/local.log`.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningApp } from '../run-app';
import { runAppLocally } from '../run-app';
import { ensureSynthesized } from './ensure-synthesized';
import { exitOnCloudFailure } from './exit-on-failure';
import { parseOutputMode, parsePorts } from './options';
import { ConsoleTimeline } from './timeline';

const root = process.cwd();
const started = Date.now();
const argv = process.argv.slice(2);
const ports = parsePorts(argv, process.env, { port: 4599, apiPort: 3000 });
const mode = parseOutputMode(argv);
const stdout = process.stdout.write.bind(process.stdout);
const stderr = process.stderr.write.bind(process.stderr);
const log = (line: string) => void stdout(`${line}\n`);
const rawLogPath = join(root, '.eventline', 'local.log');
mkdirSync(join(root, '.eventline'), { recursive: true });
const rawLog = createWriteStream(rawLogPath, { flags: 'a' });
/** Filled once the app is deployed: the service behind each API route. */
const routeSources = new Map<string, string>();
const timeline = new ConsoleTimeline({
  mode,
  routeSources,
  // Colours only for a person at a terminal (https://no-color.org).
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  write: log,
  raw: (line) => void rawLog.write(`${new Date().toISOString()} ${line}\n`),
});
// The functions' worker threads write to this process's stdout and stderr: route
// those lines through the timeline. The timeline itself writes with the originals.
const intercept =
  (stream: 'stdout' | 'stderr') =>
  (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    timeline.functionOutput(
      typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(),
      stream,
    );
    // write(chunk, [encoding], [callback]): a caller may wait for its callback.
    const callback = rest.find((a): a is () => void => typeof a === 'function');
    if (callback) queueMicrotask(callback);
    return true;
  };
process.stdout.write = intercept('stdout') as typeof process.stdout.write;
process.stderr.write = intercept('stderr') as typeof process.stderr.write;

let app: RunningApp | undefined;
try {
  await ensureSynthesized(root, join(root, 'cdk.out'), log);
  app = await runAppLocally({
    // DynamoDB Local dying while the app runs: stop everything, exit code 2.
    onFailure: exitOnCloudFailure(() => app),
    port: ports.port,
    apiPort: ports.apiPort,
    logger: timeline.logger,
    onApiRequest: (line) => timeline.request(line),
    onMappingBatch: (batch) => timeline.batch(batch),
  });
} catch (error) {
  timeline.flush();
  stderr(`eventline: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  await app?.stop();
  process.exit(1);
}

const running = app;
for (const api of running.deployment.runtime.apis.values()) {
  for (const route of api.routes) {
    const functionName = api.integrations.get(route.target.replace(/^integrations\//, ''));
    const fn = functionName ? running.deployment.runtime.functions.get(functionName) : undefined;
    const service = fn?.props.environment.POWERTOOLS_SERVICE_NAME;
    if (service) routeSources.set(route.routeKey, service);
  }
}
running.cloud.eventBridge.onEvent((activity) => timeline.event(activity));
running.cloud.eventBridge.onDelivery((activity) => timeline.delivery(activity));
running.cloud.stepFunctions.onExecutionEvent((event) => timeline.execution(event));
const resources = running.deployment.resources;
const byStatus = (status: string) => resources.filter((r) => r.status === status);
const count = (list: typeof resources) => {
  const types = new Map<string, number>();
  for (const r of list) types.set(r.type, (types.get(r.type) ?? 0) + 1);
  return [...types].map(([t, n]) => `${t} ×${n}`).join(', ');
};
const api = running.apiUrl ?? '(no HTTP API in the app)';
log('');
log(
  `eventline is running on the local cloud (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
log(`API: ${api}`);
log(
  `AWS endpoint: ${running.cloud.url}   (export AWS_ENDPOINT_URL=${running.cloud.url} to use the AWS CLI or SDKs)`,
);
log(`Runs: ${count(byStatus('emulated'))}`);
log(`Accepted, not emulated: ${count(byStatus('accepted'))}`);
const unsupported = byStatus('unsupported');
log(
  unsupported.length === 0
    ? 'Unsupported: none'
    : `UNSUPPORTED (not running): ${unsupported.map((r) => `${r.logicalId} (${r.type})`).join(', ')}`,
);
log('Note: IAM authorization of the API routes is not checked locally.');
log(
  `Console: one line per request, mapping batch, event and delivery${mode === 'quiet' ? ' (--quiet: requests only)' : mode === 'verbose' ? ' (--verbose: raw function output too)' : ' (--verbose for raw function output, --quiet for requests only)'}; every raw line is kept in ${rawLogPath}`,
);
log('');
log('Try:');
log(
  `  curl -s -X POST ${api}/inventory/SKU-1/stock -H 'content-type: application/json' -d '{"quantity":10}'`,
);
log(
  `  curl -s -X POST ${api}/orders -H 'content-type: application/json' -H 'x-correlation-id: demo-1' -d '{"customerId":"c-1","lines":[{"sku":"SKU-1","quantity":2,"unitPrice":{"amount":1250,"currency":"EUR"}}]}'`,
);
log('');

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  timeline.flush();
  log(`\n${signal}: stopping the local cloud ...`);
  await running.stop();
  log('stopped.');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
