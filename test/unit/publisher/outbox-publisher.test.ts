import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors';
import type { PublisherLogger } from '../../../shared/publisher';
import { OutboxPublisher, UnpublishableEventError } from '../../../shared/publisher';
import { eventInsertRecord, sequenceOf, streamRecord } from '../../helpers/stream-records';
import type { StrictEventBridgeMockOptions } from '../../helpers/strict-eventbridge-mock';
import { serviceError, strictEventBridgeMock } from '../../helpers/strict-eventbridge-mock';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

/** A logger that keeps what it is told. */
function recordingLogger() {
  const lines: { level: string; message: string; extra: Record<string, unknown> }[] = [];
  const logger: PublisherLogger = {
    info: (message, extra) => lines.push({ level: 'info', message, extra }),
    warn: (message, extra) => lines.push({ level: 'warn', message, extra }),
    error: (message, extra) => lines.push({ level: 'error', message, extra }),
  };
  return { logger, lines };
}

function setup(fake: StrictEventBridgeMockOptions = {}, maxAttempts = 3) {
  const eventBridge = strictEventBridgeMock(fake);
  restore = () => eventBridge.mock.restore();
  const delays: number[] = [];
  const { logger, lines } = recordingLogger();
  const publisher = new OutboxPublisher({
    client: eventBridge.client,
    eventBusName: 'bus',
    retry: { maxAttempts, sleep: async (ms) => void delays.push(ms), random: () => 0.5 },
    logger,
  });
  return { ...eventBridge, publisher, delays, lines };
}

/** `streamId@version` of an entry, read from its detail. */
const positionOf = (entry: PutEventsRequestEntry) => {
  const { metadata } = JSON.parse(entry.Detail ?? '{}');
  return `${metadata.streamId}@${metadata.version}`;
};
const failWhen =
  (code: string, positions: string[], onCall?: number) =>
  (entry: PutEventsRequestEntry, call: number) =>
    positions.includes(positionOf(entry)) && (onCall === undefined || call === onCall)
      ? code
      : undefined;

/** One event on each of `n` streams `s-0` … `s-(n-1)`. */
const oneEventEach = (n: number): DynamoDBRecord[] =>
  Array.from({ length: n }, (_, i) => eventInsertRecord(`s-${i}`, 1));

describe('Class: OutboxPublisher', () => {
  describe('Method: publish', () => {
    it('publishes every event in record order, at most 10 per call', async () => {
      // Prepare: 25 events of 25 streams.
      const { publisher, calls } = setup();
      const records = oneEventEach(25);

      // Act
      const result = await publisher.publish(records);

      // Assess
      expect(result).toEqual({
        batchItemFailures: [],
        published: 25,
        skipped: 0,
        unpublished: 0,
        unpublishable: 0,
        calls: 3,
      });
      expect(calls.map((c) => c.length)).toEqual([10, 10, 5]);
      expect(calls.flat().map(positionOf)).toEqual(records.map((_, i) => `s-${i}@1`));
    });

    it('builds each entry from the stored event: bus, source, detail-type, {metadata, data}, time', async () => {
      // Prepare
      const { publisher, calls } = setup();
      const record = eventInsertRecord('inventory-A', 3, { sku: 'A', quantity: 2 });

      // Act
      await publisher.publish([record]);

      // Assess
      const entry = calls[0]?.[0];
      expect(entry).toMatchObject({
        EventBusName: 'bus',
        Source: 'eventline.inventory',
        DetailType: 'StockAdded',
        Time: new Date('2026-01-01T00:00:00.000Z'),
      });
      const detail = JSON.parse(entry?.Detail ?? '{}');
      expect(detail.data).toEqual({ sku: 'A', quantity: 2 });
      expect(detail.metadata).toMatchObject({
        streamId: 'inventory-A',
        version: 3,
        schemaVersion: 1,
        correlationId: 'corr-1',
        causationId: 'cmd-1',
      });
      expect(detail.metadata.eventId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('never puts two events of one stream in the same call', async () => {
      const { publisher, calls } = setup();
      const records = [
        eventInsertRecord('a', 1),
        eventInsertRecord('b', 1),
        eventInsertRecord('a', 2),
        eventInsertRecord('c', 1),
      ];

      await publisher.publish(records);

      expect(calls.map((c) => c.map(positionOf))).toEqual([
        ['a@1', 'b@1'],
        ['a@2', 'c@1'],
      ]);
    });

    it('splits calls so that none is over 1 MiB', async () => {
      // Prepare: 7 events of ~300 KiB: three fit in 1 MiB, four do not.
      const { publisher, calls } = setup();
      const big = 'x'.repeat(300 * 1024);
      const records = Array.from({ length: 7 }, (_, i) =>
        eventInsertRecord(`s-${i}`, 1, { sku: big, quantity: 1 }),
      );

      // Act
      const result = await publisher.publish(records);

      // Assess: the fake refuses any call over 1 MiB, so all seven went through.
      expect(result.published).toBe(7);
      expect(calls.map((c) => c.length)).toEqual([3, 3, 1]);
    });

    it('retries exactly the failed entries, after a jittered back-off', async () => {
      // Prepare: the 2nd and 4th entries are throttled on the first call only.
      const { publisher, calls, delays } = setup({
        entryOutcome: failWhen('ThrottlingException', ['s-1@1', 's-3@1'], 1),
      });
      const records = oneEventEach(5);

      // Act
      const result = await publisher.publish(records);

      // Assess
      expect(result).toMatchObject({ batchItemFailures: [], published: 5, calls: 2 });
      expect(calls.map((c) => c.map(positionOf))).toEqual([
        ['s-0@1', 's-1@1', 's-2@1', 's-3@1', 's-4@1'],
        ['s-1@1', 's-3@1'],
      ]);
      expect(calls[1]).toEqual([calls[0]?.[1], calls[0]?.[3]]);
      // random 0.5 × ceiling 100 ms for the first retry.
      expect(delays).toEqual([50]);
    });

    it('backs off exponentially between attempts, up to the cap', async () => {
      // Prepare
      const eventBridge = strictEventBridgeMock({ entryOutcome: () => 'InternalFailure' });
      restore = () => eventBridge.mock.restore();
      const delays: number[] = [];
      const publisher = new OutboxPublisher({
        client: eventBridge.client,
        eventBusName: 'bus',
        retry: {
          maxAttempts: 6,
          baseDelayMs: 100,
          maxDelayMs: 500,
          sleep: async (ms) => void delays.push(ms),
          random: () => 0.5,
        },
      });

      // Act
      await publisher.publish([eventInsertRecord('a', 1)]);

      // Assess: ceilings 100, 200, 400, 500, 500, halved by the injected random.
      expect(delays).toEqual([50, 100, 200, 250, 250]);
    });

    it('hands the batch back from the first record that still fails, and sends nothing after it', async () => {
      // Prepare: s-12 (in the second call) always fails.
      const { publisher, calls } = setup({ entryOutcome: failWhen('InternalFailure', ['s-12@1']) });
      const records = oneEventEach(25);

      // Act
      const result = await publisher.publish(records);

      // Assess
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(records[12]) }]);
      // Calls: entries 0-9; 10-19 (s-12 fails); s-12 alone twice more. 20-24 never sent.
      expect(calls.map((c) => c.length)).toEqual([10, 10, 1, 1]);
      expect(calls.flat().map(positionOf)).not.toContain('s-20@1');
      expect(result).toMatchObject({ published: 19, unpublished: 13, unpublishable: 0 });
    });

    it('retries a whole call that was throttled', async () => {
      // Prepare: the first call is throttled as a whole.
      const throttled = serviceError('ThrottlingException', 'Rate exceeded');
      const { publisher, calls, attempts } = setup({
        callOutcome: (_entries, attempt) => (attempt === 1 ? throttled : undefined),
      });
      const records = [eventInsertRecord('a', 1), eventInsertRecord('b', 1)];

      // Act
      const result = await publisher.publish(records);

      // Assess
      expect(result).toMatchObject({ batchItemFailures: [], published: 2, calls: 2 });
      expect(attempts()).toBe(2);
      expect(calls.map((c) => c.map(positionOf))).toEqual([['a@1', 'b@1']]);
    });

    it('retries a server fault, then hands the batch back when it persists', async () => {
      const { publisher, attempts } = setup({
        callOutcome: () => serviceError('InternalException', 'try later', 'server'),
      });
      const records = oneEventEach(2);

      const result = await publisher.publish(records);

      expect(attempts()).toBe(3);
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(records[0]) }]);
      expect(result).toMatchObject({ published: 0, unpublished: 2 });
    });

    it('does not retry a call refused for a client fault, such as a missing bus', async () => {
      // Prepare: the second call finds no bus.
      const { publisher, attempts } = setup({
        callOutcome: (_entries, attempt) =>
          attempt === 2
            ? serviceError('ResourceNotFoundException', 'Event bus bus does not exist.')
            : undefined,
      });
      const records = oneEventEach(15);

      // Act
      const result = await publisher.publish(records);

      // Assess
      expect(attempts()).toBe(2);
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(records[10]) }]);
      expect(result).toMatchObject({ published: 10, unpublished: 5 });
    });

    it('does not retry an entry refused for lack of permission, but retries the transient failures before it', async () => {
      // Prepare: s-1 is throttled once; s-3 is not authorized.
      const { publisher, calls } = setup({
        entryOutcome: (entry, call) =>
          positionOf(entry) === 's-3@1'
            ? 'AccessDeniedException'
            : failWhen('ThrottlingException', ['s-1@1'], 1)(entry, call),
      });
      const records = oneEventEach(5);

      // Act
      const result = await publisher.publish(records);

      // Assess
      expect(calls.map((c) => c.map(positionOf))).toEqual([
        ['s-0@1', 's-1@1', 's-2@1', 's-3@1', 's-4@1'],
        ['s-1@1'],
      ]);
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(records[3]) }]);
      expect(result).toMatchObject({ published: 4, unpublishable: 0 });
    });

    it('skips items that are not events and records that are not inserts', async () => {
      // Prepare
      const { publisher, calls } = setup();
      const event = { streamId: { S: 'a' }, version: { N: '1' }, kind: { S: 'event' } };
      const records = [
        streamRecord('MODIFY', event),
        streamRecord('REMOVE', event),
        streamRecord('INSERT', { streamId: { S: 'a' }, version: { N: '0' }, kind: { S: 'tip' } }),
        streamRecord('INSERT', { streamId: { S: 'x' }, version: { N: '1' } }),
        eventInsertRecord('a', 1),
      ];

      // Act
      const result = await publisher.publish(records);

      // Assess
      expect(result).toMatchObject({ published: 1, skipped: 4, batchItemFailures: [] });
      expect(calls.flat().map(positionOf)).toEqual(['a@1']);
    });

    it('makes no call for a batch without events', async () => {
      const { publisher, attempts } = setup();

      const result = await publisher.publish([]);

      expect(result).toMatchObject({ published: 0, calls: 0, batchItemFailures: [] });
      expect(attempts()).toBe(0);
    });

    describe('with a record that can never be published', () => {
      it('publishes the events before an oversize event and resumes the stream at it, logged', async () => {
        // Prepare: b@1 is over EventBridge's 1 MiB entry limit.
        const { publisher, calls, lines } = setup();
        const records = [
          eventInsertRecord('a', 1),
          eventInsertRecord('b', 1, { sku: 'x'.repeat(1024 * 1024), quantity: 1 }),
          eventInsertRecord('c', 1),
        ];

        // Act
        const result = await publisher.publish(records);

        // Assess
        expect(calls.flat().map(positionOf)).toEqual(['a@1']);
        expect(result.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(records[1]) }]);
        expect(result).toMatchObject({ published: 1, unpublished: 2, unpublishable: 1 });
        const error = lines.find((l) => l.level === 'error');
        expect(error?.message).toBe('event cannot be published');
        expect(error?.extra).toMatchObject({ position: 'b@1', reason: 'too-large' });
        expect(String(error?.extra.detail)).toMatch(/over the limit of 1048576 bytes/);
      });

      it('throws when the oversize event heads the batch, so that the mapping bisects down to it', async () => {
        // Prepare
        const { publisher, attempts } = setup();
        const records = [
          eventInsertRecord('b', 1, { sku: 'x'.repeat(1024 * 1024), quantity: 1 }),
          eventInsertRecord('c', 1),
        ];

        // Act
        const publishing = publisher.publish(records);

        // Assess
        await expect(publishing).rejects.toBeInstanceOf(UnpublishableEventError);
        await expect(publishing).rejects.toMatchObject({
          sequenceNumber: sequenceOf(records[0]),
          reason: 'too-large',
          position: 'b@1',
        });
        expect(attempts()).toBe(0);
      });

      it('resumes at an event item it cannot decode', async () => {
        // Prepare: an event item without its attributes.
        const { publisher, calls } = setup();
        const records = [
          eventInsertRecord('a', 1),
          streamRecord('INSERT', {
            streamId: { S: 'z' },
            version: { N: '4' },
            kind: { S: 'event' },
          }),
          eventInsertRecord('c', 1),
        ];

        // Act
        const result = await publisher.publish(records);

        // Assess
        expect(calls.flat().map(positionOf)).toEqual(['a@1']);
        expect(result.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(records[1]) }]);
        expect(result.unpublishable).toBe(1);
      });

      it('treats an insert without a new image as undecodable, naming the stream view', async () => {
        const { publisher } = setup();
        const record = streamRecord('INSERT', {
          streamId: { S: 'z' },
          version: { N: '1' },
          kind: { S: 'event' },
        });
        delete record.dynamodb?.NewImage;

        await expect(publisher.publish([record])).rejects.toThrow(
          /z@1\) cannot be published \(undecodable\): .*stream must be NEW_IMAGE/,
        );
      });

      it('treats a stored type the catalog does not know as undecodable', async () => {
        const { publisher } = setup();
        const record = eventInsertRecord('a', 1, {}, { type: 'OrderShipped' });

        await expect(publisher.publish([record])).rejects.toThrow(
          /undecodable.*'OrderShipped' is not in the catalog/,
        );
      });

      it('throws for an entry EventBridge refuses for its content when it heads the batch', async () => {
        // Prepare: EventBridge answers MalformedDetail for a@1.
        const { publisher, attempts } = setup({
          entryOutcome: failWhen('MalformedDetail', ['a@1']),
        });

        // Act
        const publishing = publisher.publish([
          eventInsertRecord('a', 1),
          eventInsertRecord('b', 1),
        ]);

        // Assess: not retried; refused.
        await expect(publishing).rejects.toMatchObject({ reason: 'refused', position: 'a@1' });
        expect(attempts()).toBe(1);
      });
    });
  });

  describe('Constructor', () => {
    it('fails at once on bad options, showing the values', () => {
      const { client } = setup();

      expect(
        () =>
          new OutboxPublisher({
            client,
            eventBusName: '',
            retry: { maxAttempts: 0, baseDelayMs: -1 },
          }),
      ).toThrow(ValidationError);
      expect(
        () => new OutboxPublisher({ client, eventBusName: 'bus', retry: { maxAttempts: 1.5 } }),
      ).toThrow('retry.maxAttempts: must be an integer ≥ 1, got 1.5');
    });
  });
});
