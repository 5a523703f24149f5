import { EventBridgeServiceException, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxPublisher } from '../../../shared/publisher';
import { eventInsertRecord, streamRecord } from '../../helpers/stream-records';
import type { EntryOutcome } from '../../helpers/strict-eventbridge-mock';
import { strictEventBridgeMock } from '../../helpers/strict-eventbridge-mock';

const noSleep = async () => {};
let restore: (() => void) | undefined;
afterEach(() => restore?.());

function setup(outcome?: EntryOutcome, maxAttempts = 3) {
  const fake = strictEventBridgeMock(outcome);
  restore = () => fake.mock.restore();
  const publisher = new OutboxPublisher({
    client: fake.client,
    eventBusName: 'bus',
    maxAttempts,
    sleep: noSleep,
  });
  return { ...fake, publisher };
}

const versionOf = (entry: { Detail?: string }) =>
  `${JSON.parse(entry.Detail ?? '{}').metadata.streamId}@${JSON.parse(entry.Detail ?? '{}').metadata.version}`;

describe('Class: OutboxPublisher', () => {
  describe('Method: publish', () => {
    it('publishes every event in record order, at most 10 per call', async () => {
      // Prepare: 25 events of 25 streams.
      const { publisher, calls } = setup();
      const records = Array.from({ length: 25 }, (_, i) => eventInsertRecord(`s-${i}`, 1));

      // Act
      const result = await publisher.publish(records);

      // Assess
      expect(result).toMatchObject({ batchItemFailures: [], published: 25, skipped: 0 });
      expect(calls.map((c) => c.length)).toEqual([10, 10, 5]);
      expect(calls.flat().map(versionOf)).toEqual(records.map((_, i) => `s-${i}@1`));
      expect(calls[0]?.[0]).toMatchObject({
        EventBusName: 'bus',
        Source: 'eventline.inventory',
        DetailType: 'StockAdded',
      });
    });

    it('never puts two events of one stream in the same call', async () => {
      const { publisher, calls } = setup();
      const records = [
        eventInsertRecord('a', 1),
        eventInsertRecord('b', 1),
        eventInsertRecord('a', 2),
      ];

      await publisher.publish(records);

      expect(calls.map((c) => c.map(versionOf))).toEqual([['a@1', 'b@1'], ['a@2']]);
    });

    it('splits calls so that none is over 1 MB', async () => {
      const { publisher, calls } = setup();
      const big = 'x'.repeat(300 * 1024);
      const records = Array.from({ length: 7 }, (_, i) =>
        eventInsertRecord(`s-${i}`, 1, { sku: big, quantity: 1 }),
      );

      const result = await publisher.publish(records);

      expect(result.published).toBe(7);
      expect(calls.map((c) => c.length)).toEqual([3, 3, 1]);
    });

    it('retries exactly the failed entries', async () => {
      // Prepare: the 2nd and 4th entries fail once.
      const { publisher, calls } = setup((entry, call) =>
        call === 1 && ['s-1@1', 's-3@1'].includes(versionOf(entry))
          ? 'ThrottlingException'
          : undefined,
      );
      const records = Array.from({ length: 5 }, (_, i) => eventInsertRecord(`s-${i}`, 1));

      const result = await publisher.publish(records);

      expect(result).toMatchObject({ batchItemFailures: [], published: 5 });
      expect(calls.map((c) => c.map(versionOf))).toEqual([
        ['s-0@1', 's-1@1', 's-2@1', 's-3@1', 's-4@1'],
        ['s-1@1', 's-3@1'],
      ]);
    });

    it('reports the first unpublished record and publishes nothing after it when failures persist', async () => {
      const { publisher, calls } = setup(
        (entry) => (versionOf(entry) === 's-12@1' ? 'InternalFailure' : undefined),
        3,
      );
      const records = Array.from({ length: 25 }, (_, i) => eventInsertRecord(`s-${i}`, 1));

      const result = await publisher.publish(records);

      expect(result.batchItemFailures).toEqual([
        { itemIdentifier: records[12]?.dynamodb?.SequenceNumber },
      ]);
      expect(result.published).toBe(19);
      // Call 1: entries 0-9; call 2: 10-19 (s-12 fails), then two retries of s-12 alone; call 3 never happens.
      expect(calls.map((c) => c.length)).toEqual([10, 10, 1, 1]);
      expect(calls.flat().map(versionOf)).not.toContain('s-20@1');
    });

    it('retries a whole call that was throttled', async () => {
      const { publisher, mock, calls } = setup();
      mock
        .on(PutEventsCommand)
        .rejectsOnce(
          new EventBridgeServiceException({
            name: 'ThrottlingException',
            $fault: 'client',
            $metadata: { httpStatusCode: 400 },
            message: 'Rate exceeded',
          }),
        )
        .resolves({ FailedEntryCount: 0, Entries: [{ EventId: '1' }, { EventId: '2' }] });
      const result = await publisher.publish([
        eventInsertRecord('a', 1),
        eventInsertRecord('b', 1),
      ]);
      expect(result).toMatchObject({ batchItemFailures: [], published: 2 });
      expect(mock.commandCalls(PutEventsCommand)).toHaveLength(2);
      expect(calls).toHaveLength(0);
    });

    it('skips items that are not events and records that are not inserts', async () => {
      const { publisher, calls } = setup();
      const modified = streamRecord('MODIFY', {
        streamId: { S: 'a' },
        version: { N: '1' },
        kind: { S: 'event' },
      });
      const other = streamRecord('INSERT', {
        streamId: { S: 'x' },
        version: { N: '0' },
        kind: { S: 'marker' },
      });

      const result = await publisher.publish([modified, other, eventInsertRecord('a', 1)]);

      expect(result).toMatchObject({ published: 1, skipped: 2 });
      expect(calls.flat()).toHaveLength(1);
    });

    it('stops at an event over the EventBridge limit, after publishing those before it', async () => {
      const { publisher, calls } = setup();
      const records = [
        eventInsertRecord('a', 1),
        eventInsertRecord('b', 1, { sku: 'x'.repeat(1024 * 1024), quantity: 1 }),
        eventInsertRecord('c', 1),
      ];

      const result = await publisher.publish(records);

      expect(result.batchItemFailures).toEqual([
        { itemIdentifier: records[1]?.dynamodb?.SequenceNumber },
      ]);
      expect(result.unpublishable).toBe(1);
      expect(calls.flat().map(versionOf)).toEqual(['a@1']);
    });
  });
});

describe('Function: strictEventBridgeMock', () => {
  it('refuses more than 10 entries in one call, as AWS does', async () => {
    const { client } = setup();
    const entry = { Source: 's', DetailType: 'd', Detail: '{}' };
    await expect(
      client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) })),
    ).rejects.toThrow(/11 entries; PutEvents takes 1 to 10/);
  });

  it('refuses a call over 1 MB', async () => {
    const { client } = setup();
    const entry = {
      Source: 's',
      DetailType: 'd',
      Detail: JSON.stringify({ x: 'y'.repeat(600 * 1024) }),
    };
    await expect(client.send(new PutEventsCommand({ Entries: [entry, entry] }))).rejects.toThrow(
      /over 1048576/,
    );
  });
});
