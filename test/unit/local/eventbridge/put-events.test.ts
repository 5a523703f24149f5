import { describe, expect, it } from 'vitest';
import type { BusActivity } from '../../../../local/services/eventbridge';
import { EventBridgeLimits } from '../../../../local/services/eventbridge';
import { awsError, harness, orderEntry, QUEUE_ARN } from './fakes';

type Result = { FailedEntryCount: number; Entries: Record<string, string>[] };

describe('Class: EventBridgeService', () => {
  describe('Method: PutEvents', () => {
    it('throws ValidationException for no entries or more than 10', async () => {
      const h = harness();
      for (const count of [0, 11]) {
        const entries = Array.from({ length: count }, () => orderEntry('OrderPlaced'));
        const error = await awsError(h.call('PutEvents', { Entries: entries }));
        expect(error.code).toBe('ValidationException');
      }
    });

    it('throws ValidationException when the entries exceed the size limit, measured as AWS does', async () => {
      // Prepare: Source + DetailType + Detail + Time(14) bytes, one byte over the limit.
      const h = harness();
      const fixed = 'eventline.orders'.length + 'OrderPlaced'.length + 14 + '{"p":""}'.length;
      const padding = 'x'.repeat(EventBridgeLimits.PUT_EVENTS_MAX_BYTES - fixed + 1);
      const entry = orderEntry('OrderPlaced', { p: padding }, { Time: 1_767_225_600 });

      // Act
      const error = await awsError(h.call('PutEvents', { Entries: [entry] }));
      const justFits = await h.call<Result>('PutEvents', {
        Entries: [orderEntry('OrderPlaced', { p: padding.slice(1) }, { Time: 1_767_225_600 })],
      });

      // Assess
      expect(error.code).toBe('ValidationException');
      expect(justFits.FailedEntryCount).toBe(0);
    });

    it('fails each bad entry on its own, in request order, and accepts the rest', async () => {
      // Prepare
      const h = harness();

      // Act
      const out = await h.call<Result>('PutEvents', {
        Entries: [
          orderEntry('OrderPlaced'),
          { DetailType: 'OrderPlaced', Detail: '{}' },
          { Source: 'eventline.orders', Detail: '{}' },
          { Source: 'eventline.orders', DetailType: 'OrderPlaced' },
          { Source: 'eventline.orders', DetailType: 'OrderPlaced', Detail: '[1,2]' },
          { Source: 'eventline.orders', DetailType: 'OrderPlaced', Detail: '{not json' },
          orderEntry('OrderPlaced', {}, { EventBusName: 'missing-bus' }),
          { Source: 'aws.ec2', DetailType: 'X', Detail: '{}' },
        ],
      });

      // Assess
      expect(out.FailedEntryCount).toBe(7);
      expect(out.Entries[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(out.Entries.slice(1).map((e) => e.ErrorCode)).toEqual([
        'InvalidArgument',
        'InvalidArgument',
        'InvalidArgument',
        'MalformedDetail',
        'MalformedDetail',
        'InvalidArgument',
        'NotAuthorizedForSourceException',
      ]);
      expect(out.Entries[1]?.ErrorMessage).toBe(
        'Parameter Source is not valid. Reason: Source is a required argument.',
      );
      expect(out.Entries[6]?.ErrorMessage).toContain('missing-bus does not exist');
      expect(out.Entries.slice(1).every((e) => e.EventId === undefined)).toBe(true);
    });

    it('fails the entire request when no entry has Source, DetailType and Detail', async () => {
      // AWS API reference (PutEventsRequestEntry): "If you submit a request in which none of
      // the entries have each of these properties, EventBridge fails the entire request."
      const h = harness();

      const error = await awsError(
        h.call('PutEvents', {
          Entries: [
            { DetailType: 'OrderPlaced', Detail: '{}' },
            { Source: 'eventline.orders', Detail: '{}' },
          ],
        }),
      );

      expect(error.code).toBe('ValidationException');
    });

    it('refuses the whole request for an EventBusName outside the model, naming the member', async () => {
      // The model's pattern for a bus name or ARN, as AWS reports it (aws/aws-sdk-js-v3#3714).
      const h = harness();

      const error = await awsError(
        h.call('PutEvents', {
          Entries: [
            orderEntry('OrderPlaced'),
            orderEntry('OrderPlaced', {}, { EventBusName: 'bad bus!' }),
          ],
        }),
      );
      const arn = await h.call<Result>('PutEvents', {
        Entries: [
          orderEntry(
            'OrderPlaced',
            {},
            {
              EventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/default',
            },
          ),
        ],
      });

      expect(error.code).toBe('ValidationException');
      expect(error.message).toContain("Value 'bad bus!' at 'entries.2.member.eventBusName'");
      expect(arn.FailedEntryCount).toBe(0);
    });

    it('accepts a DetailType of 128 characters and fails the entry with 129', async () => {
      // "Free-form string, with a maximum of 128 characters" (PutEventsRequestEntry).
      const h = harness();
      const entry = (detailType: string) => ({
        Source: 'eventline.orders',
        DetailType: detailType,
        Detail: '{}',
      });

      const out = await h.call<Result>('PutEvents', {
        Entries: [entry('é'.repeat(128)), entry('é'.repeat(129))],
      });

      expect(out.FailedEntryCount).toBe(1);
      expect(out.Entries[0]?.EventId).toBeDefined();
      expect(out.Entries[1]).toMatchObject({ ErrorCode: 'InvalidArgument' });
      expect(out.Entries[1]?.ErrorMessage).toContain('129');
    });

    it('builds the event with id, time, region, account and resources', async () => {
      // Prepare
      const h = harness();
      const seen: BusActivity[] = [];
      h.service.onEvent((a) => seen.push(a));

      // Act
      const out = await h.call<Result>('PutEvents', {
        Entries: [
          orderEntry('OrderPlaced', { orderId: 'o-1' }, { Resources: ['arn:aws:x:::r'] }),
          orderEntry('OrderPlaced', {}, { Time: Date.UTC(2025, 5, 1, 8, 30, 15, 500) / 1000 }),
        ],
      });

      // Assess
      expect(seen.map((a) => a.event)).toEqual([
        {
          version: '0',
          id: out.Entries[0]?.EventId,
          'detail-type': 'OrderPlaced',
          source: 'eventline.orders',
          account: '000000000000',
          time: '2026-01-01T12:00:00Z',
          region: 'us-east-1',
          resources: ['arn:aws:x:::r'],
          detail: { orderId: 'o-1' },
        },
        expect.objectContaining({ id: out.Entries[1]?.EventId, time: '2025-06-01T08:30:15Z' }),
      ]);
    });

    it('tells onEvent listeners the bus and the rules each event matched', async () => {
      // Prepare
      const h = harness();
      await h.call('PutRule', { Name: 'placed', EventPattern: '{"detail-type":["OrderPlaced"]}' });
      await h.call('PutRule', {
        Name: 'all-orders',
        EventPattern: '{"source":["eventline.orders"]}',
      });
      await h.call('PutRule', {
        Name: 'off',
        EventPattern: '{"source":["eventline.orders"]}',
        State: 'DISABLED',
      });
      const seen: BusActivity[] = [];
      const stop = h.service.onEvent((a) => seen.push(a));

      // Act
      await h.call('PutEvents', {
        Entries: [orderEntry('OrderPlaced'), orderEntry('OrderCancelled')],
      });
      stop();
      await h.call('PutEvents', { Entries: [orderEntry('OrderPlaced')] });

      // Assess
      expect(seen.map((a) => [a.busName, a.matchedRules])).toEqual([
        ['default', ['placed', 'all-orders']],
        ['default', ['all-orders']],
      ]);
    });

    it('answers before the targets are reached and delivers once idle', async () => {
      // Prepare
      const h = harness();
      await h.call('PutRule', { Name: 'r', EventPattern: '{"source":["eventline.orders"]}' });
      await h.call('PutTargets', { Rule: 'r', Targets: [{ Id: 'q', Arn: QUEUE_ARN }] });

      // Act
      await h.call('PutEvents', { Entries: [orderEntry('OrderPlaced')] });
      const beforeIdle = h.dispatcher.deliveries.length;
      await h.service.idle();

      // Assess
      expect(beforeIdle).toBe(0);
      expect(h.dispatcher.to(QUEUE_ARN)).toHaveLength(1);
    });
  });
});
