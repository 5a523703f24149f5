import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { AwsRequestCounter, putEventsEntrySize } from '../../../bench/flow/AwsRequestCounter';
import { expressExecutionUsd, priceFlow } from '../../../bench/flow/cost';
import { callUnits } from '../../../bench/flow/request-units';
import { simulateOutbox } from '../../../bench/flow/simulate-outbox';
import { stateTransitions } from '../../../bench/flow/state-transitions';

/** An item of `bytes` bytes by DynamoDB's rules: names `pk` (2) and `d` (1), `pk` = 'a' (1), `d` the rest. */
const itemOf = (bytes: number) => ({ pk: { S: 'a' }, d: { S: 'x'.repeat(bytes - 4) } });

describe('Function: callUnits', () => {
  it('bills a strongly consistent GetItem of a 5,000-byte item two read units', () => {
    expect(callUnits('GetItem', { ConsistentRead: true }, { Item: itemOf(5000) }, 0)).toEqual({
      read: 2,
      write: 0,
    });
  });

  it('bills an eventually consistent GetItem of a missing item half a unit', () => {
    expect(callUnits('GetItem', {}, {}, 0)).toEqual({ read: 0.5, write: 0 });
  });

  it('bills a consistent Query that returns nothing one unit, though DynamoDB Local reports 0', () => {
    expect(callUnits('Query', { ConsistentRead: true }, { Items: [] }, 0)).toEqual({
      read: 1,
      write: 0,
    });
  });

  it('adds up the returned items of a Query before rounding to 4 KB', () => {
    const items = [itemOf(3000), itemOf(3000)];
    expect(callUnits('Query', { ConsistentRead: true }, { Items: items }, 0).read).toBe(2);
  });

  it('bills a PutItem of 1,025 bytes two write units, refused or not', () => {
    const input = { Item: itemOf(1025) };
    expect(callUnits('PutItem', input, {}, 2).write).toBe(2);
    expect(callUnits('PutItem', input, undefined, 0).write).toBe(2);
  });

  it('bills a transaction twice per item: two small puts and an update are 6 units', () => {
    const input = {
      TransactItems: [
        { Put: { Item: itemOf(100) } },
        { Put: { Item: itemOf(100) } },
        { Update: { Key: { pk: { S: 'a' } } } },
      ],
    };
    expect(callUnits('TransactWriteItems', input, {}, 3).write).toBe(6);
  });

  it('takes twice what DynamoDB Local reported for a transaction when that is more', () => {
    const input = { TransactItems: [{ Update: { Key: { pk: { S: 'a' } } } }] };
    expect(callUnits('TransactWriteItems', input, {}, 3).write).toBe(6);
  });
});

describe('Function: stateTransitions', () => {
  const task = (retries = 0): HistoryEvent['type'][] => [
    'TaskStateEntered',
    ...Array.from(
      { length: retries },
      () => ['TaskScheduled', 'TaskStarted', 'TaskFailed'] as const,
    ).flat(),
    'TaskScheduled',
    'TaskStarted',
    'TaskSucceeded',
    'TaskStateExited',
  ];
  /** A one-line order's happy path, as AWS records it (Task, Map with one iteration, Task, Task, Succeed). */
  const happyPath = (chargeRetries = 0): HistoryEvent[] =>
    [
      'ExecutionStarted',
      ...task(),
      'MapStateEntered',
      'MapStateStarted',
      'MapIterationStarted',
      ...task(),
      'MapIterationSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      ...task(chargeRetries),
      ...task(),
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ].map((type, i) => ({ type, id: i + 1, timestamp: new Date(0) }) as HistoryEvent);

  it('counts each state entered: six for a one-line order', () => {
    expect(stateTransitions(happyPath())).toEqual({ entered: 6, retries: 0, total: 6 });
  });

  it('counts each retry of a task as one more transition', () => {
    expect(stateTransitions(happyPath(2))).toEqual({ entered: 6, retries: 2, total: 8 });
  });
});

describe('Function: putEventsEntrySize', () => {
  it('adds 14 bytes for Time and the UTF-8 bytes of the text fields', () => {
    const entry = {
      Time: new Date(0),
      Source: 'abc',
      DetailType: 'dé',
      Detail: '{"a":1}',
      Resources: ['r1'],
    };
    expect(putEventsEntrySize(entry)).toBe(14 + 3 + 3 + 7 + 2);
  });
});

describe('Function: priceFlow', () => {
  const usage = {
    orders: 2,
    apiRequests: 2,
    lambdaInvocations: 20,
    lambdaGbSeconds: 1,
    dynamoDbReadUnits: 40,
    dynamoDbWriteUnits: 20,
    eventBridgeEvents: 10,
    archivedBytes: 2 * 1024 ** 3,
    sqsRequests: 50,
    stateTransitions: 16,
    sesMessages: 2,
  };

  it('prices each item per million orders at the listed us-east-1 prices, largest first', () => {
    const bill = Object.fromEntries(
      priceFlow(usage).map((l) => [`${l.service} ${l.item}`, l.usdPerMillionOrders]),
    );
    // 8 transitions an order × $0.025 per 1,000 × 1e6 orders
    expect(bill['Step Functions Standard state transitions']).toBeCloseTo(200, 6);
    expect(bill['SES messages']).toBeCloseTo(100, 6);
    expect(bill['DynamoDB write request units']).toBeCloseTo(10 * 0.625, 6);
    expect(bill['DynamoDB read request units']).toBeCloseTo(20 * 0.125, 6);
    expect(bill['Lambda duration (GB-s, Arm)']).toBeCloseTo(0.5 * 0.0000133334 * 1e6, 6);
    expect(bill['SQS requests']).toBeCloseTo(25 * 0.4, 6);
    expect(bill['EventBridge archive (GB processed)']).toBeCloseTo(1 * 0.1 * 1e6, 6);
    expect(priceFlow(usage)[0]?.item).toBe('archive (GB processed)');
  });
});

describe('Function: expressExecutionUsd', () => {
  it('bills one request plus the duration rounded up to 100 ms at 64 MB', () => {
    // 250 ms → 0.3 s; 64 MB = 0.0625 GB
    expect(expressExecutionUsd(250)).toBeCloseTo(1e-6 + 0.3 * 0.0625 * 0.00001667, 15);
  });
});

describe('Function: simulateOutbox', () => {
  it('puts ten records of ten streams that arrive within one poll in one call', () => {
    const arrivals = Array.from({ length: 10 }, (_, i) => ({ at: i, streamId: `s${i}` }));
    expect(simulateOutbox(arrivals, 0)).toEqual({ batches: 1, calls: 1, entriesPerCall: 10 });
  });

  it('makes one call per event of a single stream (one event per stream per call)', () => {
    const arrivals = Array.from({ length: 5 }, () => ({ at: 0, streamId: 'same' }));
    expect(simulateOutbox(arrivals, 0)).toEqual({ batches: 1, calls: 5, entriesPerCall: 1 });
  });

  it('closes a batch one poll after its first record unless the window is longer', () => {
    const arrivals = [
      { at: 0, streamId: 'a' },
      { at: 300, streamId: 'b' },
    ];
    expect(simulateOutbox(arrivals, 0, 250).batches).toBe(2);
    expect(simulateOutbox(arrivals, 500, 250)).toEqual({ batches: 1, calls: 1, entriesPerCall: 2 });
  });
});

describe('Class: AwsRequestCounter', () => {
  const request = (target: string | undefined, body: unknown, path = '/') => ({
    method: 'POST',
    path,
    ...(target ? { target } : {}),
    body: Buffer.from(JSON.stringify(body)),
  });

  it('counts PutEvents calls and entries, 64 KB chunks of an entry billed as events', () => {
    // Prepare
    const counter = new AwsRequestCounter();
    const big = 'x'.repeat(70 * 1024);

    // Act
    counter.onAwsRequest(
      request('AWSEvents.PutEvents', {
        Entries: [
          { Source: 's', DetailType: 'd', Detail: '{}' },
          { Source: 's', Detail: big },
        ],
      }),
    );

    // Assess
    expect(counter.putEventsEntries).toEqual([2]);
    expect(counter.operations.get('EventBridge|PutEvents')).toMatchObject({ calls: 1, units: 3 });
  });

  it('counts SES messages per recipient and leaves DynamoDB to its meter', () => {
    const counter = new AwsRequestCounter();
    counter.onAwsRequest(
      request(
        undefined,
        { Destination: { ToAddresses: ['a@example.com'], BccAddresses: ['b@example.com'] } },
        '/v2/email/outbound-emails',
      ),
    );
    counter.onAwsRequest(request('DynamoDB_20120810.PutItem', {}));
    expect(counter.operations.get('SES|SendEmail')).toMatchObject({ calls: 1, units: 2 });
    expect([...counter.operations.keys()]).toEqual(['SES|SendEmail']);
  });

  it('counts a rule delivery to a queue as an SQS SendMessage, not a Lambda invocation', () => {
    const counter = new AwsRequestCounter();
    counter.onDispatch('arn:aws:sqs:us-east-1:000000000000:q', '{}');
    counter.onDispatch('arn:aws:lambda:us-east-1:000000000000:function:f', '{}');
    expect([...counter.operations.entries()]).toEqual([
      ['SQS|SendMessage (rule target)', { calls: 1, units: 1, bytes: 2 }],
    ]);
  });
});
