import type { HistoryEvent } from '@aws-sdk/client-sfn';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LocalCloud } from '../../../local/cloud';
import { startLocalCloud } from '../../../local/cloud';
import { ManualClock } from '../../../local/core/clock';
import { memoryLogger } from '../../../local/core/console-logger';
import type { ExecutionEvent } from '../../../local/services/stepfunctions/StepFunctionsService';

let cloud: LocalCloud;
let sfn: SFNClient;
const clock = new ManualClock(Date.UTC(2026, 10, 27, 10, 0, 0));
const events: ExecutionEvent[] = [];
const calls = new Map<string, number>();
let inFlight = 0;
let maxInFlight = 0;

class PaymentDeclinedError extends Error {
  override name = 'PaymentDeclinedError';
}

const count = (name: string) => {
  const n = (calls.get(name) ?? 0) + 1;
  calls.set(name, n);
  return n;
};

beforeAll(async () => {
  cloud = await startLocalCloud({
    clock,
    logger: memoryLogger(),
    dynamodb: { endpoint: inject('dynamoDbEndpoint') },
  });
  sfn = new SFNClient({
    endpoint: cloud.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  cloud.stepFunctions.onExecutionEvent((e) => events.push(e));
  const long = { timeoutSeconds: 900 };
  cloud.lambda.registerFunction(
    'charge',
    () => {
      count('charge');
      throw new PaymentDeclinedError('card declined');
    },
    long,
  );
  cloud.lambda.registerFunction(
    'transient',
    (event) => {
      const n = count(`transient:${(event as { key: string }).key}`);
      if (n <= (event as { failures: number }).failures) {
        const error = new Error(`attempt ${n} failed`);
        error.name = 'TransientError';
        throw error;
      }
      return { attempts: n };
    },
    long,
  );
  cloud.lambda.registerFunction(
    'unhurried',
    async () => {
      // Many turns of the event loop, as I/O would take: longer than the clock's own settling.
      for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
      return { done: true };
    },
    long,
  );
  cloud.lambda.registerFunction('big', () => ({ data: 'x'.repeat(300_000) }), long);
  cloud.lambda.registerFunction(
    'slow',
    async () => {
      count('slow');
      await clock.sleep(120_000);
      return { late: true };
    },
    long,
  );
  cloud.lambda.registerFunction(
    'line',
    async (event) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // Yields a few turns of the event loop, so the other iterations could start meanwhile.
      for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      const e = event as { sku: string; orderId: string };
      if (e.sku === 'broken') throw new PaymentDeclinedError(`no price for ${e.sku}`);
      return { line: `${e.orderId}/${e.sku}` };
    },
    long,
  );
});
afterAll(() => cloud?.stop());

const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const invoke = (name: string, extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: fn(name), 'Payload.$': '$' },
  ...extra,
});

let machines = 0;
async function start(definition: unknown, input: unknown = {}): Promise<string> {
  machines++;
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({
      name: `semantics-${machines}`,
      definition: JSON.stringify(definition),
      roleArn: 'arn:aws:iam::000000000000:role/r',
    }),
  );
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
  );
  return executionArn as string;
}

/**
 * The execution once the cloud is idle. A running execution is work in flight
 * except while it waits on the clock, so one still RUNNING here waits on the
 * clock, and the test did not advance it far enough.
 */
async function finished(executionArn: string) {
  await clock.idle();
  const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  if (d.status === 'RUNNING')
    throw new Error(
      `${executionArn} is still RUNNING once the cloud is idle: it waits on the clock`,
    );
  return d;
}

async function history(executionArn: string): Promise<HistoryEvent[]> {
  return (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
}

/** Lets the execution reach its next clock wait: until then it is work in flight. */
const settle = () => clock.idle();

describe('Local Step Functions: Retry on the cloud clock', () => {
  it('waits IntervalSeconds × BackoffRate between attempts and records each attempt in the history', async () => {
    // Prepare
    const arn = await start(
      {
        StartAt: 'Reserve',
        States: {
          Reserve: {
            Type: 'Task',
            Resource: fn('transient'),
            Retry: [
              {
                ErrorEquals: ['TransientError'],
                IntervalSeconds: 2,
                BackoffRate: 3,
                MaxAttempts: 2,
              },
            ],
            End: true,
          },
        },
      },
      { key: 'backoff', failures: 2 },
    );
    const t0 = clock.now();
    // Act
    await settle();
    await clock.advance(1_999);
    await settle();
    const afterFirstWait = calls.get('transient:backoff');
    await clock.advance(1); // 2 s
    await settle();
    await clock.advance(6_000); // 2 s × 3
    const d = await finished(arn);
    // Assess
    expect(afterFirstWait).toBe(1);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output as string)).toEqual({ attempts: 3 });
    const h = await history(arn);
    const scheduled = h.filter((e) => e.type === 'LambdaFunctionScheduled');
    expect(scheduled.map((e) => (e.timestamp as Date).getTime() - t0)).toEqual([0, 2_000, 8_000]);
    expect(h.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionFailed',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionFailed',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(h[4]?.lambdaFunctionFailedEventDetails?.error).toBe('TransientError');
    expect(
      events
        .filter((e) => e.executionArn === arn && e.retryInMs !== undefined)
        .map((e) => e.retryInMs),
    ).toEqual([2_000, 6_000]);
  });

  it('caps the interval at MaxDelaySeconds and waits at most that with FULL jitter', async () => {
    // Prepare
    const arn = await start(
      {
        StartAt: 'Call',
        States: {
          Call: invoke('transient', {
            Retry: [
              {
                ErrorEquals: ['States.ALL'],
                IntervalSeconds: 100,
                MaxDelaySeconds: 4,
                JitterStrategy: 'FULL',
                MaxAttempts: 1,
              },
            ],
            End: true,
          }),
        },
      },
      { key: 'jitter', failures: 1 },
    );
    // Act
    await settle();
    await clock.advance(4_000);
    const d = await finished(arn);
    // Assess
    expect(d.status).toBe('SUCCEEDED');
    const [retry] = events.filter((e) => e.executionArn === arn && e.retryInMs !== undefined);
    expect(retry?.retryInMs).toBeGreaterThanOrEqual(0);
    expect(retry?.retryInMs).toBeLessThanOrEqual(4_000);
    expect(retry?.event.type).toBe('TaskFailed');
  });

  it('fails the execution with the last error once the attempts are used up', async () => {
    const arn = await start(
      {
        StartAt: 'Call',
        States: {
          Call: invoke('transient', {
            Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, MaxAttempts: 1 }],
            End: true,
          }),
        },
      },
      { key: 'exhausted', failures: 5 },
    );
    await settle();
    await clock.advance(1_000);
    const d = await finished(arn);
    expect(d).toMatchObject({ status: 'FAILED', error: 'TransientError' });
    expect(calls.get('transient:exhausted')).toBe(2);
    const types = (await history(arn)).map((e) => e.type);
    expect(types.filter((t) => t === 'TaskFailed')).toHaveLength(2);
    expect(types.at(-1)).toBe('ExecutionFailed');
  });
});

describe('Local Step Functions: Catch', () => {
  it('catches a custom error thrown by a Lambda by its name (errorType) and puts it at ResultPath', async () => {
    // Prepare
    const arn = await start(
      {
        StartAt: 'Charge',
        States: {
          Charge: invoke('charge', {
            Catch: [
              { ErrorEquals: ['SomethingElse'], Next: 'Wrong' },
              {
                ErrorEquals: ['PaymentDeclinedError'],
                ResultPath: '$.failure',
                Next: 'Compensate',
              },
            ],
            End: true,
          }),
          Wrong: { Type: 'Fail', Error: 'Wrong' },
          Compensate: { Type: 'Pass', End: true },
        },
      },
      { orderId: 'o-1' },
    );
    // Act
    const d = await finished(arn);
    // Assess
    expect(d.status).toBe('SUCCEEDED');
    const output = JSON.parse(d.output as string);
    expect(output.orderId).toBe('o-1');
    expect(output.failure.Error).toBe('PaymentDeclinedError');
    expect(JSON.parse(output.failure.Cause)).toMatchObject({
      errorType: 'PaymentDeclinedError',
      errorMessage: 'card declined',
    });
  });

  it('catches a task failure with States.TaskFailed and anything with States.ALL', async () => {
    const arn = await start({
      StartAt: 'A',
      States: {
        A: invoke('charge', {
          Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.a', Next: 'B' }],
          Next: 'B',
        }),
        B: invoke('charge', {
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.b', Next: 'Done' }],
          End: true,
        }),
        Done: { Type: 'Succeed' },
      },
    });
    const d = await finished(arn);
    const output = JSON.parse(d.output as string);
    expect([d.status, output.a.Error, output.b.Error]).toEqual([
      'SUCCEEDED',
      'PaymentDeclinedError',
      'PaymentDeclinedError',
    ]);
  });

  it('names a call to a missing function Lambda.ResourceNotFoundException', async () => {
    const arn = await start({
      StartAt: 'Call',
      States: {
        Call: invoke('no-such-function', {
          Catch: [
            { ErrorEquals: ['Lambda.ResourceNotFoundException'], ResultPath: '$.e', Next: 'Ok' },
          ],
          End: true,
        }),
        Ok: { Type: 'Succeed' },
      },
    });
    const d = await finished(arn);
    expect(JSON.parse(d.output as string).e.Error).toBe('Lambda.ResourceNotFoundException');
  });
});

describe('Local Step Functions: a running execution is work on the cloud clock', () => {
  it('keeps the cloud busy until the execution waits on the clock, and again once the wait ends', async () => {
    // Prepare
    const arn = await start({
      StartAt: 'First',
      States: {
        First: invoke('unhurried', { ResultPath: '$.first', Next: 'Hold' }),
        Hold: { Type: 'Wait', Seconds: 60, Next: 'Second' },
        Second: invoke('unhurried', { ResultPath: '$.second', End: true }),
      },
    });

    // Act
    await clock.idle();
    const waiting = (await history(arn)).map((e) => e.type).at(-1);
    await clock.advance(60_000);
    const d = await finished(arn);

    // Assess
    expect(waiting).toBe('WaitStateEntered');
    expect(d.status).toBe('SUCCEEDED');
  });
});

describe('Local Step Functions: TimeoutSeconds on the cloud clock', () => {
  it('times a Task out after TimeoutSeconds of clock time: States.TaskFailed does not catch it, States.Timeout does', async () => {
    // Prepare: the slow function waits 120 s on the clock, beyond the Task's timeout.
    const slowWaits = clock.nextTimer((t) => t.delayMs === 120_000);
    const arn = await start({
      StartAt: 'Slow',
      States: {
        Slow: invoke('slow', {
          TimeoutSeconds: 5,
          Catch: [
            { ErrorEquals: ['States.TaskFailed'], ResultPath: '$.e', Next: 'Wrong' },
            { ErrorEquals: ['States.Timeout'], ResultPath: '$.e', Next: 'TimedOut' },
          ],
          End: true,
        }),
        Wrong: { Type: 'Fail', Error: 'CaughtByTaskFailed' },
        TimedOut: { Type: 'Pass', End: true },
      },
    });
    // Act: the Task (work in flight) waits on the clock, so the clock must not wait for it.
    await slowWaits;
    await clock.advance(4_999, { waitForWork: false });
    const before = (await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status;
    await clock.advance(1, { waitForWork: false });
    const d = await finished(arn);
    // Assess
    expect(before).toBe('RUNNING');
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output as string).e.Error).toBe('States.Timeout');
    const timedOut = (await history(arn)).find((e) => e.type === 'TaskTimedOut');
    expect(timedOut?.taskTimedOutEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      error: 'States.Timeout',
    });
    await clock.advance(120_000); // lets the slow function finish
  });

  it("times the execution out after the machine's TimeoutSeconds", async () => {
    const arn = await start({
      TimeoutSeconds: 30,
      StartAt: 'Hold',
      States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    await settle();
    await clock.advance(30_000);
    const d = await finished(arn);
    expect(d).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    const types = (await history(arn)).map((e) => e.type);
    expect(types).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionTimedOut']);
  });
});

describe('Local Step Functions: Map', () => {
  it('runs an inline Map over ItemsPath with ItemSelector and MaxConcurrency, recording each iteration', async () => {
    // Prepare
    maxInFlight = 0;
    const skus = ['a', 'b', 'c', 'd', 'e'];
    const arn = await start(
      {
        StartAt: 'Lines',
        States: {
          Lines: {
            Type: 'Map',
            ItemsPath: '$.order.lines',
            ItemSelector: { 'sku.$': '$$.Map.Item.Value.sku', 'orderId.$': '$.order.id' },
            MaxConcurrency: 2,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'INLINE' },
              StartAt: 'Price',
              States: {
                Price: {
                  Type: 'Task',
                  Resource: fn('line'),
                  End: true,
                },
              },
            },
            End: true,
          },
        },
      },
      { order: { id: 'o-5', lines: skus.map((sku) => ({ sku })) } },
    );
    // Act
    const d = await finished(arn);
    // Assess
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output as string)).toEqual(skus.map((sku) => ({ line: `o-5/${sku}` })));
    expect(maxInFlight).toBe(2);
    const h = await history(arn);
    const types = h.map((e) => e.type);
    expect(types.slice(0, 3)).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted']);
    expect(h[2]?.mapStateStartedEventDetails?.length).toBe(5);
    expect(types.filter((t) => t === 'MapIterationStarted')).toHaveLength(5);
    expect(types.filter((t) => t === 'MapIterationSucceeded')).toHaveLength(5);
    expect(
      h
        .filter((e) => e.type === 'MapIterationStarted')
        .map((e) => e.mapIterationStartedEventDetails?.index)
        .sort(),
    ).toEqual([0, 1, 2, 3, 4]);
    expect(types.slice(-3)).toEqual(['MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded']);
  });

  it('fails the Map when an iteration fails, and its Catch takes over', async () => {
    const arn = await start(
      {
        StartAt: 'Lines',
        States: {
          Lines: {
            Type: 'Map',
            ItemsPath: '$.lines',
            ItemSelector: { 'sku.$': '$$.Map.Item.Value', 'orderId.$': '$.id' },
            ItemProcessor: {
              StartAt: 'Price',
              States: { Price: { Type: 'Task', Resource: fn('line'), End: true } },
            },
            Catch: [{ ErrorEquals: ['PaymentDeclinedError'], ResultPath: '$.error', Next: 'Undo' }],
            End: true,
          },
          Undo: { Type: 'Pass', End: true },
        },
      },
      { id: 'o-6', lines: ['ok', 'broken'] },
    );
    const d = await finished(arn);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output as string).error.Error).toBe('PaymentDeclinedError');
    const types = (await history(arn)).map((e) => e.type);
    expect(types).toContain('MapIterationFailed');
    expect(types).toContain('MapStateFailed');
    expect(types).not.toContain('MapStateSucceeded');
    expect(types.slice(-4)).toEqual([
      'MapStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });
});

describe('Local Step Functions: payload quota', () => {
  it('fails the execution with States.DataLimitExceeded for a task output over 256 KiB, which States.ALL does not catch', async () => {
    const arn = await start({
      StartAt: 'Big',
      States: {
        Big: invoke('big', {
          Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 3 }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
          End: true,
        }),
        Caught: { Type: 'Succeed' },
      },
    });
    const d = await finished(arn);
    expect(d).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    const types = (await history(arn)).map((e) => e.type);
    expect(types.filter((t) => t === 'TaskScheduled')).toHaveLength(1);
    expect(types.slice(-2)).toEqual(['TaskFailed', 'ExecutionFailed']);
  });

  it('refuses StartExecution input over 262144 characters', async () => {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'quota',
        roleArn: 'arn:aws:iam::000000000000:role/r',
        definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
      }),
    );
    await expect(
      sfn.send(
        new StartExecutionCommand({
          stateMachineArn,
          input: JSON.stringify({ data: 'x'.repeat(262_144) }),
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('Local Step Functions: Parallel', () => {
  it('runs branches and records ParallelStateStarted and ParallelStateSucceeded', async () => {
    const arn = await start(
      {
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'A', States: { A: { Type: 'Pass', Result: 'a', End: true } } },
              {
                StartAt: 'B',
                States: {
                  B: {
                    Type: 'Task',
                    Resource: fn('line'),
                    Parameters: { sku: 'b', orderId: 'o-8' },
                    End: true,
                  },
                },
              },
            ],
            End: true,
          },
        },
      },
      {},
    );
    const d = await finished(arn);
    expect(JSON.parse(d.output as string)).toEqual(['a', { line: 'o-8/b' }]);
    const types = (await history(arn)).map((e) => e.type);
    expect(types.slice(0, 3)).toEqual([
      'ExecutionStarted',
      'ParallelStateEntered',
      'ParallelStateStarted',
    ]);
    expect(types.slice(-3)).toEqual([
      'ParallelStateSucceeded',
      'ParallelStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('refuses a distributed Map at CreateStateMachine', async () => {
    await expect(
      sfn.send(
        new CreateStateMachineCommand({
          name: 'distributed',
          roleArn: 'arn:aws:iam::000000000000:role/r',
          definition: JSON.stringify({
            StartAt: 'M',
            States: {
              M: {
                Type: 'Map',
                ItemProcessor: {
                  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
                  StartAt: 'P',
                  States: { P: { Type: 'Pass', End: true } },
                },
                End: true,
              },
            },
          }),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidDefinition',
      message: expect.stringContaining("state 'M'"),
    });
  });
});

describe('Local Step Functions: paging', () => {
  it('pages the history by maxResults and nextToken (100 by default), and executions newest first', async () => {
    // Prepare: a Map of 40 items records 3 + 40 × 4 + 3 events
    const arn = await start(
      {
        StartAt: 'Many',
        States: {
          Many: {
            Type: 'Map',
            ItemProcessor: {
              StartAt: 'P',
              States: { P: { Type: 'Pass', End: true } },
            },
            End: true,
          },
        },
      },
      Array.from({ length: 40 }, (_, i) => i),
    );
    await finished(arn);
    // Act
    const first = await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn }));
    const second = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn: arn, nextToken: first.nextToken }),
    );
    const small = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 5, reverseOrder: true }),
    );
    // Assess
    expect(first.events).toHaveLength(100);
    expect(first.nextToken).toBeDefined();
    expect(second.events?.[0]?.id).toBe(101);
    expect(second.nextToken).toBeUndefined();
    const total = 100 + (second.events?.length ?? 0);
    expect(total).toBe(3 + 40 * 4 + 3);
    expect(small.events?.map((e) => e.id)).toEqual([
      total,
      total - 1,
      total - 2,
      total - 3,
      total - 4,
    ]);
    await expect(
      sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, nextToken: 'bogus' })),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
  });

  it('lists executions newest first', async () => {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'listed',
        roleArn: 'arn:aws:iam::000000000000:role/r',
        definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
      }),
    );
    for (const name of ['first', 'second', 'third'])
      await sfn.send(new StartExecutionCommand({ stateMachineArn, name }));
    const page1 = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 2 }));
    const page2 = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn, maxResults: 2, nextToken: page1.nextToken }),
    );
    expect([...(page1.executions ?? []), ...(page2.executions ?? [])].map((e) => e.name)).toEqual([
      'third',
      'second',
      'first',
    ]);
  });
});

describe('Local Step Functions: onExecutionEvent', () => {
  it('reports every history event of an execution, in order, with the execution it belongs to', async () => {
    const arn = await start(
      {
        StartAt: 'Call',
        States: { Call: invoke('transient', { End: true }) },
      },
      { key: 'listener', failures: 0 },
    );
    await finished(arn);
    const reported = events.filter((e) => e.executionArn === arn);
    expect(reported.map((e) => e.event.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(reported.map((e) => e.event.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(reported[0]).toMatchObject({ stateMachineName: expect.stringMatching(/^semantics-/) });
    expect(reported.filter((e) => e.stateName === 'Call').map((e) => e.event.type)).toEqual([
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
    ]);
    expect((await history(arn)).map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
