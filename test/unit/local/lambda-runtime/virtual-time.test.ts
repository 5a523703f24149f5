import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../local/core/clock';
import { LambdaFunctionRuntime } from '../../../../local/services/lambda/runtime/LambdaFunctionRuntime';

/** A handler that reports the time it reads, around the timers the event asks for. */
const HANDLER_SOURCE = `
import { setTimeout as sleep } from 'node:timers/promises';
export const handler = async (event, context) => {
  // Time the invocation's sleeps took, as Lambda counts it against the timeout.
  const elapsed = () => event.timeoutMs - context.getRemainingTimeInMillis();
  const seen = { start: Date.now(), startIso: new Date().toISOString(), fired: [] };
  if (event.sleepMs) {
    await new Promise((resolve) => setTimeout(resolve, event.sleepMs));
    seen.afterSleep = Date.now();
    seen.remaining = context.getRemainingTimeInMillis();
  }
  if (event.promisesSleepMs) {
    await sleep(event.promisesSleepMs);
    seen.elapsedAfterPromisesSleep = elapsed();
  }
  if (event.timers) {
    await Promise.all(event.timers.map((ms) => new Promise((resolve) =>
      setTimeout(() => { seen.fired.push([ms, elapsed()]); resolve(); }, ms))));
    let ticks = 0;
    await new Promise((resolve) => {
      const interval = setInterval(() => {
        seen.fired.push(['interval', elapsed()]);
        if (++ticks === 3) { clearInterval(interval); resolve(); }
      }, 1000);
    });
    const cleared = setTimeout(() => seen.fired.push(['cleared']), 10);
    clearTimeout(cleared);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (event.url) {
    const order = [];
    await Promise.all([
      fetch(event.url).then((r) => r.text()).then(() => order.push('response')),
      new Promise((resolve) => setTimeout(resolve, 1)).then(() => order.push('timer')),
    ]);
    seen.order = order;
  }
  return seen;
};
`;

function writeAsset(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eventline-asset-'));
  writeFileSync(join(dir, 'index.mjs'), HANDLER_SOURCE);
  return join(dir, 'index.mjs');
}

const CLOCK_START = Date.UTC(2026, 0, 1, 12, 0, 0);
const runtimes: LambdaFunctionRuntime[] = [];
const servers: Server[] = [];

function makeRuntime(clock: ManualClock, timeoutSeconds = 900): LambdaFunctionRuntime {
  const runtime = new LambdaFunctionRuntime({
    functionName: 'timekeeper',
    functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:timekeeper',
    modulePath: writeAsset(),
    handlerName: 'handler',
    environment: {},
    timeoutSeconds,
    clock,
    virtualTime: true,
  });
  runtimes.push(runtime);
  return runtime;
}

async function invoke(runtime: LambdaFunctionRuntime, event: Record<string, unknown>) {
  const timeoutMs = (runtime.props.timeoutSeconds ?? 3) * 1000;
  const result = await runtime.invoke({ timeoutMs, ...event });
  return { ...result, body: JSON.parse(result.payload) as Record<string, unknown> };
}

afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('Lambda code on virtual time (manual clock)', () => {
  it('reads the cloud clock’s time, not the machine’s, at each invocation', async () => {
    // Prepare
    const clock = new ManualClock(CLOCK_START);
    const runtime = makeRuntime(clock);

    // Act
    const first = await invoke(runtime, {});
    await clock.advance(60_000);
    const second = await invoke(runtime, {});

    // Assess
    expect(first.body.start).toBe(CLOCK_START);
    expect(first.body.startIso).toBe('2026-01-01T12:00:00.000Z');
    expect(second.body.start).toBe(CLOCK_START + 60_000);
  });

  it('lets a sleep take no time: a 10-minute sleep moves neither the cloud’s clock nor the function’s Date, and waits no real time', async () => {
    // Prepare: were the sleep real, this test would run past vitest's timeout.
    const clock = new ManualClock(CLOCK_START);
    const runtime = makeRuntime(clock);

    // Act
    const { body, functionError } = await invoke(runtime, {
      sleepMs: 600_000,
      promisesSleepMs: 1_500,
    });

    // Assess: what the function dates stays at the cloud's time; Lambda's timeout counts the sleeps.
    expect(functionError).toBeUndefined();
    expect(body.afterSleep).toBe(CLOCK_START);
    expect(body.remaining).toBe(900_000 - 600_000);
    expect(body.elapsedAfterPromisesSleep).toBe(601_500);
    expect(clock.now()).toBe(CLOCK_START);
  });

  it('fires timers in due order, repeats intervals until cleared, and never fires a cleared timer', async () => {
    // Prepare
    const clock = new ManualClock(CLOCK_START);
    const runtime = makeRuntime(clock);

    // Act
    const { body } = await invoke(runtime, { timers: [300, 100, 200] });

    // Assess: each at its due time into the invocation; the interval from when it was set (300).
    expect(body.fired).toEqual([
      [100, 100],
      [200, 200],
      [300, 300],
      ['interval', 1300],
      ['interval', 2300],
      ['interval', 3300],
    ]);
  });

  it('fires no timer while the code waits on a socket: the response comes first', async () => {
    // Prepare: a server that answers at once; the handler races a 1 ms timer against it.
    const server = createServer((_req, res) => res.end('ok'));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const runtime = makeRuntime(new ManualClock(CLOCK_START));

    // Act
    const { body } = await invoke(runtime, { url });

    // Assess
    expect(body.order).toEqual(['response', 'timer']);
  });

  it('times the invocation out when its code sleeps past the deadline (Sandbox.Timedout)', async () => {
    // Prepare
    const clock = new ManualClock(CLOCK_START);
    const runtime = makeRuntime(clock, 5);

    // Act
    const result = await invoke(runtime, { sleepMs: 6_000 });

    // Assess
    expect(result.functionError).toBe('Unhandled');
    expect(result.body).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: 'Task timed out after 5.00 seconds',
    });
    expect(clock.now()).toBe(CLOCK_START);
  });
});
