import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { describe, expect, it } from 'vitest';
import { QueueConsumer } from '../../infra/constructs/QueueConsumer';
import { matchesEventPattern } from '../../local/services/eventbridge/pattern';

function consumerStack(props: Partial<ConstructorParameters<typeof QueueConsumer>[2]> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test');
  const bus = new EventBus(stack, 'Bus');
  const consumer = new QueueConsumer(stack, 'Consumer', {
    eventBus: bus,
    events: ['OrderConfirmed', 'StockAdded'],
    sideEffects: true,
    functionDir: 'notifier',
    ...props,
  });
  return { template: Template.fromStack(stack), consumer };
}

const event = (detailType: string, source: string, extra: Record<string, unknown> = {}) => ({
  source,
  'detail-type': detailType,
  detail: { metadata: {}, data: {} },
  ...extra,
});

describe('Construct: QueueConsumer', () => {
  it('builds the rule pattern from the catalog and, with side effects, refuses replays', () => {
    // Act
    const { template } = consumerStack();

    // Assess: matched against the pattern with the local matcher, as EventBridge would.
    const [rule] = Object.values(template.findResources('AWS::Events::Rule'));
    const pattern = rule?.Properties.EventPattern;
    expect(matchesEventPattern(pattern, event('OrderConfirmed', 'eventline.orders'))).toBe(true);
    expect(matchesEventPattern(pattern, event('StockAdded', 'eventline.inventory'))).toBe(true);
    expect(matchesEventPattern(pattern, event('OrderPlaced', 'eventline.orders'))).toBe(false);
    expect(
      matchesEventPattern(
        pattern,
        event('OrderConfirmed', 'eventline.orders', { 'replay-name': 'r1' }),
      ),
    ).toBe(false);
  });

  it('lets replays through to a consumer without side effects', () => {
    const { template } = consumerStack({ sideEffects: false });
    const [rule] = Object.values(template.findResources('AWS::Events::Rule'));
    expect(
      matchesEventPattern(
        rule?.Properties.EventPattern,
        event('OrderConfirmed', 'eventline.orders', { 'replay-name': 'r1' }),
      ),
    ).toBe(true);
  });

  it('gives the rule target a retry policy and a DLQ of its own', () => {
    const { template } = consumerStack();
    const queues = template.findResources('AWS::SQS::Queue');
    const targetDlq = Object.keys(queues).find((id) => id.includes('TargetDeadLetterQueue'));
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [targetDlq, 'Arn'] } },
        }),
      ],
    });
  });

  it('makes the queue encrypted, TLS-only, 4 days, visible 6 × the timeout, with a 14-day DLQ after 5 receives', () => {
    // Prepare / Act: a 20 s function.
    const { template } = consumerStack({ timeout: Duration.seconds(20) });

    // Assess (4 days = 345,600 s; 14 days = 1,209,600 s).
    const queues = template.findResources('AWS::SQS::Queue');
    const dlq = Object.keys(queues).find((id) => /ConsumerDeadLetterQueue/.test(id));
    template.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 345_600,
      VisibilityTimeout: 120,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] }, maxReceiveCount: 5 },
    });
    const dlqs = Object.entries(queues).filter(([id]) => /DeadLetterQueue/.test(id));
    expect(dlqs).toHaveLength(2);
    for (const [, q] of dlqs) {
      expect(q.Properties).toMatchObject({
        MessageRetentionPeriod: 1_209_600,
        SqsManagedSseEnabled: true,
      });
    }
    // Every queue refuses plain HTTP.
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    const denied = policies.flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as { Effect: string; Condition?: unknown }[]).filter(
        (st) =>
          st.Effect === 'Deny' &&
          JSON.stringify(st.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}',
      ),
    );
    expect(denied.length).toBe(3);
  });

  it('maps the queue to the function with partial batch responses, batch size and maximum concurrency', () => {
    const { template } = consumerStack({
      batchSize: 25,
      maxConcurrency: 7,
      maxBatchingWindow: Duration.seconds(2),
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 25,
      MaximumBatchingWindowInSeconds: 2,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 7 },
    });
  });

  it.each([
    [{ events: [] }, 'events must name at least one catalog event, got []'],
    [{ events: ['OrderShipped' as never] }, "events: 'OrderShipped' is not in the event catalog"],
    [{ batchSize: 0 }, 'batchSize must be an integer from 1 to 10000, got 0'],
    [{ maxConcurrency: 1 }, 'maxConcurrency must be an integer from 2 to 1000, got 1'],
    [{ maxReceiveCount: 0 }, 'maxReceiveCount must be an integer from 1 to 1000, got 0'],
  ])('fails on bad props %j, naming the value', (props, message) => {
    expect(() => consumerStack(props)).toThrow(message);
  });
});
