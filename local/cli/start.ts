/**
 * `npm start`: runs eventline on the local cloud — synthesizes the CDK app
 * when cdk.out is missing or stale, starts the cloud, deploys the assembly,
 * and serves the API until Ctrl-C.
 */
import { join } from 'node:path';
import { consoleLogger } from '../core/console-logger';
import type { RunningApp } from '../run-app';
import { runAppLocally } from '../run-app';
import { ensureSynthesized } from './ensure-synthesized';
import { eventLogLine } from './event-log';
import { exitOnCloudFailure } from './exit-on-failure';
import { parsePorts } from './options';

const root = process.cwd();
const started = Date.now();
const ports = parsePorts(process.argv.slice(2), process.env, { port: 4599, apiPort: 3000 });
const log = (line: string) => console.log(line);

let app: RunningApp | undefined;
try {
  await ensureSynthesized(root, join(root, 'cdk.out'), log);
  app = await runAppLocally({
    // DynamoDB Local dying while the app runs: stop everything, exit code 2.
    onFailure: exitOnCloudFailure(() => app),
    port: ports.port,
    apiPort: ports.apiPort,
    logger: consoleLogger(),
    onApiRequest: (line) => log(`http ${line.routeKey} -> ${line.status} (${line.ms} ms)`),
  });
} catch (error) {
  console.error(
    `eventline: could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  await app?.stop();
  process.exit(1);
}

const running = app;
running.cloud.eventBridge.onEvent((activity) => log(`event ${eventLogLine(activity)}`));
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
  log(`\n${signal}: stopping the local cloud ...`);
  await running.stop();
  log('stopped.');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
