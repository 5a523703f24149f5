import { describe, expect, it } from 'vitest';
import {
  normalizeQueueAttributes,
  parseRedriveAllowPolicy,
  parseRedrivePolicy,
  redriveAllowed,
} from '../../../../local/services/sqs/queue-attributes';

const DLQ = 'arn:aws:sqs:us-east-1:000000000000:dlq';
const SOURCE = 'arn:aws:sqs:us-east-1:000000000000:source';

describe('Function: normalizeQueueAttributes', () => {
  it.each([
    ['VisibilityTimeout', '43201'],
    ['VisibilityTimeout', '-1'],
    ['VisibilityTimeout', '1.5'],
    ['MessageRetentionPeriod', '59'],
    ['MessageRetentionPeriod', '1209601'],
    ['DelaySeconds', '901'],
    ['ReceiveMessageWaitTimeSeconds', '21'],
    ['MaximumMessageSize', '1023'],
    ['MaximumMessageSize', '1048577'],
    ['SqsManagedSseEnabled', 'yes'],
  ])('throws InvalidAttributeValue naming %s=%s', (name, value) => {
    expect(() => normalizeQueueAttributes({ [name]: value }, 'create')).toThrow(
      expect.objectContaining({
        code: 'InvalidAttributeValue',
        message: expect.stringContaining(`${name}: ${value}`),
      }),
    );
  });

  it.each([
    ['VisibilityTimeout', '0'],
    ['VisibilityTimeout', '43200'],
    ['MessageRetentionPeriod', '60'],
    ['MessageRetentionPeriod', '1209600'],
    ['DelaySeconds', '900'],
    ['ReceiveMessageWaitTimeSeconds', '20'],
    ['MaximumMessageSize', '1024'],
    ['MaximumMessageSize', '1048576'],
  ])('accepts the bound %s=%s', (name, value) => {
    expect(normalizeQueueAttributes({ [name]: value }, 'create')).toEqual({ [name]: value });
  });

  it('throws InvalidAttributeName for an unknown or read-only attribute', () => {
    expect(() => normalizeQueueAttributes({ Colour: 'blue' }, 'create')).toThrow(
      expect.objectContaining({
        code: 'InvalidAttributeName',
        message: 'Unknown Attribute Colour.',
      }),
    );
    expect(() => normalizeQueueAttributes({ QueueArn: DLQ }, 'set')).toThrow(
      expect.objectContaining({ code: 'InvalidAttributeName' }),
    );
  });

  it('throws UnsupportedOperation for FIFO attributes, and accepts FifoQueue=false', () => {
    expect(() => normalizeQueueAttributes({ FifoQueue: 'true' }, 'create')).toThrow(
      expect.objectContaining({
        code: 'UnsupportedOperation',
        queryCode: 'AWS.SimpleQueueService.UnsupportedOperation',
      }),
    );
    expect(() => normalizeQueueAttributes({ ContentBasedDeduplication: 'true' }, 'create')).toThrow(
      expect.objectContaining({ code: 'UnsupportedOperation' }),
    );
    expect(normalizeQueueAttributes({ FifoQueue: 'false' }, 'create')).toEqual({});
  });

  it('normalizes a redrive policy to the JSON AWS returns, with a numeric count', () => {
    const out = normalizeQueueAttributes(
      { RedrivePolicy: JSON.stringify({ maxReceiveCount: '5', deadLetterTargetArn: DLQ }) },
      'create',
    );

    expect(JSON.parse(out.RedrivePolicy as string)).toEqual({
      deadLetterTargetArn: DLQ,
      maxReceiveCount: 5,
    });
  });

  it('keeps an empty policy when setting (it removes the policy), and refuses it when creating', () => {
    expect(normalizeQueueAttributes({ RedrivePolicy: '' }, 'set')).toEqual({ RedrivePolicy: '' });
    expect(() => normalizeQueueAttributes({ RedrivePolicy: '' }, 'create')).toThrow(
      expect.objectContaining({ code: 'InvalidParameterValue' }),
    );
  });
});

describe('Function: parseRedrivePolicy', () => {
  it.each([0, 1001, 2.5, 'many'])('throws when maxReceiveCount is %s', (count) => {
    expect(() =>
      parseRedrivePolicy(JSON.stringify({ deadLetterTargetArn: DLQ, maxReceiveCount: count })),
    ).toThrow(
      expect.objectContaining({
        code: 'InvalidParameterValue',
        message: expect.stringContaining('valid values are from 1 to 1000'),
      }),
    );
  });

  it('throws when the target is not an SQS queue ARN, the text is not JSON, or a field is unknown', () => {
    expect(() =>
      parseRedrivePolicy(JSON.stringify({ deadLetterTargetArn: 'dlq', maxReceiveCount: 1 })),
    ).toThrow(/deadLetterTargetArn/);
    expect(() => parseRedrivePolicy('{nope')).toThrow(/not valid JSON/);
    expect(() =>
      parseRedrivePolicy(
        JSON.stringify({ deadLetterTargetArn: DLQ, maxReceiveCount: 1, extra: true }),
      ),
    ).toThrow(/Unknown field extra/);
  });

  it('accepts the bounds 1 and 1000', () => {
    expect(
      parseRedrivePolicy(JSON.stringify({ deadLetterTargetArn: DLQ, maxReceiveCount: 1 }))
        .maxReceiveCount,
    ).toBe(1);
    expect(
      parseRedrivePolicy(JSON.stringify({ deadLetterTargetArn: DLQ, maxReceiveCount: 1000 }))
        .maxReceiveCount,
    ).toBe(1000);
  });
});

describe('Function: parseRedriveAllowPolicy', () => {
  it('throws for an unknown permission, byQueue without sources or with more than 10, and sources without byQueue', () => {
    const sources = (n: number) => Array.from({ length: n }, (_, i) => `${SOURCE}${i}`);
    expect(() => parseRedriveAllowPolicy(JSON.stringify({ redrivePermission: 'some' }))).toThrow(
      /redrivePermission/,
    );
    expect(() => parseRedriveAllowPolicy(JSON.stringify({ redrivePermission: 'byQueue' }))).toThrow(
      /sourceQueueArns/,
    );
    expect(() =>
      parseRedriveAllowPolicy(
        JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: sources(11) }),
      ),
    ).toThrow(/1 to 10/);
    expect(() =>
      parseRedriveAllowPolicy(
        JSON.stringify({ redrivePermission: 'allowAll', sourceQueueArns: [SOURCE] }),
      ),
    ).toThrow(/only with redrivePermission byQueue/);
  });
});

describe('Function: redriveAllowed', () => {
  it('allows every source without a policy or with allowAll, none with denyAll, and the listed ones with byQueue', () => {
    expect(redriveAllowed(undefined, SOURCE)).toBe(true);
    expect(redriveAllowed({ redrivePermission: 'allowAll' }, SOURCE)).toBe(true);
    expect(redriveAllowed({ redrivePermission: 'denyAll' }, SOURCE)).toBe(false);
    const byQueue = parseRedriveAllowPolicy(
      JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [SOURCE] }),
    );
    expect(redriveAllowed(byQueue, SOURCE)).toBe(true);
    expect(redriveAllowed(byQueue, `${SOURCE}-other`)).toBe(false);
  });
});
