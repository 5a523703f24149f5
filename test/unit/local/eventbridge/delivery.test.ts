import { describe, expect, it } from 'vitest';
import { AwsServiceError } from '../../../../local/core/errors';
import type { Harness } from './fakes';
import { DLQ_ARN, harness, OTHER_QUEUE_ARN, orderEntry, QUEUE_ARN } from './fakes';

const ORDERS = '{"source":["eventline.orders"]}';
const MISSING_QUEUE = 'arn:aws:sqs:us-east-1:000000000000:deleted';

async function ruleWithTarget(h: Harness, target: Record<string, unknown>, pattern = ORDERS) {
  await h.call('PutRule', { Name: 'r', EventPattern: pattern });
  const out = await h.call('PutTargets', { Rule: 'r', Targets: [{ Id: 't', ...target }] });
  expect(out.FailedEntryCount).toBe(0);
}

async function put(h: Harness, ...entries: Record<string, unknown>[]) {
  const out = await h.call<{ FailedEntryCount: number }>('PutEvents', { Entries: entries });
  expect(out.FailedEntryCount).toBe(0);
}

describe('Class: EventBridgeService', () => {
  describe('Method: deliveries', () => {
    it('sends only matching events, to every target of every enabled matching rule', async () => {
      // Prepare
      const h = harness();
      await h.call('PutRule', { Name: 'placed', EventPattern: '{"detail-type":["OrderPlaced"]}' });
      await h.call('PutTargets', {
        Rule: 'placed',
        Targets: [
          { Id: 'a', Arn: QUEUE_ARN },
          { Id: 'b', Arn: OTHER_QUEUE_ARN, InputPath: '$.detail.orderId' },
        ],
      });
      await h.call('PutRule', { Name: 'off', EventPattern: ORDERS, State: 'DISABLED' });
      await h.call('PutTargets', { Rule: 'off', Targets: [{ Id: 'a', Arn: QUEUE_ARN }] });

      // Act
      await put(h, orderEntry('OrderPlaced', { orderId: 'o-1' }), orderEntry('OrderCancelled'));
      await h.service.idle();

      // Assess
      const toQueue = h.dispatcher.to(QUEUE_ARN).map((d) => JSON.parse(d.payload));
      expect(toQueue).toHaveLength(1);
      expect(toQueue[0]).toMatchObject({
        'detail-type': 'OrderPlaced',
        detail: { orderId: 'o-1' },
      });
      expect(h.dispatcher.to(OTHER_QUEUE_ARN).map((d) => d.payload)).toEqual(['"o-1"']);
      expect(h.logger.lines.filter((l) => l.message.includes('→'))).toHaveLength(2);
    });

    it('renders an input transformer with the reserved rule variables', async () => {
      // Prepare
      const h = harness();
      await ruleWithTarget(h, {
        Arn: QUEUE_ARN,
        InputTransformer: {
          InputPathsMap: { id: '$.detail.orderId', type: '$.detail-type' },
          InputTemplate:
            '{"order": <id>, "what": "<type> by <aws.events.rule-name>", "rule": <aws.events.rule-arn>}',
        },
      });

      // Act
      await put(h, orderEntry('OrderPlaced', { orderId: 'o-7' }));
      await h.service.idle();

      // Assess
      expect(JSON.parse(h.dispatcher.to(QUEUE_ARN)[0]?.payload ?? '')).toEqual({
        order: 'o-7',
        what: 'OrderPlaced by r',
        rule: 'arn:aws:events:us-east-1:000000000000:rule/r',
      });
    });

    it('retries on the clock and delivers once the target recovers', async () => {
      // Prepare
      const h = harness();
      await ruleWithTarget(h, { Arn: QUEUE_ARN, DeadLetterConfig: { Arn: DLQ_ARN } });
      h.dispatcher.failNext(QUEUE_ARN, 2);

      // Act
      await put(h, orderEntry('OrderPlaced'));
      await h.service.idle();
      const afterFirstAttempt = h.dispatcher.to(QUEUE_ARN).length;
      const waiting = h.service.retriesWaiting;
      await h.clock.advance(10_000);
      await h.service.idle();

      // Assess
      expect(afterFirstAttempt).toBe(0);
      expect(waiting).toBe(1);
      expect(h.dispatcher.to(QUEUE_ARN)).toHaveLength(1);
      expect(h.dispatcher.to(DLQ_ARN)).toHaveLength(0);
      expect(h.service.retriesWaiting).toBe(0);
    });

    it('sends the event to the DLQ with AWS attributes once MaximumRetryAttempts is spent', async () => {
      // Prepare
      const h = harness();
      await ruleWithTarget(h, {
        Arn: QUEUE_ARN,
        RetryPolicy: { MaximumRetryAttempts: 2 },
        DeadLetterConfig: { Arn: DLQ_ARN },
      });
      h.dispatcher.failNext(QUEUE_ARN, 10);

      // Act
      await put(h, orderEntry('OrderPlaced', { orderId: 'o-9' }));
      await h.clock.advance(60_000);
      await h.service.idle();

      // Assess
      const [dead] = h.dispatcher.to(DLQ_ARN);
      expect(h.dispatcher.to(DLQ_ARN)).toHaveLength(1);
      expect(JSON.parse(dead?.payload ?? '')).toMatchObject({ detail: { orderId: 'o-9' } });
      const attributes = dead?.options?.messageAttributes ?? {};
      expect(
        Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, v.StringValue])),
      ).toEqual({
        RULE_ARN: 'arn:aws:events:us-east-1:000000000000:rule/r',
        TARGET_ARN: QUEUE_ARN,
        ERROR_CODE: 'SDK_CLIENT_ERROR',
        ERROR_MESSAGE: 'ServiceUnavailable: the target is unavailable',
        EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
        RETRY_ATTEMPTS: '2',
      });
    });

    it('waits with growing back-off between retries', async () => {
      // Prepare
      const h = harness();
      await ruleWithTarget(h, {
        Arn: QUEUE_ARN,
        RetryPolicy: { MaximumRetryAttempts: 3 },
        DeadLetterConfig: { Arn: DLQ_ARN },
      });
      h.dispatcher.failNext(QUEUE_ARN, 3);
      const start = h.clock.now();

      // Act
      await put(h, orderEntry('OrderPlaced'));
      await h.clock.advance(60_000);
      await h.service.idle();

      // Assess: jitter is fixed at its maximum, so retries wait 1 s, 2 s, 4 s.
      expect(h.dispatcher.to(QUEUE_ARN).map((d) => d.at - start)).toEqual([7_000]);
    });

    it('gives up with MaximumEventAgeInSeconds when the next retry would be too late', async () => {
      // Prepare
      const h = harness();
      await ruleWithTarget(h, {
        Arn: QUEUE_ARN,
        RetryPolicy: { MaximumEventAgeInSeconds: 60 },
        DeadLetterConfig: { Arn: DLQ_ARN },
      });
      h.dispatcher.failNext(QUEUE_ARN, 1000);

      // Act
      await put(h, orderEntry('OrderPlaced'));
      await h.clock.advance(10 * 60_000);
      await h.service.idle();

      // Assess
      const attributes = h.dispatcher.to(DLQ_ARN)[0]?.options?.messageAttributes;
      expect(attributes?.EXHAUSTED_RETRY_CONDITION?.StringValue).toBe('MaximumEventAgeInSeconds');
      expect(Number(attributes?.RETRY_ATTEMPTS?.StringValue)).toBeGreaterThan(0);
      expect(h.dispatcher.to(DLQ_ARN)[0]?.at).toBeLessThanOrEqual(Date.UTC(2026, 0, 1, 12, 1, 0));
    });

    it('sends a missing target straight to the DLQ as NO_RESOURCE without retrying', async () => {
      // Prepare
      const h = harness();
      await ruleWithTarget(h, { Arn: MISSING_QUEUE, DeadLetterConfig: { Arn: DLQ_ARN } });

      // Act
      await put(h, orderEntry('OrderPlaced'));
      await h.service.idle();

      // Assess
      const attributes = h.dispatcher.to(DLQ_ARN)[0]?.options?.messageAttributes;
      expect(attributes?.ERROR_CODE?.StringValue).toBe('NO_RESOURCE');
      expect(attributes?.RETRY_ATTEMPTS?.StringValue).toBe('0');
      expect(attributes?.EXHAUSTED_RETRY_CONDITION).toBeUndefined();
      expect(h.service.retriesWaiting).toBe(0);
    });

    it('logs an error naming the event when it is dropped without a DLQ', async () => {
      // Prepare
      const h = harness();
      await ruleWithTarget(h, { Arn: QUEUE_ARN, RetryPolicy: { MaximumRetryAttempts: 0 } });
      h.dispatcher.failNext(QUEUE_ARN, 1);

      // Act
      await put(h, orderEntry('OrderPlaced'));
      await h.service.idle();

      // Assess
      const errors = h.logger.lines.filter((l) => l.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]?.message).toMatch(/DROPPED event .* \(OrderPlaced\) .* no DLQ/);
    });

    it('logs an error when the DLQ itself refuses the event', async () => {
      // Prepare
      const h = harness();
      await ruleWithTarget(h, {
        Arn: QUEUE_ARN,
        RetryPolicy: { MaximumRetryAttempts: 0 },
        DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:000000000000:no-such-dlq' },
      });
      h.dispatcher.failNext(QUEUE_ARN, 1, new AwsServiceError('ThrottlingException', 'slow', 400));

      // Act
      await put(h, orderEntry('OrderPlaced'));
      await h.service.idle();

      // Assess
      const errors = h.logger.lines.filter((l) => l.level === 'error');
      expect(errors[0]?.message).toContain('sending it to the DLQ');
    });

    it('counts a Lambda function error as delivered, as the async invoke succeeded, and warns', async () => {
      // Prepare
      const h = harness();
      const fn = 'arn:aws:lambda:us-east-1:000000000000:function:consumer';
      await ruleWithTarget(h, { Arn: fn, DeadLetterConfig: { Arn: DLQ_ARN } });
      const calls: string[] = [];
      h.dispatcher.deliver = async (arn) => {
        calls.push(arn);
        return { payload: '{"errorMessage":"boom"}', functionError: 'Unhandled' };
      };

      // Act
      await put(h, orderEntry('OrderPlaced'));
      await h.service.idle();

      // Assess
      expect(calls).toEqual([fn]);
      expect(h.service.retriesWaiting).toBe(0);
      expect(
        h.logger.lines.some((l) => l.level === 'warn' && l.message.includes('Unhandled')),
      ).toBe(true);
    });

    it('delivers events to one target in the order they were put', async () => {
      // Prepare
      const h = harness();
      await ruleWithTarget(h, { Arn: QUEUE_ARN, InputPath: '$.detail.n' });

      // Act
      for (let n = 0; n < 5; n++) {
        await put(
          h,
          orderEntry('OrderPlaced', { n: 2 * n }),
          orderEntry('OrderPlaced', { n: 2 * n + 1 }),
        );
      }
      await h.service.idle();

      // Assess
      expect(h.dispatcher.to(QUEUE_ARN).map((d) => Number(d.payload))).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
      ]);
    });
  });
});
