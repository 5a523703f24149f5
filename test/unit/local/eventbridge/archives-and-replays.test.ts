import { describe, expect, it } from 'vitest';
import type { BusActivity } from '../../../../local/services/eventbridge';
import type { Harness } from './fakes';
import { awsError, harness, OTHER_QUEUE_ARN, orderEntry, QUEUE_ARN } from './fakes';

const BUS_ARN = 'arn:aws:events:us-east-1:000000000000:event-bus/orders';
const ARCHIVE_ARN = 'arn:aws:events:us-east-1:000000000000:archive/orders-archive';
const ORDERS = '{"source":["eventline.orders"]}';
const seconds = (iso: string) => Date.parse(iso) / 1000;

/** A bus `orders` with an archive and two rules, `projection` → QUEUE_ARN and `audit` → OTHER_QUEUE_ARN. */
async function ordersBus(h: Harness, archivePattern?: string) {
  await h.call('CreateEventBus', { Name: 'orders' });
  await h.call('CreateArchive', {
    ArchiveName: 'orders-archive',
    EventSourceArn: BUS_ARN,
    ...(archivePattern ? { EventPattern: archivePattern } : {}),
  });
  for (const [rule, queue] of [
    ['projection', QUEUE_ARN],
    ['audit', OTHER_QUEUE_ARN],
  ] as const) {
    await h.call('PutRule', { Name: rule, EventBusName: 'orders', EventPattern: ORDERS });
    await h.call('PutTargets', {
      Rule: rule,
      EventBusName: 'orders',
      Targets: [{ Id: 'q', Arn: queue, InputPath: '$.detail.n' }],
    });
  }
}

async function putAt(h: Harness, iso: string, n: number) {
  const out = await h.call('PutEvents', {
    Entries: [orderEntry('OrderPlaced', { n }, { EventBusName: 'orders', Time: seconds(iso) })],
  });
  expect(out.FailedEntryCount).toBe(0);
}

describe('Class: EventBridgeService', () => {
  describe('Method: CreateArchive / DescribeArchive / ListArchives / UpdateArchive / DeleteArchive', () => {
    it('archives the events of its bus that match its pattern and counts them', async () => {
      // Prepare
      const h = harness();
      await ordersBus(h, '{"detail-type":["OrderPlaced"]}');

      // Act
      await putAt(h, '2026-01-01T10:00:00Z', 1);
      await h.call('PutEvents', {
        Entries: [
          orderEntry('OrderCancelled', {}, { EventBusName: 'orders' }),
          orderEntry('OrderPlaced'),
        ],
      });
      const described = await h.call('DescribeArchive', { ArchiveName: 'orders-archive' });
      const listed = await h.call<{ Archives: Record<string, unknown>[] }>('ListArchives', {
        EventSourceArn: BUS_ARN,
      });

      // Assess
      expect(described).toMatchObject({
        ArchiveArn: ARCHIVE_ARN,
        EventSourceArn: BUS_ARN,
        State: 'ENABLED',
        EventCount: 1,
        RetentionDays: 0,
        EventPattern: '{"detail-type":["OrderPlaced"]}',
      });
      expect(described.SizeBytes).toBeGreaterThan(100);
      expect(listed.Archives.map((a) => [a.ArchiveName, a.EventCount])).toEqual([
        ['orders-archive', 1],
      ]);
    });

    it('drops events once their retention has passed on the clock', async () => {
      // Prepare
      const h = harness();
      await ordersBus(h);
      await h.call('UpdateArchive', { ArchiveName: 'orders-archive', RetentionDays: 1 });
      await putAt(h, '2026-01-01T10:00:00Z', 1);
      await h.clock.advance(12 * 3_600_000);
      await putAt(h, '2026-01-01T22:00:00Z', 2);

      // Act
      await h.clock.advance(12 * 3_600_000 + 1);
      const described = await h.call('DescribeArchive', { ArchiveName: 'orders-archive' });

      // Assess
      expect(described.EventCount).toBe(1);
      expect(described.RetentionDays).toBe(1);
    });

    it('refuses a bad source, a duplicate name, an invalid pattern and a missing archive', async () => {
      const h = harness();
      await ordersBus(h);
      const missingBus = await awsError(
        h.call('CreateArchive', {
          ArchiveName: 'a',
          EventSourceArn: 'arn:aws:events:us-east-1:000000000000:event-bus/nope',
        }),
      );
      const duplicate = await awsError(
        h.call('CreateArchive', { ArchiveName: 'orders-archive', EventSourceArn: BUS_ARN }),
      );
      const badPattern = await awsError(
        h.call('CreateArchive', { ArchiveName: 'b', EventSourceArn: BUS_ARN, EventPattern: '[]' }),
      );
      const missing = await awsError(h.call('DescribeArchive', { ArchiveName: 'nope' }));
      expect([missingBus.code, duplicate.code, badPattern.code, missing.code]).toEqual([
        'ResourceNotFoundException',
        'ResourceAlreadyExistsException',
        'InvalidEventPatternException',
        'ResourceNotFoundException',
      ]);
      await h.call('DeleteArchive', { ArchiveName: 'orders-archive' });
      expect((await h.call('ListArchives', {})).Archives).toEqual([]);
    });
  });

  describe('Method: StartReplay', () => {
    it('re-delivers only the window by event time, with replay-name, only to the filtered rules', async () => {
      // Prepare
      const h = harness();
      await ordersBus(h);
      await putAt(h, '2026-01-01T09:00:00Z', 1);
      await putAt(h, '2026-01-01T10:00:00Z', 2);
      await putAt(h, '2026-01-01T10:30:00Z', 3);
      await putAt(h, '2026-01-01T11:00:00Z', 4);
      await h.service.idle();
      const beforeReplay = h.dispatcher.deliveries.length;
      const seen: BusActivity[] = [];
      h.service.onEvent((a) => seen.push(a));

      // Act
      const started = await h.call('StartReplay', {
        ReplayName: 'rebuild',
        EventSourceArn: ARCHIVE_ARN,
        EventStartTime: seconds('2026-01-01T10:00:00Z'),
        EventEndTime: seconds('2026-01-01T11:00:00Z'),
        Destination: {
          Arn: BUS_ARN,
          FilterArns: ['arn:aws:events:us-east-1:000000000000:rule/orders/projection'],
        },
      });
      await h.service.idle();
      const described = await h.call('DescribeReplay', { ReplayName: 'rebuild' });

      // Assess
      expect(started.State).toBe('STARTING');
      const replayed = h.dispatcher.deliveries.slice(beforeReplay);
      expect(replayed.map((d) => [d.arn, d.payload])).toEqual([
        [QUEUE_ARN, '2'],
        [QUEUE_ARN, '3'],
      ]);
      expect(seen.map((a) => a.event['replay-name'])).toEqual(['rebuild', 'rebuild']);
      expect(seen.map((a) => a.matchedRules)).toEqual([['projection'], ['projection']]);
      expect(described).toMatchObject({
        State: 'COMPLETED',
        EventLastReplayedTime: seconds('2026-01-01T10:30:00Z'),
        Destination: { Arn: BUS_ARN },
      });
      expect(described.ReplayEndTime).toBeDefined();
    });

    it('shuffles the events within each one-minute slice when replays.shuffle is on, seeded, slices in order', async () => {
      // Prepare: six events in each of two minutes of the window.
      const replayOrder = async (seed: number) => {
        const h = harness({ replays: { shuffle: true, seed } });
        await ordersBus(h);
        for (let i = 0; i < 12; i++) {
          const minute = i < 6 ? '00' : '01';
          await putAt(
            h,
            `2026-01-01T10:${minute}:${String((i % 6) * 10).padStart(2, '0')}Z`,
            i + 1,
          );
        }
        await h.service.idle();
        const before = h.dispatcher.deliveries.length;
        await h.call('StartReplay', {
          ReplayName: 'shuffled',
          EventSourceArn: ARCHIVE_ARN,
          EventStartTime: seconds('2026-01-01T10:00:00Z'),
          EventEndTime: seconds('2026-01-01T10:02:00Z'),
          Destination: {
            Arn: BUS_ARN,
            FilterArns: ['arn:aws:events:us-east-1:000000000000:rule/orders/projection'],
          },
        });
        await h.service.idle();
        const described = await h.call('DescribeReplay', { ReplayName: 'shuffled' });
        expect(described.EventLastReplayedTime).toBe(seconds('2026-01-01T10:01:50Z'));
        return h.dispatcher.deliveries.slice(before).map((d) => Number(d.payload));
      };

      // Act
      const orders = await Promise.all([1, 2, 3, 4, 5].map(replayOrder));
      const again = await replayOrder(3);

      // Assess: each slice is a permutation of its own events, the first slice before the second.
      const inTimeOrder = Array.from({ length: 12 }, (_, i) => i + 1);
      for (const order of orders) {
        expect([...order.slice(0, 6)].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
        expect([...order.slice(6)].sort((a, b) => a - b)).toEqual([7, 8, 9, 10, 11, 12]);
      }
      expect(orders.some((order) => order.join() !== inTimeOrder.join())).toBe(true);
      expect(again).toEqual(orders[2]);
    });

    it('replays in event-time order by default', async () => {
      const h = harness();
      await ordersBus(h);
      for (let i = 0; i < 6; i++) await putAt(h, `2026-01-01T10:00:0${i}Z`, i + 1);
      await h.service.idle();
      const before = h.dispatcher.deliveries.length;

      await h.call('StartReplay', {
        ReplayName: 'ordered',
        EventSourceArn: ARCHIVE_ARN,
        EventStartTime: seconds('2026-01-01T10:00:00Z'),
        EventEndTime: seconds('2026-01-01T10:01:00Z'),
        Destination: {
          Arn: BUS_ARN,
          FilterArns: ['arn:aws:events:us-east-1:000000000000:rule/orders/projection'],
        },
      });
      await h.service.idle();

      expect(h.dispatcher.deliveries.slice(before).map((d) => Number(d.payload))).toEqual([
        1, 2, 3, 4, 5, 6,
      ]);
    });

    it('sends replayed events to every matching rule without FilterArns and never archives them', async () => {
      // Prepare
      const h = harness();
      await ordersBus(h);
      await putAt(h, '2026-01-01T10:00:00Z', 1);
      await h.service.idle();
      const before = h.dispatcher.deliveries.length;

      // Act
      await h.call('StartReplay', {
        ReplayName: 'all',
        EventSourceArn: ARCHIVE_ARN,
        EventStartTime: seconds('2026-01-01T00:00:00Z'),
        EventEndTime: seconds('2026-01-02T00:00:00Z'),
        Destination: { Arn: BUS_ARN },
      });
      await h.service.idle();

      // Assess
      expect(
        h.dispatcher.deliveries
          .slice(before)
          .map((d) => d.arn)
          .sort(),
      ).toEqual([OTHER_QUEUE_ARN, QUEUE_ARN].sort());
      expect((await h.call('DescribeArchive', { ArchiveName: 'orders-archive' })).EventCount).toBe(
        1,
      );
    });

    it('refuses a reversed window, another bus, an unknown rule filter and a duplicate name', async () => {
      // Prepare
      const h = harness();
      await ordersBus(h);
      const base = {
        ReplayName: 'r',
        EventSourceArn: ARCHIVE_ARN,
        EventStartTime: seconds('2026-01-01T10:00:00Z'),
        EventEndTime: seconds('2026-01-01T11:00:00Z'),
        Destination: { Arn: BUS_ARN },
      };

      // Act
      const reversed = await awsError(
        h.call('StartReplay', { ...base, EventEndTime: base.EventStartTime }),
      );
      const otherBus = await awsError(
        h.call('StartReplay', {
          ...base,
          Destination: { Arn: 'arn:aws:events:us-east-1:000000000000:event-bus/default' },
        }),
      );
      const unknownRule = await awsError(
        h.call('StartReplay', {
          ...base,
          Destination: {
            Arn: BUS_ARN,
            FilterArns: ['arn:aws:events:us-east-1:000000000000:rule/orders/nope'],
          },
        }),
      );
      await h.call('StartReplay', base);
      const duplicate = await awsError(h.call('StartReplay', base));
      const missingArchive = await awsError(
        h.call('StartReplay', {
          ...base,
          ReplayName: 'x',
          EventSourceArn: 'arn:aws:events:us-east-1:000000000000:archive/nope',
        }),
      );

      // Assess
      expect(reversed.code).toBe('ValidationException');
      expect(otherBus.message).toContain('Cross event bus replay is not permitted');
      expect(unknownRule.code).toBe('ValidationException');
      expect(duplicate.code).toBe('ResourceAlreadyExistsException');
      expect(missingArchive.code).toBe('ResourceNotFoundException');
    });
  });

  describe('Method: CancelReplay / ListReplays', () => {
    it('cancels a starting replay before it sends anything, and refuses to cancel a finished one', async () => {
      // Prepare
      const h = harness();
      await ordersBus(h);
      await putAt(h, '2026-01-01T10:00:00Z', 1);
      await h.service.idle();
      const before = h.dispatcher.deliveries.length;
      const window = {
        EventSourceArn: ARCHIVE_ARN,
        EventStartTime: seconds('2026-01-01T00:00:00Z'),
        EventEndTime: seconds('2026-01-02T00:00:00Z'),
        Destination: { Arn: BUS_ARN },
      };

      // Act
      await h.call('StartReplay', { ReplayName: 'stop-me', ...window });
      const cancelled = await h.call('CancelReplay', { ReplayName: 'stop-me' });
      await h.service.idle();
      await h.call('StartReplay', { ReplayName: 'done', ...window });
      await h.service.idle();
      const late = await awsError(h.call('CancelReplay', { ReplayName: 'done' }));
      const listed = await h.call<{ Replays: Record<string, unknown>[] }>('ListReplays', {
        State: 'CANCELLED',
      });

      // Assess
      expect(cancelled.State).toBe('CANCELLING');
      expect(listed.Replays.map((r) => r.ReplayName)).toEqual(['stop-me']);
      expect(late.code).toBe('IllegalStatusException');
      // Only the completed replay delivered (one event, two rules).
      expect(h.dispatcher.deliveries.length - before).toBe(2);
    });
  });
});
