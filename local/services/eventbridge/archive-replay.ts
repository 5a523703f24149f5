import {
  DescribeReplayCommand,
  PutRuleCommand,
  PutTargetsCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import type { RunningApp } from '../../run-app';

export interface ArchiveReplayOptions {
  readonly replayName: string;
  /** Event pattern of the rule the replay is filtered to. */
  readonly pattern: Record<string, unknown>;
  /** Start of the window (event time). */
  readonly from: Date;
  /** End of the window (event time, exclusive). */
  readonly to: Date;
}

/**
 * Replays a window of the app's archive to a new rule (and queue) made for
 * it, so only the replay can reach them, and returns the events the queue
 * received. Used by `npm run demo` and the end-to-end test.
 */
export async function replayArchiveToNewRule(
  app: RunningApp,
  options: ArchiveReplayOptions,
): Promise<Record<string, unknown>[]> {
  const { events, sqs } = app.clients;
  const outputs = Object.values(app.deployment.outputs)[0] ?? {};
  const bus = String(outputs.EventBusName);
  const archive = app.deployment.resources.find(
    (r) => r.type === 'AWS::Events::Archive',
  )?.physicalId;
  if (!archive) throw new Error('the app has no archive');
  const arn = (resource: string) =>
    `arn:aws:events:${app.cloud.region}:${app.cloud.context.accountId}:${resource}`;

  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: `${options.replayName}-target` }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const rule = `${options.replayName}-rule`;
  const { RuleArn } = await events.send(
    new PutRuleCommand({
      Name: rule,
      EventBusName: bus,
      EventPattern: JSON.stringify(options.pattern),
    }),
  );
  await events.send(
    new PutTargetsCommand({
      Rule: rule,
      EventBusName: bus,
      Targets: [{ Id: 'queue', Arn: Attributes?.QueueArn as string }],
    }),
  );
  await events.send(
    new StartReplayCommand({
      ReplayName: options.replayName,
      EventSourceArn: arn(`archive/${archive}`),
      EventStartTime: options.from,
      EventEndTime: options.to,
      Destination: { Arn: arn(`event-bus/${bus}`), FilterArns: [RuleArn as string] },
    }),
  );
  // The replay and the deliveries it starts are the cloud's work in flight: once the
  // app is idle, the replay has ended and its events sit in the queue.
  await app.idle();
  const { State, StateReason } = await events.send(
    new DescribeReplayCommand({ ReplayName: options.replayName }),
  );
  if (State !== 'COMPLETED') throw new Error(`replay ${State}: ${StateReason ?? ''}`);
  // SQS hands out at most 10 messages per receive; received ones stay invisible, so keep going.
  const received: Record<string, unknown>[] = [];
  for (;;) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }),
    );
    if (!Messages?.length) return received;
    for (const m of Messages)
      received.push(JSON.parse(m.Body as string) as Record<string, unknown>);
  }
}
