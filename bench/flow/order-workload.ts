import { Agent, request } from 'node:http';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { GetExecutionHistoryCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import type { RunningApp } from '../../local/run-app';

/** How an order of the mix ends. */
export type OrderKind = 'confirmed' | 'declined' | 'cancelledAfterConfirmation';

/** The mix, out of 10 orders: 7 confirmed, 2 declined by the payment sandbox, 1 cancelled once confirmed. */
export function kindOf(index: number): OrderKind {
  const slot = index % 10;
  return slot < 7 ? 'confirmed' : slot < 9 ? 'declined' : 'cancelledAfterConfirmation';
}

/** The `POST /orders` body of the `index`-th order: one line of one of `skus`. */
export function orderBody(index: number, skus: readonly string[]): string {
  const kind = kindOf(index);
  return JSON.stringify({
    customerId: kind === 'declined' ? `sandbox-decline-${index}` : `bench-${index}`,
    customerEmail: `customer-${index}@example.com`,
    lines: [
      { sku: skus[index % skus.length], quantity: 1, unitPrice: { amount: 1250, currency: 'EUR' } },
    ],
  });
}

/** Runs `work(i)` for i in [0, count) with at most `concurrency` at once. */
export async function pool(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

// One connection per request: a kept-alive socket the server is closing can reset a POST,
// and a POST /orders must not be retried blindly (it would place a second order).
const agent = new Agent({ keepAlive: false });

/** POSTs JSON, failing on any status but `expected`; resolves with the parsed answer. */
export function post(url: string, body: string, expected: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== expected)
            reject(new Error(`POST ${url} answered ${res.statusCode}: ${text}`));
          else resolve(JSON.parse(text));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const sqsArnOfUrl = (url: string, region: string, account: string) =>
  `arn:aws:sqs:${region}:${account}:${url.split('/').pop()}`;

/**
 * Waits (real time) until the app is quiet: no execution of the saga running,
 * every queue empty (visible, in flight and delayed), no stream record held
 * for a batching window, pollers and deliveries idle, twice in a row.
 * @throws when that has not happened within `timeoutMs`
 */
export async function settle(app: RunningApp, stateMachineArn: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  const queues = app.deployment.resources
    .filter((r) => r.type === 'AWS::SQS::Queue' && r.physicalId)
    .map((r) => sqsArnOfUrl(r.physicalId as string, app.cloud.region, app.cloud.context.accountId));
  let quietTimes = 0;
  while (quietTimes < 2) {
    if (Date.now() > deadline) throw new Error(`the app did not settle within ${timeoutMs} ms`);
    await app.idle();
    const running = await app.clients.sfn.send(
      new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', maxResults: 1 }),
    );
    const queued = queues.reduce((n, arn) => n + app.cloud.sqs.depth(arn), 0);
    // Records the outbox holds (its batching window, a failed batch's retry) are not in flight,
    // but not published yet.
    const held = app.heldStreamRecords();
    quietTimes =
      (running.executions?.length ?? 0) === 0 && queued === 0 && held === 0 ? quietTimes + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Every execution of the state machine, with its whole history. */
export async function executionHistories(
  app: RunningApp,
  stateMachineArn: string,
): Promise<{ name: string; status: string; events: HistoryEvent[] }[]> {
  const executions: { name: string; arn: string; status: string }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await app.clients.sfn.send(
      new ListExecutionsCommand({ stateMachineArn, maxResults: 1000, nextToken }),
    );
    for (const e of page.executions ?? [])
      executions.push({ name: e.name ?? '', arn: e.executionArn ?? '', status: e.status ?? '' });
    nextToken = page.nextToken;
  } while (nextToken);
  const out: { name: string; status: string; events: HistoryEvent[] }[] = [];
  for (const e of executions) {
    const events: HistoryEvent[] = [];
    let token: string | undefined;
    do {
      const page = await app.clients.sfn.send(
        new GetExecutionHistoryCommand({ executionArn: e.arn, maxResults: 1000, nextToken: token }),
      );
      events.push(...(page.events ?? []));
      token = page.nextToken;
    } while (token);
    out.push({ name: e.name, status: e.status, events });
  }
  return out;
}
