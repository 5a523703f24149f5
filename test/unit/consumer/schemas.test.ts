import { parse } from '@aws-lambda-powertools/parser';
import { EventBridgeSchema as PowertoolsEventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { SqsRecordSchema as PowertoolsSqsRecordSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  EventBridgeInSqsRecordSchema,
  EventBridgeSchema,
  SqsRecordSchema,
} from '../../../shared/consumer/schemas';
import * as z from '../../../shared/zod';

// A record as Lambda's SQS event source mapping delivers it (AWS Lambda
// Developer Guide, "Using Lambda with Amazon SQS", example standard queue
// message event), with an EventBridge event as its body, as a rule targeting
// a queue sends it (EventBridge User Guide, "Amazon EventBridge events").
const eventBridgeEvent = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'StockAdded',
  source: 'eventline.inventory',
  account: '111122223333',
  time: '2026-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    metadata: {
      eventId: 'c1a9a3b4-2a6f-4c1e-9d8a-0f4b5e6d7c8b',
      schemaVersion: 1,
      streamId: 'inventory-SKU-1',
      version: 1,
      occurredAt: '2026-01-01T00:00:00.000Z',
      correlationId: 'corr-1',
      causationId: 'cmd-1',
    },
    data: { sku: 'SKU-1', quantity: 5 },
  },
};

const sqsRecord: SQSRecord = {
  messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
  receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
  body: JSON.stringify(eventBridgeEvent),
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '1545082649183',
    SenderId: 'AIDAIENQZJOLO23YVJ4VO',
    ApproximateFirstReceiveTimestamp: '1545082649185',
  },
  messageAttributes: {
    trace: { stringValue: 'abc', dataType: 'String', stringListValues: [], binaryListValues: [] },
  },
  md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:my-queue',
  awsRegion: 'us-east-1',
};

/** `value` with the field at `path` replaced (`undefined` removes it). */
function edited(value: object, path: string[], replacement: unknown): Record<string, unknown> {
  const copy = structuredClone(value) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path.at(-1) as string;
  if (replacement === undefined) delete node[last];
  else node[last] = replacement;
  return copy;
}

// Each variant: a path and a replacement, some accepted, most refused.
const sqsVariants: [string[], unknown][] = [
  [['messageId'], undefined],
  [['messageId'], 42],
  [['body'], { not: 'a string' }],
  [['attributes', 'ApproximateReceiveCount'], undefined],
  [['attributes', 'SenderId'], 1],
  [['attributes', 'MessageGroupId'], 'group-1'],
  [['attributes', 'MessageGroupId'], 7],
  [['attributes', 'AWSTraceHeader'], 'Root=1-abc'],
  [['attributes', 'DeadLetterQueueSourceArn'], null],
  [['messageAttributes'], undefined],
  [['messageAttributes'], []],
  [['messageAttributes', 'trace', 'dataType'], 'Number'],
  [['messageAttributes', 'trace', 'dataType'], 'Custom.Type'],
  [['messageAttributes', 'trace', 'dataType'], undefined],
  [['messageAttributes', 'trace', 'stringValue'], null],
  [['messageAttributes', 'trace', 'binaryValue'], 'AAEC'],
  [
    ['messageAttributes', 'trace', 'stringListValues'],
    ['a', 1],
  ],
  [['md5OfBody'], undefined],
  [['md5OfMessageAttributes'], null],
  [['md5OfMessageAttributes'], 'abc'],
  [['md5OfMessageAttributes'], 3],
  [['eventSource'], 'aws:sns'],
  [['eventSourceARN'], undefined],
  [['awsRegion'], ['us-east-1']],
];

const eventBridgeVariants: [string[], unknown][] = [
  [['version'], undefined],
  [['id'], 1],
  [['source'], null],
  [['account'], undefined],
  [['time'], 'yesterday'],
  [['time'], '2026-01-01T00:00:00.123Z'],
  [['time'], '2026-01-01T00:00:00+02:00'],
  [['region'], undefined],
  [['resources'], ['arn:aws:s3:::b']],
  [['resources'], 'arn:aws:s3:::b'],
  [['resources'], [1]],
  [['detail-type'], undefined],
  [['detail'], undefined],
  [['detail'], 'anything'],
  [['replay-name'], 'replay-1'],
  [['replay-name'], 1],
];

describe('Schemas: the consumer envelope, against Powertools parser', () => {
  it.each(sqsVariants)(
    'SqsRecordSchema accepts what Powertools accepts (%j = %j)',
    (path, replacement) => {
      // Prepare
      const record = edited(sqsRecord, path, replacement);

      // Act
      const ours = z.safeParse(SqsRecordSchema, record);
      const theirs = PowertoolsSqsRecordSchema.safeParse(record);

      // Assess
      expect(ours.success).toBe(theirs.success);
      if (ours.success && theirs.success) expect(ours.data).toEqual(theirs.data);
    },
  );

  it.each(eventBridgeVariants)(
    'EventBridgeSchema accepts what Powertools accepts (%j = %j)',
    (path, replacement) => {
      // Prepare
      const event = edited(eventBridgeEvent, path, replacement);

      // Act
      const ours = z.safeParse(EventBridgeSchema, event);
      const theirs = PowertoolsEventBridgeSchema.safeParse(event);

      // Assess
      expect(ours.success).toBe(theirs.success);
      if (ours.success && theirs.success) expect(ours.data).toEqual(theirs.data);
    },
  );

  it('accepts the unedited record and event, as Powertools does', () => {
    expect(PowertoolsSqsRecordSchema.safeParse(sqsRecord).success).toBe(true);
    expect(z.safeParse(SqsRecordSchema, sqsRecord).success).toBe(true);
    expect(PowertoolsEventBridgeSchema.safeParse(eventBridgeEvent).success).toBe(true);
    expect(z.safeParse(EventBridgeSchema, eventBridgeEvent).success).toBe(true);
  });
});

describe('Schema: EventBridgeInSqsRecordSchema', () => {
  it('parses, through Powertools parse (Standard Schema), a record into the typed event', () => {
    // Act
    const result = parse(sqsRecord, undefined, EventBridgeInSqsRecordSchema, true);

    // Assess
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.body).toEqual({
      type: 'StockAdded',
      source: 'eventline.inventory',
      metadata: eventBridgeEvent.detail.metadata,
      data: { sku: 'SKU-1', quantity: 5 },
    });
  });

  it('fails naming JSON.parse complaint when the body is not JSON', () => {
    // Act
    const result = parse(
      { ...sqsRecord, body: '{"version":' },
      undefined,
      EventBridgeInSqsRecordSchema,
      true,
    );

    // Assess
    expect(result.success).toBe(false);
    if (result.success) return;
    const issues = result.error.cause as { path: PropertyKey[]; message: string }[];
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toEqual(['body']);
    expect(issues[0]?.message).toMatch(/^Invalid JSON - /);
  });

  it('fails naming the field when the event data breaks the catalog schema', () => {
    // Prepare
    const body = JSON.stringify(edited(eventBridgeEvent, ['detail', 'data', 'quantity'], 0));

    // Act
    const result = parse({ ...sqsRecord, body }, undefined, EventBridgeInSqsRecordSchema, true);

    // Assess
    expect(result.success).toBe(false);
    if (result.success) return;
    const issues = result.error.cause as { path: PropertyKey[]; message: string }[];
    expect(issues.map((i) => i.message)).toEqual([
      'detail.data.quantity: Too small: expected number to be >0',
    ]);
  });

  it('keeps the replay-name of a replayed event as metadata.replay', () => {
    // Prepare
    const body = JSON.stringify({ ...eventBridgeEvent, 'replay-name': 'rebuild-1' });

    // Act
    const result = parse({ ...sqsRecord, body }, undefined, EventBridgeInSqsRecordSchema, true);

    // Assess
    expect(result.success && result.data.body.metadata.replay).toEqual({ replayName: 'rebuild-1' });
  });
});
