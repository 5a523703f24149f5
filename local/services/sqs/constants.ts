/** SQS limits the local service enforces, as AWS documents them. */
export const SqsLimits = {
  /** Largest message (body + attribute names, types and values), and the default `MaximumMessageSize`. */
  maxMessageBytes: 1_048_576,
  minMessageBytes: 1_024,
  /** Sum of all messages in one `SendMessageBatch`. */
  maxBatchBytes: 1_048_576,
  maxBatchEntries: 10,
  maxMessageAttributes: 10,
  maxAttributeNameLength: 256,
  maxAttributeTypeLength: 256,
  maxReceiveMessages: 10,
  maxWaitTimeSeconds: 20,
  maxDelaySeconds: 900,
  /** Also the most a message can stay invisible after it was received. */
  maxVisibilityTimeoutSeconds: 43_200,
  /** In-flight messages of a standard queue before `OverLimit`. */
  maxInFlightMessages: 120_000,
  maxReceiveCount: 1_000,
  maxRedriveAllowSources: 10,
  maxQueueNameLength: 80,
  maxListQueues: 1_000,
  maxMoveTaskResults: 10,
  maxMoveRatePerSecond: 500,
  /** One purge per queue per this window; the same wait before a deleted queue's name is free. */
  purgeWindowMs: 60_000,
  queueNameReuseMs: 60_000,
} as const;

/** The integer ranges of SQS's request parameters, from the limits above. */
export const SqsRanges = {
  maxNumberOfMessages: { min: 1, max: SqsLimits.maxReceiveMessages },
  waitTimeSeconds: { min: 0, max: SqsLimits.maxWaitTimeSeconds },
  visibilityTimeout: { min: 0, max: SqsLimits.maxVisibilityTimeoutSeconds },
  delaySeconds: { min: 0, max: SqsLimits.maxDelaySeconds },
  moveRatePerSecond: { min: 1, max: SqsLimits.maxMoveRatePerSecond },
  moveTaskResults: { min: 1, max: SqsLimits.maxMoveTaskResults },
} as const;

/** Queue attributes that can be set, with AWS's defaults and integer ranges. */
export const SETTABLE_QUEUE_ATTRIBUTES: Readonly<
  Record<string, { readonly default?: string; readonly min?: number; readonly max?: number }>
> = {
  DelaySeconds: { default: '0', min: 0, max: SqsLimits.maxDelaySeconds },
  MaximumMessageSize: {
    default: String(SqsLimits.maxMessageBytes),
    min: SqsLimits.minMessageBytes,
    max: SqsLimits.maxMessageBytes,
  },
  MessageRetentionPeriod: { default: '345600', min: 60, max: 1_209_600 },
  ReceiveMessageWaitTimeSeconds: { default: '0', min: 0, max: SqsLimits.maxWaitTimeSeconds },
  VisibilityTimeout: { default: '30', min: 0, max: SqsLimits.maxVisibilityTimeoutSeconds },
  // New queues are encrypted with SQS-owned keys unless told otherwise, as in AWS.
  SqsManagedSseEnabled: { default: 'true' },
  RedrivePolicy: {},
  RedriveAllowPolicy: {},
  KmsMasterKeyId: {},
  KmsDataKeyReusePeriodSeconds: { min: 60, max: 86_400 },
  Policy: {},
};

/** FIFO-only attributes: the local service runs standard queues only. */
export const FIFO_QUEUE_ATTRIBUTES = new Set([
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
]);

/** Attributes GetQueueAttributes computes. */
export const COMPUTED_QUEUE_ATTRIBUTES = new Set([
  'QueueArn',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
]);

/** Message system attributes ReceiveMessage can return. */
export const MESSAGE_SYSTEM_ATTRIBUTES = new Set([
  'All',
  'AWSTraceHeader',
  'ApproximateFirstReceiveTimestamp',
  'ApproximateReceiveCount',
  'DeadLetterQueueSourceArn',
  'MessageDeduplicationId',
  'MessageGroupId',
  'SenderId',
  'SentTimestamp',
  'SequenceNumber',
]);

/** The characters a message body or string attribute may hold (XML 1.0 `Char`). */
export const INVALID_MESSAGE_CHARACTER =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters SQS refuses
  /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

export const ALLOWED_CHARACTERS_TEXT =
  '#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF';
