import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../local/core/clock';
import { InvocationFaults } from '../../../../local/services/lambda/runtime/InvocationFaults';
import type { LambdaFunctionRuntimeProps } from '../../../../local/services/lambda/runtime/LambdaFunctionRuntime';
import {
  FunctionThrottledError,
  LambdaFunctionRuntime,
} from '../../../../local/services/lambda/runtime/LambdaFunctionRuntime';

const HANDLER_SOURCE = `
const tableAtLoad = process.env.TABLE_NAME;
let invocations = 0;
export const handler = async (event, context) => {
  invocations++;
  if (event.fail) throw new TypeError('bad input: ' + event.fail);
  if (event.holdOn) {
    // Held until the test opens the gate named holdOn (no real-time sleep): asks on
    // the channel, and a gate already open answers at once.
    await new Promise((resolve) => {
      const channel = new BroadcastChannel(event.holdOn);
      channel.onmessage = (message) => {
        if (message.data !== 'go') return;
        channel.close();
        resolve();
      };
      channel.postMessage('waiting');
    });
  }
  return {
    tableAtLoad,
    invocations,
    requestId: context.awsRequestId,
    functionName: context.functionName,
    remaining: context.getRemainingTimeInMillis(),
  };
};
`;

function writeAsset(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eventline-asset-'));
  writeFileSync(join(dir, 'index.mjs'), HANDLER_SOURCE);
  return join(dir, 'index.mjs');
}

/**
 * A gate the handlers of an invocation `{ holdOn: gate.name }` wait at, in
 * whichever execution environment (worker) they run, until `open()`.
 */
interface Gate {
  readonly name: string;
  open(): void;
}
const channels: BroadcastChannel[] = [];
let gates = 0;
function gate(): Gate {
  const name = `eventline-test-gate-${process.pid}-${++gates}`;
  const channel = new BroadcastChannel(name);
  channels.push(channel);
  let open = false;
  channel.onmessage = (message) => {
    if (open && message.data === 'waiting') channel.postMessage('go');
  };
  return {
    name,
    open() {
      open = true;
      channel.postMessage('go');
    },
  };
}

const runtimes: LambdaFunctionRuntime[] = [];
function makeRuntime(overrides: Partial<LambdaFunctionRuntimeProps> = {}): LambdaFunctionRuntime {
  const runtime = new LambdaFunctionRuntime({
    functionName: 'place-order',
    functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:place-order',
    modulePath: writeAsset(),
    handlerName: 'handler',
    environment: { TABLE_NAME: 'events-a' },
    timeoutSeconds: 5,
    ...overrides,
  });
  runtimes.push(runtime);
  return runtime;
}

afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.close()));
  for (const channel of channels.splice(0)) channel.close();
});

describe('Class: LambdaFunctionRuntime', () => {
  describe('Method: invoke', () => {
    it('runs the handler with its own environment and a Lambda context', async () => {
      // Prepare
      const a = makeRuntime();
      const b = makeRuntime({ functionName: 'other', environment: { TABLE_NAME: 'events-b' } });

      // Act
      const [ra, rb] = await Promise.all([a.invoke({}), b.invoke({})]);

      // Assess
      const pa = JSON.parse(ra.payload);
      const pb = JSON.parse(rb.payload);
      expect(ra.functionError).toBeUndefined();
      expect(pa).toMatchObject({ tableAtLoad: 'events-a', functionName: 'place-order' });
      expect(pa.requestId).toBe(ra.requestId);
      expect(pa.remaining).toBeGreaterThan(0);
      expect(pa.remaining).toBeLessThanOrEqual(5000);
      expect(pb.tableAtLoad).toBe('events-b');
      expect(process.env.TABLE_NAME).toBeUndefined();
    });

    it('answers a timeout fault as a timed-out invocation after the handler ran (Sandbox.Timedout, result lost)', async () => {
      // Prepare: the first invocation is made to time out.
      const faults = new InvocationFaults();
      let first = true;
      faults.add(() => {
        if (!first) return undefined;
        first = false;
        return { when: 'timeout' };
      });
      const runtime = makeRuntime({ faults, timeoutSeconds: 7 });

      // Act
      const timedOut = await runtime.invoke({});
      const next = await runtime.invoke({});

      // Assess: the function error Lambda answers for a timeout; the handler did run (2nd call is its 2nd).
      expect(timedOut.functionError).toBe('Unhandled');
      expect(JSON.parse(timedOut.payload)).toEqual({
        errorType: 'Sandbox.Timedout',
        errorMessage: 'Task timed out after 7.00 seconds',
      });
      expect(JSON.parse(next.payload).invocations).toBe(2);
      expect(faults.injected).toEqual([{ when: 'timeout', functionName: 'place-order' }]);
    });

    it('reuses a warm environment for sequential invocations', async () => {
      const runtime = makeRuntime();
      await runtime.invoke({});
      const second = JSON.parse((await runtime.invoke({})).payload);
      expect(second.invocations).toBe(2);
    });

    it('reports a thrown error as an Unhandled function error with its type and message', async () => {
      const runtime = makeRuntime();
      const result = await runtime.invoke({ fail: 'quantity' });
      expect(result.functionError).toBe('Unhandled');
      expect(JSON.parse(result.payload)).toMatchObject({
        errorType: 'TypeError',
        errorMessage: 'bad input: quantity',
      });
    });

    it('stops an invocation at the function timeout and starts a fresh environment next', async () => {
      const clock = new ManualClock();
      const runtime = makeRuntime({ clock, timeoutSeconds: 0.3 });
      const armed = clock.nextTimer((t) => t.delayMs === 300);
      const invocation = runtime.invoke({ holdOn: gate().name });
      await armed;
      // The handler is work in flight that waits for the timeout: the clock must not wait for it.
      await clock.advance(300, { waitForWork: false });
      const timedOut = await invocation;
      expect(timedOut.functionError).toBe('Unhandled');
      expect(JSON.parse(timedOut.payload).errorMessage).toMatch(
        /Task timed out after 0.30 seconds/,
      );
      const next = JSON.parse((await runtime.invoke({})).payload);
      expect(next.invocations).toBe(1);
    });

    it('refuses an invocation beyond the reserved concurrency, as Lambda throttles', async () => {
      // Prepare
      const runtime = makeRuntime({ reservedConcurrency: 1 });
      const held = gate();
      const first = runtime.invoke({ holdOn: held.name });

      // Act
      const second = runtime.invoke({});

      // Assess
      await expect(second).rejects.toBeInstanceOf(FunctionThrottledError);
      await expect(second).rejects.toMatchObject({
        reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
      });
      held.open();
      await first;
      expect(runtime.inFlight).toBe(0);
    });

    it('refuses every invocation at a reserved concurrency of 0', async () => {
      const runtime = makeRuntime({ reservedConcurrency: 0 });
      await expect(runtime.invoke({})).rejects.toBeInstanceOf(FunctionThrottledError);
    });

    it('runs 30 parallel invocations of a function without reserved concurrency, none refused', async () => {
      // Prepare: more invocations than the 10 execution environments.
      const runtime = makeRuntime();
      const held = gate();

      // Act: all 30 admitted while the first ones are held, then released.
      const invocations = Array.from({ length: 30 }, () => runtime.invoke({ holdOn: held.name }));
      held.open();
      const results = await Promise.allSettled(invocations);

      // Assess
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(
        results.filter((r) => r.status === 'fulfilled' && r.value.functionError === undefined),
      ).toHaveLength(30);
    });

    it('queues invocations beyond its execution environments and runs them as environments free up', async () => {
      // Prepare
      const runtime = makeRuntime({ executionEnvironments: 2 });
      const held = gate();

      // Act
      const running = Array.from({ length: 5 }, () => runtime.invoke({ holdOn: held.name }));
      // Admission happens when invoke is called, before its first await.
      const inFlightWhileBusy = runtime.inFlight;
      const queuedWhileBusy = runtime.queued;
      held.open();
      const results = await Promise.all(running);

      // Assess
      expect(inFlightWhileBusy).toBe(2);
      expect(queuedWhileBusy).toBe(3);
      expect(results.map((r) => r.functionError)).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      // Two environments served all five invocations (warm starts).
      const counts = results.map((r) => JSON.parse(r.payload).invocations as number);
      expect(Math.max(...counts)).toBeGreaterThanOrEqual(2);
    });

    it('measures the timeout on the cloud clock, from the moment the handler is called', async () => {
      // Prepare
      const clock = new ManualClock();
      const runtime = makeRuntime({ clock, timeoutSeconds: 5 });
      const armed = clock.nextTimer((t) => t.delayMs === 5_000);
      const invocation = runtime.invoke({ holdOn: gate().name });
      let ended = false;
      void invocation.then(() => {
        ended = true;
      });
      await armed;

      // Act: the handler is work in flight that waits for the timeout, so no waiting for work.
      await clock.advance(4_999, { waitForWork: false });
      const endedBefore = ended;
      await clock.advance(1, { waitForWork: false });
      const result = await invocation;

      // Assess
      expect(endedBefore).toBe(false);
      expect(result.functionError).toBe('Unhandled');
      expect(JSON.parse(result.payload)).toMatchObject({
        errorType: 'Sandbox.Timedout',
        errorMessage: 'Task timed out after 5.00 seconds',
      });
    });

    it('fails on a negative reserved concurrency', () => {
      expect(() => makeRuntime({ reservedConcurrency: -1 })).toThrow(
        /reservedConcurrency of place-order .* got -1/,
      );
    });

    it('fails clearly when the module has no such handler', async () => {
      const runtime = makeRuntime({ handlerName: 'missing' });
      const result = await runtime.invoke({});
      expect(result.functionError).toBe('Unhandled');
      expect(JSON.parse(result.payload).errorMessage).toMatch(/exports no function 'missing'/);
    });
  });
});
