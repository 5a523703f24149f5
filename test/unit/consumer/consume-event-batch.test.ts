import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { consumeEventBatch } from '../../../shared/consumer';
import type { TypedEnvelope } from '../../../shared/events/entry';

const context = { functionName: 'test', getRemainingTimeInMillis: () => 30_000 } as Context;
const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });

function record(body: string, messageId: string = randomUUID()): SQSRecord {
  return {
    messageId,
    receiptHandle: 'rh',
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1700000000000',
      SenderId: 'AIDA',
      ApproximateFirstReceiveTimestamp: '1700000000000',
    },
    messageAttributes: {},
    md5OfBody: '0',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:projector',
    awsRegion: 'us-east-1',
  };
}

/** The EventBridge event a rule puts in a queue for a `StockAdded` at `version` of `streamId`. */
function stockAdded(streamId: string, version: number, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    version: '0',
    id: randomUUID(),
    'detail-type': 'StockAdded',
    source: 'eventline.inventory',
    account: '000000000000',
    time: '2026-01-01T00:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      metadata: {
        eventId: randomUUID(),
        schemaVersion: 1,
        streamId,
        version,
        occurredAt: '2026-01-01T00:00:00.000Z',
        correlationId: 'c',
        causationId: 'k',
      },
      data: { sku: 'SKU-1', quantity: version },
    },
    ...extra,
  });
}

describe('Function: consumeEventBatch', () => {
  it('hands each stream its events in version order, whatever order SQS delivered them in', async () => {
    // Prepare: two streams, each delivered newest first.
    const batch: SQSEvent = {
      Records: [
        record(stockAdded('inventory-a', 3)),
        record(stockAdded('inventory-b', 2)),
        record(stockAdded('inventory-a', 2)),
        record(stockAdded('inventory-b', 1)),
        record(stockAdded('inventory-a', 1)),
      ],
    };
    const seen: string[] = [];

    // Act
    const response = await consumeEventBatch(batch, context, {
      logger,
      handle: async (event) => {
        // Yield, so a wrong order would show.
        await new Promise((r) => setImmediate(r));
        seen.push(`${event.metadata.streamId}@${event.metadata.version}`);
      },
    });

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(seen.filter((s) => s.startsWith('inventory-a'))).toEqual([
      'inventory-a@1',
      'inventory-a@2',
      'inventory-a@3',
    ]);
    expect(seen.filter((s) => s.startsWith('inventory-b'))).toEqual([
      'inventory-b@1',
      'inventory-b@2',
    ]);
  });

  it('reports a poison record as a batch item failure and handles the rest of the batch', async () => {
    const poison = record('{"detail-type": "StockAdded"', 'poison-1');
    const invalid = record(
      stockAdded('inventory-c', 1, { source: 'eventline.orders' }),
      'bad-source',
    );
    const good = record(stockAdded('inventory-c', 1), 'good-1');
    const handled: TypedEnvelope[] = [];

    const response = await consumeEventBatch({ Records: [poison, invalid, good] }, context, {
      logger,
      handle: async (event) => void handled.push(event),
    });

    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([
      'bad-source',
      'poison-1',
    ]);
    expect(handled.map((e) => e.metadata.streamId)).toEqual(['inventory-c']);
  });

  it('keeps replay-name as the event’s replay hint', async () => {
    const handled: TypedEnvelope[] = [];
    await consumeEventBatch(
      { Records: [record(stockAdded('inventory-d', 1, { 'replay-name': 'r-7' }))] },
      context,
      { logger, handle: async (event) => void handled.push(event) },
    );
    expect(handled[0]?.metadata.replay).toEqual({ replayName: 'r-7' });
  });

  it('fails only the record whose handler throws, and still runs the stream’s next version', async () => {
    const first = record(stockAdded('inventory-e', 1), 'v1');
    const second = record(stockAdded('inventory-e', 2), 'v2');
    const seen: number[] = [];
    const response = await consumeEventBatch({ Records: [second, first] }, context, {
      logger,
      handle: async (event) => {
        seen.push(event.metadata.version);
        if (event.metadata.version === 1) throw new Error('boom');
      },
    });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'v1' }]);
    expect(seen).toEqual([1, 2]);
  });
});
