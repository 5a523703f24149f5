import {
  CreateArchiveCommand,
  CreateEventBusCommand,
  DescribeArchiveCommand,
  DescribeReplayCommand,
  EventBridgeClient,
  InvalidEventPatternException,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import type { Message } from '@aws-sdk/client-sqs';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { LocalCloud } from '../../../local/cloud';
import { startLocalCloud } from '../../../local/cloud';
import { ManualClock } from '../../../local/core/clock';
import { memoryLogger } from '../../../local/core/console-logger';
import { AwsServiceError } from '../../../local/core/errors';
import { defineOperations } from '../../../local/core/operations';
import type { AwsJsonService } from '../../../local/core/service';
import { EventBridgeService } from '../../../local/services/eventbridge';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

let cloud: LocalCloud;
let clock: ManualClock;
let events: EventBridgeClient;
let sqs: SQSClient;
let bus: EventBridgeService;

beforeEach(async () => {
  clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  cloud = await startLocalCloud({
    clock,
    logger: memoryLogger(),
    dynamodb: { endpoint: inject('dynamoDbEndpoint') },
  });
  if (!(cloud.eventBridge instanceof EventBridgeService)) {
    throw new Error('the local cloud does not run the local EventBridge service');
  }
  bus = cloud.eventBridge;
  events = new EventBridgeClient({ endpoint: cloud.url, region: REGION, credentials });
  sqs = new SQSClient({ endpoint: cloud.url, region: REGION, credentials });
});

afterEach(async () => {
  events.destroy();
  sqs.destroy();
  await cloud.stop();
});

async function queue(name: string): Promise<{ url: string; arn: string }> {
  const out = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  return { url: out.QueueUrl ?? '', arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}` };
}

async function receiveAll(url: string): Promise<Message[]> {
  const out = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      MessageAttributeNames: ['All'],
    }),
  );
  return out.Messages ?? [];
}

async function put(
  ...entries: { detailType: string; detail: object; time?: Date; bus?: string }[]
) {
  const out = await events.send(
    new PutEventsCommand({
      Entries: entries.map((e) => ({
        Source: 'eventline.orders',
        DetailType: e.detailType,
        Detail: JSON.stringify(e.detail),
        ...(e.time ? { Time: e.time } : {}),
        ...(e.bus ? { EventBusName: e.bus } : {}),
      })),
    }),
  );
  expect(out.FailedEntryCount).toBe(0);
}

/** Receives and deletes what a queue holds now. */
async function drain(url: string): Promise<Message[]> {
  const messages = await receiveAll(url);
  for (const m of messages) {
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
  }
  return messages;
}

/** A Step Functions stand-in whose StartExecution fails with a 5xx until told otherwise. */
function failingStepFunctions(): AwsJsonService & { calls: number } {
  const service = {
    targetPrefix: 'AWSStepFunctions',
    calls: 0,
    operations: defineOperations({
      StartExecution: async () => {
        service.calls++;
        throw new AwsServiceError('ServiceUnavailable', 'state machine service is down', 503);
      },
    }),
  };
  return service;
}

describe('Local cloud: EventBridge through @aws-sdk/client-eventbridge', () => {
  it('routes only the events a rule matches to its SQS queue', async () => {
    // Prepare
    const { url, arn } = await queue('placed');
    await events.send(
      new PutRuleCommand({ Name: 'placed', EventPattern: '{"detail-type":["OrderPlaced"]}' }),
    );
    await events.send(new PutTargetsCommand({ Rule: 'placed', Targets: [{ Id: 'q', Arn: arn }] }));

    // Act
    await put(
      { detailType: 'OrderPlaced', detail: { orderId: 'o-1' } },
      { detailType: 'OrderCancelled', detail: { orderId: 'o-2' } },
    );
    await bus.idle();
    const messages = await receiveAll(url);

    // Assess
    expect(messages.map((m) => JSON.parse(m.Body ?? ''))).toEqual([
      expect.objectContaining({
        'detail-type': 'OrderPlaced',
        source: 'eventline.orders',
        detail: { orderId: 'o-1' },
      }),
    ]);
  });

  it('sends the input transformer output instead of the event', async () => {
    // Prepare
    const { url, arn } = await queue('notify');
    await events.send(
      new PutRuleCommand({ Name: 'r', EventPattern: '{"source":["eventline.orders"]}' }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: 'r',
        Targets: [
          {
            Id: 'q',
            Arn: arn,
            InputTransformer: {
              InputPathsMap: { order: '$.detail.orderId', type: '$.detail-type' },
              InputTemplate: '{"orderId": <order>, "text": "<type> for <order>"}',
            },
          },
        ],
      }),
    );

    // Act
    await put({ detailType: 'OrderPlaced', detail: { orderId: 'o-5' } });
    await bus.idle();

    // Assess
    const [message] = await receiveAll(url);
    expect(JSON.parse(message?.Body ?? '')).toEqual({
      orderId: 'o-5',
      text: 'OrderPlaced for o-5',
    });
  });

  it('retries a failing target on the clock, then sends the event to the DLQ with its attributes', async () => {
    // Prepare
    const stepFunctions = failingStepFunctions();
    cloud.registerService(stepFunctions);
    const dlq = await queue('saga-dlq');
    const machine = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:saga`;
    const rule = await events.send(
      new PutRuleCommand({ Name: 'saga', EventPattern: '{"detail-type":["OrderPlaced"]}' }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: 'saga',
        Targets: [
          {
            Id: 'sfn',
            Arn: machine,
            RoleArn: `arn:aws:iam::${ACCOUNT}:role/events`,
            RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
            DeadLetterConfig: { Arn: dlq.arn },
          },
        ],
      }),
    );

    // Act
    await put({ detailType: 'OrderPlaced', detail: { orderId: 'o-3' } });
    await bus.idle();
    const beforeClockMoves = await receiveAll(dlq.url);
    await clock.advance(5 * 60_000);
    await bus.idle();
    const [dead] = await receiveAll(dlq.url);

    // Assess
    expect(beforeClockMoves).toEqual([]);
    expect(stepFunctions.calls).toBe(4);
    expect(JSON.parse(dead?.Body ?? '')).toMatchObject({ detail: { orderId: 'o-3' } });
    const attributes = Object.fromEntries(
      Object.entries(dead?.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue]),
    );
    expect(attributes).toEqual({
      RULE_ARN: rule.RuleArn,
      TARGET_ARN: machine,
      ERROR_CODE: 'SDK_CLIENT_ERROR',
      ERROR_MESSAGE: 'ServiceUnavailable: state machine service is down',
      EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
      RETRY_ATTEMPTS: '3',
    });
  });

  it('replays a time window of the archive with replay-name, only to the filtered rules, without re-archiving', async () => {
    // Prepare
    const projection = await queue('projection');
    const email = await queue('email');
    const created = await events.send(new CreateEventBusCommand({ Name: 'orders' }));
    const archive = await events.send(
      new CreateArchiveCommand({ ArchiveName: 'orders', EventSourceArn: created.EventBusArn }),
    );
    const rules: Record<string, string | undefined> = {};
    for (const [name, target] of [
      ['projection', projection],
      ['email', email],
    ] as const) {
      const out = await events.send(
        new PutRuleCommand({
          Name: name,
          EventBusName: 'orders',
          EventPattern: '{"source":["eventline.orders"]}',
        }),
      );
      rules[name] = out.RuleArn;
      await events.send(
        new PutTargetsCommand({
          Rule: name,
          EventBusName: 'orders',
          Targets: [{ Id: 'q', Arn: target.arn, InputPath: '$' }],
        }),
      );
    }
    for (const [minute, orderId] of [
      [0, 'before'],
      [10, 'in-1'],
      [20, 'in-2'],
      [30, 'after'],
    ] as const) {
      await put({
        detailType: 'OrderPlaced',
        detail: { orderId },
        time: new Date(Date.UTC(2026, 0, 1, 9, minute)),
        bus: 'orders',
      });
    }
    await bus.idle();
    expect(await drain(projection.url)).toHaveLength(4);
    expect(await drain(email.url)).toHaveLength(4);

    // Act
    await events.send(
      new StartReplayCommand({
        ReplayName: 'rebuild-projection',
        EventSourceArn: archive.ArchiveArn,
        EventStartTime: new Date(Date.UTC(2026, 0, 1, 9, 5)),
        EventEndTime: new Date(Date.UTC(2026, 0, 1, 9, 25)),
        Destination: { Arn: created.EventBusArn, FilterArns: [rules.projection ?? ''] },
      }),
    );
    await bus.idle();
    const replay = await events.send(
      new DescribeReplayCommand({ ReplayName: 'rebuild-projection' }),
    );
    const archived = await events.send(new DescribeArchiveCommand({ ArchiveName: 'orders' }));
    const replayed = (await receiveAll(projection.url)).map((m) => JSON.parse(m.Body ?? ''));
    const toEmail = await receiveAll(email.url);

    // Assess
    expect(replayed.map((e) => [e.detail.orderId, e['replay-name']]).sort()).toEqual([
      ['in-1', 'rebuild-projection'],
      ['in-2', 'rebuild-projection'],
    ]);
    expect(toEmail).toEqual([]);
    expect(replay.State).toBe('COMPLETED');
    expect(replay.EventLastReplayedTime?.toISOString()).toBe('2026-01-01T09:20:00.000Z');
    expect(archived.EventCount).toBe(4);
  });

  it('answers an invalid pattern with InvalidEventPatternException', async () => {
    // Act
    const error = await events
      .send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source": "eventline.orders"}' }))
      .then(
        () => undefined,
        (e: unknown) => e,
      );

    // Assess
    expect(error).toBeInstanceOf(InvalidEventPatternException);
    expect((error as Error).message).toMatch(/^Event pattern is not valid\. Reason: /);
  });
});
