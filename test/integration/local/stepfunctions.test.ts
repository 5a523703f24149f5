import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LocalCloud } from '../../../local/cloud';
import { startLocalCloud } from '../../../local/cloud';
import { ManualClock } from '../../../local/core/clock';
import { memoryLogger } from '../../../local/core/console-logger';

let cloud: LocalCloud;
let sfn: SFNClient;
let sqs: SQSClient;
const clock = new ManualClock(Date.now());
const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
let reserveCalls = 0;
let flakyCalls = 0;
let releaseHeld: (() => void) | undefined;

beforeAll(async () => {
  cloud = await startLocalCloud({
    clock,
    logger: memoryLogger(),
    dynamodb: { endpoint: inject('dynamoDbEndpoint') },
  });
  const config = {
    endpoint: cloud.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  };
  sfn = new SFNClient(config);
  sqs = new SQSClient(config);
  cloud.lambda.registerHandler('reserve', fn('reserve'), async (e) => {
    reserveCalls++;
    return { reserved: true, input: e };
  });
  cloud.lambda.registerHandler('charge', fn('charge'), async () => {
    const error = new Error('card declined');
    error.name = 'PaymentDeclined';
    throw error;
  });
  cloud.lambda.registerHandler('release', fn('release'), async () => ({ released: true }));
  cloud.lambda.registerHandler('held', fn('held'), async () => {
    await new Promise<void>((resolve) => {
      releaseHeld = resolve;
    });
    throw new Error('the task failed after its execution was stopped');
  });
  cloud.lambda.registerHandler('flaky', fn('flaky'), async () => {
    flakyCalls++;
    if (flakyCalls < 3) throw new Error('transient');
    return { ok: flakyCalls };
  });
});
afterAll(() => cloud?.stop());

const invoke = (name: string, extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: fn(name), 'Payload.$': '$' },
  ...extra,
});

async function machine(name: string, definition: unknown): Promise<string> {
  const out = await sfn.send(
    new CreateStateMachineCommand({
      name,
      definition: JSON.stringify(definition),
      roleArn: 'arn:aws:iam::000000000000:role/r',
    }),
  );
  return out.stateMachineArn as string;
}

/** Advances the cloud clock until the execution has ended (no real time passes). */
async function finished(executionArn: string) {
  return clock.advanceUntil(
    async () => {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === 'RUNNING' ? undefined : d;
    },
    { what: 'the execution to finish', limitMs: 60_000 },
  );
}

describe('Local Step Functions through @aws-sdk/client-sfn', () => {
  it('runs the Catch branch (the compensation) when a step fails', async () => {
    const arn = await machine('saga', {
      StartAt: 'Reserve',
      States: {
        Reserve: invoke('reserve', { ResultPath: '$.reservation', Next: 'Charge' }),
        Charge: invoke('charge', {
          Catch: [{ ErrorEquals: ['PaymentDeclined'], ResultPath: '$.error', Next: 'Release' }],
          End: true,
        }),
        Release: invoke('release', {
          ResultSelector: { 'released.$': '$.Payload.released' },
          ResultPath: '$.compensation',
          Next: 'Failed',
        }),
        Failed: { Type: 'Fail', Error: 'OrderFailed', Cause: 'payment declined, stock released' },
      },
    });
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: arn,
        name: 'order-1',
        input: '{"orderId":"o-1"}',
      }),
    );
    const d = await finished(executionArn as string);
    expect(d).toMatchObject({
      status: 'FAILED',
      error: 'OrderFailed',
      cause: 'payment declined, stock released',
    });
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const entered = (history.events ?? [])
      .filter((e) => e.type?.endsWith('StateEntered'))
      .map((e) => e.stateEnteredEventDetails?.name);
    expect(entered).toEqual(['Reserve', 'Charge', 'Release', 'Failed']);
  });

  it('retries a failing step after its intervals on the cloud clock, then succeeds with the lambda:invoke result shape', async () => {
    // Prepare
    const arn = await machine('retrying', {
      StartAt: 'Flaky',
      States: {
        Flaky: invoke('flaky', {
          Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 3, IntervalSeconds: 10 }],
          End: true,
        }),
      },
    });
    // Act: each failed call schedules its retry interval on the clock.
    const firstInterval = clock.nextTimer((t) => t.delayMs === 10_000);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    await firstInterval;
    const afterFirstCall = flakyCalls;
    await clock.advance(9_999);
    const beforeInterval = flakyCalls;
    const secondInterval = clock.nextTimer((t) => t.delayMs === 20_000);
    await clock.advance(1); // 10 s: the first retry
    await secondInterval;
    const afterRetry = flakyCalls;
    await clock.advance(20_000); // 10 s × BackoffRate 2: the second retry
    // Assess
    const d = await finished(executionArn as string);
    expect([afterFirstCall, beforeInterval, afterRetry]).toEqual([1, 1, 2]);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output as string)).toMatchObject({ StatusCode: 200, Payload: { ok: 3 } });
  });

  it('returns the running execution for a duplicate StartExecution, and refuses the name with other input', async () => {
    // Prepare
    const arn = await machine('idempotent', {
      StartAt: 'Hold',
      States: {
        Hold: { Type: 'Wait', Seconds: 60, Next: 'R' },
        R: invoke('reserve', { End: true }),
      },
    });
    const before = reserveCalls;
    // Act
    const first = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'saga-o-9', input: '{"a":1}' }),
    );
    const second = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'saga-o-9', input: '{"a":1}' }),
    );
    // Assess
    expect([second.executionArn, second.startDate]).toEqual([first.executionArn, first.startDate]);
    await expect(
      sfn.send(
        new StartExecutionCommand({ stateMachineArn: arn, name: 'saga-o-9', input: '{"a":2}' }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await clock.advance(60_000);
    await finished(first.executionArn as string);
    expect(reserveCalls - before).toBe(1);
    const list = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn }));
    expect(list.executions).toHaveLength(1);
  });

  it('refuses the name of a closed execution even with the same input (AWS: "If the execution is closed ... ExecutionAlreadyExists")', async () => {
    const arn = await machine('closed-name', {
      StartAt: 'P',
      States: { P: { Type: 'Pass', End: true } },
    });
    const first = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'once', input: '{}' }),
    );
    expect((await finished(first.executionArn as string)).status).toBe('SUCCEEDED');
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'once', input: '{}' })),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('waits on the cloud clock: the execution finishes only when the clock advances', async () => {
    const arn = await machine('waiting', {
      StartAt: 'Pause',
      States: {
        Pause: { Type: 'Wait', Seconds: 3600, Next: 'Done' },
        Done: { Type: 'Pass', Result: 'done', End: true },
      },
    });
    const waiting = clock.nextTimer((t) => t.delayMs === 3_600_000);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    await waiting;
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await clock.advance(3_600_000);
    expect((await finished(executionArn as string)).output).toBe('"done"');
  });

  it("lists a machine's executions by status in process as ListExecutions does (the simulator's quiet check)", async () => {
    // Prepare: one execution waits an hour, one has ended.
    const arn = await machine('listed', {
      StartAt: 'Pause',
      States: { Pause: { Type: 'Wait', SecondsPath: '$.wait', End: true } },
    });
    const waiting = clock.nextTimer((t) => t.delayMs === 3_600_000);
    const long = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{"wait":3600}' }),
    );
    await waiting;
    const short = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{"wait":0}' }),
    );
    await finished(short.executionArn as string);

    // Act
    const running = cloud.stepFunctions.executions(arn, 'RUNNING');
    const succeeded = cloud.stepFunctions.executions(arn, 'SUCCEEDED');
    const listed = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'RUNNING' }),
    );

    // Assess
    expect(running.map((e) => e.arn)).toEqual([long.executionArn]);
    expect(succeeded.map((e) => e.arn)).toEqual([short.executionArn]);
    expect(listed.executions?.map((e) => e.executionArn)).toEqual([long.executionArn]);
    expect(() => cloud.stepFunctions.executions(`${arn}-missing`, 'RUNNING')).toThrow(
      /does not exist/i,
    );
  });

  it('sends to SQS through sqs:sendMessage', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'sfn-out' }));
    const arn = await machine('notify', {
      StartAt: 'Send',
      States: {
        Send: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage',
          Parameters: { QueueUrl, 'MessageBody.$': '$.text' },
          End: true,
        },
      },
    });
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{"text":"hello"}' }),
    );
    expect((await finished(executionArn as string)).status).toBe('SUCCEEDED');
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.[0]?.Body).toBe(
      'hello',
    );
  });

  it('stops a running execution', async () => {
    const arn = await machine('stoppable', {
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 60, End: true } },
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    await sfn.send(new StopExecutionCommand({ executionArn }));
    expect((await finished(executionArn as string)).status).toBe('ABORTED');
  });

  it.each([
    ['StopExecution', undefined],
    ['its TimeoutSeconds', 2],
  ])(
    'ends an execution by %s while its task runs; the task failing after that changes nothing',
    async (_how, timeoutSeconds) => {
      // Prepare: a task whose function holds until released, then fails.
      releaseHeld = undefined;
      const arn = await machine(`held-${timeoutSeconds ?? 'stop'}`, {
        StartAt: 'T',
        ...(timeoutSeconds ? { TimeoutSeconds: timeoutSeconds } : {}),
        States: { T: invoke('held', { End: true }) },
      });
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
      await clock.advanceUntil(() => releaseHeld !== undefined, {
        what: 'the task to start',
        waitForWork: false,
      });
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);

      // Act
      if (timeoutSeconds) await clock.advance(timeoutSeconds * 1000 + 1, { waitForWork: false });
      else await sfn.send(new StopExecutionCommand({ executionArn }));
      (releaseHeld as (() => void) | undefined)?.();
      const described = await finished(executionArn as string);
      await clock.advance(1_000);
      process.off('unhandledRejection', onUnhandled);

      // Assess
      expect(described.status).toBe(timeoutSeconds ? 'TIMED_OUT' : 'ABORTED');
      expect(unhandled).toEqual([]);
    },
  );

  it.each([
    [
      'JSONata',
      { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      /JSONata is not supported/,
    ],
    [
      '.sync',
      {
        StartAt: 'Run',
        States: { Run: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', End: true } },
      },
      /state 'Run'.*\.sync/,
    ],
    [
      '.waitForTaskToken',
      {
        StartAt: 'Ask',
        States: {
          Ask: {
            Type: 'Task',
            Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
            End: true,
          },
        },
      },
      /state 'Ask'/,
    ],
    [
      'an unknown integration',
      {
        StartAt: 'S',
        States: { S: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', End: true } },
      },
      /sns:publish is not an integration/,
    ],
  ])('refuses %s at CreateStateMachine', async (_label, definition, message) => {
    await expect(
      machine(`refused-${Math.random().toString(36).slice(2, 8)}`, definition),
    ).rejects.toThrow(message);
  });

  it('describes, lists and deletes state machines; a second create with another definition fails', async () => {
    const definition = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    const arn = await machine('lifecycle', definition);
    expect(await machine('lifecycle', definition)).toBe(arn);
    await expect(
      machine('lifecycle', { StartAt: 'Q', States: { Q: { Type: 'Succeed' } } }),
    ).rejects.toMatchObject({
      name: 'StateMachineAlreadyExists',
    });
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(described).toMatchObject({ name: 'lifecycle', status: 'ACTIVE', type: 'STANDARD' });
    expect(JSON.parse(described.definition as string)).toEqual(definition);
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((m) => m.name)).toContain('lifecycle');
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    await expect(
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })),
    ).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
  });
});
