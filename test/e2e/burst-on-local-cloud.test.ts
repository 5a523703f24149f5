import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../infra/app';
import { memoryLogger } from '../../local/core/console-logger';
import type { RunningApp } from '../../local/run-app';
import { runAppLocally } from '../../local/run-app';

let app: RunningApp;
const logger = memoryLogger();

beforeAll(async () => {
  // The real app, synthesized as `cdk synth` does, on the real clock as `npm start` runs it,
  // with a DynamoDB Local of its own: the other e2e file deploys the same table names.
  // Deliberately real time: it measures what `npm start` answers to a burst, and waits on
  // nothing but its own 200 requests (no sleep, no polling).
  const outdir = mkdtempSync(join(tmpdir(), 'eventline-burst-'));
  createApp(new App({ outdir })).synth();
  app = await runAppLocally({
    assemblyDir: outdir,
    logger,
    dynamodb: 'start',
  });
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

describe('The synthesized app on the local cloud under a burst', () => {
  it('answers 200 parallel POST /orders with 200 × 201, no client retry', async () => {
    // Prepare: the place-order function reserves no concurrency, so AWS would
    // run all 200 at once; the local cloud must queue them, not refuse them.
    const order = (i: number) =>
      JSON.stringify({
        customerId: `c-burst-${i}`,
        lines: [{ sku: 'SKU-BURST', quantity: 1, unitPrice: { amount: 500, currency: 'EUR' } }],
      });

    // Act
    const answers = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const res = await fetch(`${app.apiUrl}/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: order(i),
        });
        return { status: res.status, body: (await res.json()) as { orderId?: string } };
      }),
    );

    // Assess
    const statuses = new Map<number, number>();
    for (const { status } of answers) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (statuses.get(201) !== 200) {
      // Say why: the cloud's own log (functions failing or timing out behind the API).
      console.error(logger.lines.filter((l) => l.startsWith('error') || l.startsWith('warn')));
    }
    expect(Object.fromEntries(statuses)).toEqual({ 201: 200 });
    expect(new Set(answers.map((a) => a.body.orderId)).size).toBe(200);
  }, 120_000);
});
