import { describe, expect, it } from 'vitest';
import { awsError, DLQ_ARN, harness, QUEUE_ARN } from './fakes';

const PATTERN = JSON.stringify({ source: ['eventline.orders'] });
type Rec = Record<string, unknown>;

describe('Class: EventBridgeService', () => {
  describe('Method: CreateEventBus / DescribeEventBus / ListEventBuses / DeleteEventBus', () => {
    it('has the default bus and creates, lists and deletes custom buses', async () => {
      // Prepare
      const h = harness();

      // Act
      const created = await h.call('CreateEventBus', { Name: 'orders' });
      const listed = await h.call<{ EventBuses: Rec[] }>('ListEventBuses', {});
      await h.call('DeleteEventBus', { Name: 'orders' });
      const after = await h.call<{ EventBuses: Rec[] }>('ListEventBuses', {});

      // Assess
      expect(created.EventBusArn).toBe('arn:aws:events:us-east-1:000000000000:event-bus/orders');
      expect(listed.EventBuses.map((b) => b.Name)).toEqual(['default', 'orders']);
      expect(after.EventBuses.map((b) => b.Name)).toEqual(['default']);
      expect(await h.call('DescribeEventBus', {})).toMatchObject({ Name: 'default' });
    });

    it('refuses a duplicate bus, deleting the default bus and a describe of a missing bus', async () => {
      const h = harness();
      await h.call('CreateEventBus', { Name: 'orders' });
      expect((await awsError(h.call('CreateEventBus', { Name: 'orders' }))).code).toBe(
        'ResourceAlreadyExistsException',
      );
      expect((await awsError(h.call('DeleteEventBus', { Name: 'default' }))).code).toBe(
        'ValidationException',
      );
      expect((await awsError(h.call('DescribeEventBus', { Name: 'nope' }))).code).toBe(
        'ResourceNotFoundException',
      );
    });

    it('refuses a bus name outside the model pattern', async () => {
      const h = harness();
      const error = await awsError(h.call('CreateEventBus', { Name: 'has space' }));
      expect(error.code).toBe('ValidationException');
      expect(error.message).toContain("at 'name'");
    });
  });

  describe('Method: PutRule', () => {
    it('creates a rule on a custom bus with a bus-qualified ARN and describes it', async () => {
      // Prepare
      const h = harness();
      await h.call('CreateEventBus', { Name: 'orders' });

      // Act
      const out = await h.call('PutRule', {
        Name: 'placed',
        EventBusName: 'orders',
        EventPattern: PATTERN,
        Description: 'orders placed',
      });
      const described = await h.call('DescribeRule', { Name: 'placed', EventBusName: 'orders' });

      // Assess
      expect(out.RuleArn).toBe('arn:aws:events:us-east-1:000000000000:rule/orders/placed');
      expect(described).toMatchObject({
        Name: 'placed',
        EventPattern: PATTERN,
        State: 'ENABLED',
        Description: 'orders placed',
        EventBusName: 'orders',
      });
    });

    it('throws InvalidEventPatternException with the matcher reason for an invalid pattern', async () => {
      const h = harness();
      const error = await awsError(
        h.call('PutRule', {
          Name: 'bad',
          EventPattern: JSON.stringify({ source: 'not-an-array' }),
        }),
      );
      expect(error.code).toBe('InvalidEventPatternException');
      expect(error.message).toMatch(/^Event pattern is not valid\. Reason: .+/);
    });

    it('throws when neither a pattern nor a schedule is given, and refuses schedules it cannot run', async () => {
      const h = harness();
      expect((await awsError(h.call('PutRule', { Name: 'r' }))).message).toContain(
        'EventPattern or ScheduleExpression',
      );
      const schedule = await awsError(
        h.call('PutRule', { Name: 'r', ScheduleExpression: 'rate(5 minutes)' }),
      );
      expect(schedule.code).toBe('ValidationException');
      expect(schedule.message).toContain('not supported by the local cloud');
    });

    it('throws ResourceNotFoundException for a rule on a missing bus', async () => {
      const h = harness();
      const error = await awsError(
        h.call('PutRule', { Name: 'r', EventBusName: 'nope', EventPattern: PATTERN }),
      );
      expect(error.code).toBe('ResourceNotFoundException');
    });
  });

  describe('Method: ListRules / EnableRule / DisableRule', () => {
    it('lists by prefix with pagination and flips the state', async () => {
      // Prepare
      const h = harness();
      for (const name of ['order-a', 'order-b', 'stock-a']) {
        await h.call('PutRule', { Name: name, EventPattern: PATTERN });
      }

      // Act
      const first = await h.call<{ Rules: Rec[]; NextToken?: string }>('ListRules', {
        NamePrefix: 'order-',
        Limit: 1,
      });
      const second = await h.call<{ Rules: Rec[]; NextToken?: string }>('ListRules', {
        NamePrefix: 'order-',
        Limit: 1,
        NextToken: first.NextToken,
      });
      await h.call('DisableRule', { Name: 'order-a' });

      // Assess
      expect(first.Rules.map((r) => r.Name)).toEqual(['order-a']);
      expect(second.Rules.map((r) => r.Name)).toEqual(['order-b']);
      expect(second.NextToken).toBeUndefined();
      expect((await h.call('DescribeRule', { Name: 'order-a' })).State).toBe('DISABLED');
      await h.call('EnableRule', { Name: 'order-a' });
      expect((await h.call('DescribeRule', { Name: 'order-a' })).State).toBe('ENABLED');
      expect((await awsError(h.call('EnableRule', { Name: 'nope' }))).code).toBe(
        'ResourceNotFoundException',
      );
    });
  });

  describe('Method: DeleteRule', () => {
    it('throws while the rule still has targets, and deletes it once they are removed', async () => {
      // Prepare
      const h = harness();
      await h.call('PutRule', { Name: 'r', EventPattern: PATTERN });
      await h.call('PutTargets', { Rule: 'r', Targets: [{ Id: 'q', Arn: QUEUE_ARN }] });

      // Act
      const refused = await awsError(h.call('DeleteRule', { Name: 'r' }));
      await h.call('RemoveTargets', { Rule: 'r', Ids: ['q'] });
      await h.call('DeleteRule', { Name: 'r' });

      // Assess
      expect(refused.code).toBe('ValidationException');
      expect(refused.message).toContain('has targets');
      expect((await awsError(h.call('DescribeRule', { Name: 'r' }))).code).toBe(
        'ResourceNotFoundException',
      );
    });
  });

  describe('Method: PutTargets', () => {
    it('stores targets and lists them as given', async () => {
      // Prepare
      const h = harness();
      await h.call('PutRule', { Name: 'r', EventPattern: PATTERN });
      const target = {
        Id: 'q',
        Arn: QUEUE_ARN,
        InputPath: '$.detail',
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 },
        DeadLetterConfig: { Arn: DLQ_ARN },
      };

      // Act
      const out = await h.call('PutTargets', { Rule: 'r', Targets: [target] });
      const listed = await h.call<{ Targets: Rec[] }>('ListTargetsByRule', { Rule: 'r' });

      // Assess
      expect(out).toEqual({ FailedEntryCount: 0, FailedEntries: [] });
      expect(listed.Targets).toEqual([target]);
    });

    it('throws LimitExceededException when the rule would have more than five targets', async () => {
      const h = harness();
      await h.call('PutRule', { Name: 'r', EventPattern: PATTERN });
      const targets = Array.from({ length: 6 }, (_, i) => ({ Id: `t${i}`, Arn: QUEUE_ARN }));
      const error = await awsError(h.call('PutTargets', { Rule: 'r', Targets: targets }));
      expect(error.code).toBe('LimitExceededException');
      const listed = await h.call<{ Targets: Rec[] }>('ListTargetsByRule', { Rule: 'r' });
      expect(listed.Targets).toEqual([]);
    });

    it('throws ValidationException for a retry policy outside 0–185 attempts or 60–86400 seconds', async () => {
      const h = harness();
      await h.call('PutRule', { Name: 'r', EventPattern: PATTERN });
      for (const policy of [
        { MaximumRetryAttempts: 186 },
        { MaximumEventAgeInSeconds: 59 },
        { MaximumEventAgeInSeconds: 86_401 },
      ]) {
        const error = await awsError(
          h.call('PutTargets', {
            Rule: 'r',
            Targets: [{ Id: 'q', Arn: QUEUE_ARN, RetryPolicy: policy }],
          }),
        );
        expect(error.code).toBe('ValidationException');
      }
    });

    it('reports targets refused on their merits in FailedEntries and stores the rest', async () => {
      // Prepare
      const h = harness();
      await h.call('PutRule', { Name: 'r', EventPattern: PATTERN });

      // Act
      const out = await h.call<{ FailedEntryCount: number; FailedEntries: Rec[] }>('PutTargets', {
        Rule: 'r',
        Targets: [
          { Id: 'ok', Arn: QUEUE_ARN },
          { Id: 'two-inputs', Arn: QUEUE_ARN, Input: '{}', InputPath: '$.detail' },
          { Id: 'fifo-dlq', Arn: QUEUE_ARN, DeadLetterConfig: { Arn: `${DLQ_ARN}.fifo` } },
          { Id: 'sns', Arn: 'arn:aws:sns:us-east-1:000000000000:topic' },
          { Id: 'sfn', Arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:saga' },
        ],
      });
      const listed = await h.call<{ Targets: Rec[] }>('ListTargetsByRule', { Rule: 'r' });

      // Assess
      expect(out.FailedEntryCount).toBe(4);
      expect(out.FailedEntries.map((f) => f.TargetId)).toEqual([
        'two-inputs',
        'fifo-dlq',
        'sns',
        'sfn',
      ]);
      expect(out.FailedEntries.every((f) => f.ErrorCode === 'ValidationException')).toBe(true);
      expect(listed.Targets.map((t) => t.Id)).toEqual(['ok']);
    });

    it('throws ResourceNotFoundException for a missing rule', async () => {
      const h = harness();
      const error = await awsError(
        h.call('PutTargets', { Rule: 'nope', Targets: [{ Id: 'q', Arn: QUEUE_ARN }] }),
      );
      expect(error.code).toBe('ResourceNotFoundException');
    });
  });

  describe('Method: TestEventPattern', () => {
    it('answers whether an event matches', async () => {
      const h = harness();
      const event = {
        id: '1',
        account: '000000000000',
        source: 'eventline.orders',
        time: '2026-01-01T00:00:00Z',
        region: 'us-east-1',
        resources: [],
        'detail-type': 'OrderPlaced',
        detail: {},
      };
      const yes = await h.call('TestEventPattern', {
        EventPattern: PATTERN,
        Event: JSON.stringify(event),
      });
      const no = await h.call('TestEventPattern', {
        EventPattern: PATTERN,
        Event: JSON.stringify({ ...event, source: 'eventline.stock' }),
      });
      expect(yes.Result).toBe(true);
      expect(no.Result).toBe(false);
    });

    it('matches an event without resources, as AWS does despite its API reference', async () => {
      // Prepare: the fields AWS requires in practice, and no `resources`.
      const h = harness();
      const event = {
        id: '1',
        account: '000000000000',
        source: 'eventline.orders',
        time: '2026-01-01T00:00:00Z',
        region: 'us-east-1',
        'detail-type': 'OrderPlaced',
      };

      // Act
      const out = await h.call('TestEventPattern', {
        EventPattern: PATTERN,
        Event: JSON.stringify(event),
      });

      // Assess
      expect(out.Result).toBe(true);
    });

    it('refuses an event without detail-type, or that is not a JSON object, naming the problem', async () => {
      const h = harness();
      const event = {
        id: '1',
        account: '000000000000',
        source: 'eventline.orders',
        time: '2026-01-01T00:00:00Z',
        region: 'us-east-1',
      };

      const missing = await awsError(
        h.call('TestEventPattern', { EventPattern: PATTERN, Event: JSON.stringify(event) }),
      );
      const array = await awsError(
        h.call('TestEventPattern', { EventPattern: PATTERN, Event: '["plain string"]' }),
      );

      expect(missing.code).toBe('ValidationException');
      expect(missing.message).toContain('Parameter Event is not valid.');
      expect(missing.message).toContain('detail-type');
      expect(array.code).toBe('ValidationException');
    });

    it('throws InvalidEventPatternException for an invalid pattern', async () => {
      const h = harness();
      const error = await awsError(
        h.call('TestEventPattern', { EventPattern: '{"source":', Event: '{}' }),
      );
      expect(error.code).toBe('InvalidEventPatternException');
    });
  });

  describe('Method: handle', () => {
    it('throws UnknownOperationException for an operation it does not implement', async () => {
      const h = harness();
      expect((await awsError(h.call('CreateEndpoint', {}))).code).toBe('UnknownOperationException');
    });
  });

  describe('Method: ListRules (Limit)', () => {
    // ListRules API reference: "Limit ... Valid Range: Minimum value of 1. Maximum value of 100."
    it.each([
      [
        0,
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      ],
      [
        101,
        "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
      ],
      [
        2.5,
        "1 validation error detected: Value '2.5' at 'limit' failed to satisfy constraint: Member must be an integer",
      ],
    ])('refuses Limit %s, naming the field, the value and the bound', async (limit, message) => {
      // Prepare
      const h = harness();

      // Act
      const error = await awsError(h.call('ListRules', { Limit: limit }));

      // Assess
      expect(error.code).toBe('ValidationException');
      expect(error.message).toBe(message);
    });
  });
});
