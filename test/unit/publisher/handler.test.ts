import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { handler as Handler } from '../../../functions/outbox-publisher/handler';
import { UnpublishableEventError } from '../../../shared/publisher';
import { eventInsertRecord, sequenceOf } from '../../helpers/stream-records';
import { strictEventBridgeMock } from '../../helpers/strict-eventbridge-mock';

// The strict fake stubs every EventBridgeClient, the handler's module-scope one included.
const eventBridge = strictEventBridgeMock({
  entryOutcome: (entry) =>
    entry.Detail?.includes('"streamId":"bad"') ? 'InternalFailure' : undefined,
});
let handler: typeof Handler;
const saved = { ...process.env };

beforeAll(async () => {
  Object.assign(process.env, {
    EVENT_BUS_NAME: 'orders-bus',
    POWERTOOLS_SERVICE_NAME: 'outbox-publisher',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    // Dev mode writes EMF through the global console, where the test reads it.
    POWERTOOLS_DEV: 'true',
    POWERTOOLS_METRICS_DISABLED: 'false',
  });
  ({ handler } = await import('../../../functions/outbox-publisher/handler'));
});
afterEach(() => vi.restoreAllMocks());
afterAll(() => {
  eventBridge.mock.restore();
  process.env = saved;
});

const streamEvent = (...records: DynamoDBStreamEvent['Records']): DynamoDBStreamEvent => ({
  Records: records,
});

/** Runs the handler and returns its result and the metrics it emitted (EMF). */
async function invoke(event: DynamoDBStreamEvent) {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const metrics: Record<string, unknown> = {};
  try {
    return { result: await handler(event, { functionName: 'outbox' } as Context), metrics };
  } finally {
    for (const [line] of log.mock.calls) {
      const emf =
        typeof line === 'string' && line.includes('"_aws"') ? JSON.parse(line) : undefined;
      if (emf) Object.assign(metrics, emf);
    }
  }
}

describe('Function: outbox-publisher handler', () => {
  it('publishes the batch to EVENT_BUS_NAME and reports the counts as metrics', async () => {
    // Act
    const { result, metrics } = await invoke(
      streamEvent(eventInsertRecord('a', 1), eventInsertRecord('b', 1)),
    );

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(eventBridge.calls.at(-1)?.map((e) => e.EventBusName)).toEqual([
      'orders-bus',
      'orders-bus',
    ]);
    expect(metrics).toMatchObject({
      EventsPublished: 2,
      EventsNotPublished: 0,
      service: 'outbox-publisher',
    });
  });

  it('returns the batch item failure from the first unpublished record', async () => {
    const records = [
      eventInsertRecord('a', 1),
      eventInsertRecord('bad', 1),
      eventInsertRecord('c', 1),
    ];

    const { result, metrics } = await invoke(streamEvent(...records));

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(records[1]) }] });
    expect(metrics).toMatchObject({ EventsPublished: 2, EventsNotPublished: 2 });
  });

  it('fails the invocation for an unpublishable record at the head of the batch, and counts it', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const oversize = eventInsertRecord('big', 1, { sku: 'x'.repeat(1024 * 1024), quantity: 1 });

    await expect(handler(streamEvent(oversize))).rejects.toBeInstanceOf(UnpublishableEventError);

    const emf = log.mock.calls.map(([l]) => String(l)).find((l) => l.includes('"_aws"'));
    expect(JSON.parse(emf ?? '{}')).toMatchObject({ UnpublishableEvents: 1 });
  });
});
