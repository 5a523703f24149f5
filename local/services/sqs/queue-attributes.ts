import {
  COMPUTED_QUEUE_ATTRIBUTES,
  FIFO_QUEUE_ATTRIBUTES,
  SETTABLE_QUEUE_ATTRIBUTES,
  SqsLimits,
} from './constants';
import { SqsErrors } from './errors';

/** Where a queue's failed messages go, and after how many receives. */
export interface RedrivePolicy {
  readonly deadLetterTargetArn: string;
  readonly maxReceiveCount: number;
}

/** Which source queues may use a queue as their dead-letter queue. */
export interface RedriveAllowPolicy {
  readonly redrivePermission: 'allowAll' | 'denyAll' | 'byQueue';
  readonly sourceQueueArns?: readonly string[];
}

const SQS_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}$/;

/**
 * Checks queue attributes as `CreateQueue` / `SetQueueAttributes` do and
 * returns them normalized (policies as AWS returns them). With `set`, an
 * empty `RedrivePolicy` / `RedriveAllowPolicy` removes the policy.
 * @throws AwsServiceError naming the attribute and the value received.
 */
export function normalizeQueueAttributes(
  raw: unknown,
  mode: 'create' | 'set',
): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw SqsErrors.invalidParameterValue('Attributes must be a map of names to string values.');
  const out: Record<string, string> = {};
  for (const [name, rawValue] of Object.entries(raw as Record<string, unknown>)) {
    const value = String(rawValue);
    if (FIFO_QUEUE_ATTRIBUTES.has(name)) {
      // FIFO false is how some tools spell "standard"; anything else asks for FIFO.
      if (name === 'FifoQueue' && value === 'false') continue;
      throw SqsErrors.unsupportedOperation(
        `The local cloud runs standard queues only; ${name}=${value} asks for a FIFO queue.`,
      );
    }
    const spec = SETTABLE_QUEUE_ATTRIBUTES[name];
    if (!spec) {
      throw SqsErrors.invalidAttributeName(
        COMPUTED_QUEUE_ATTRIBUTES.has(name)
          ? `Attribute ${name} is read-only.`
          : `Unknown Attribute ${name}.`,
      );
    }
    if (spec.min !== undefined && spec.max !== undefined) {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < spec.min || n > spec.max) {
        throw SqsErrors.invalidAttributeValue(
          `Invalid value for the parameter ${name}: ${value} (an integer from ${spec.min} to ${spec.max}).`,
        );
      }
      out[name] = String(n);
      continue;
    }
    if (name === 'SqsManagedSseEnabled' && value !== 'true' && value !== 'false') {
      throw SqsErrors.invalidAttributeValue(
        `Invalid value for the parameter SqsManagedSseEnabled: ${value} (true or false).`,
      );
    }
    if (name === 'Policy' && value !== '') parseJsonObject(name, value);
    if (name === 'RedrivePolicy') {
      out[name] = value === '' && mode === 'set' ? '' : JSON.stringify(parseRedrivePolicy(value));
      continue;
    }
    if (name === 'RedriveAllowPolicy') {
      out[name] =
        value === '' && mode === 'set' ? '' : JSON.stringify(parseRedriveAllowPolicy(value));
      continue;
    }
    out[name] = value;
  }
  return out;
}

/** Parses a `RedrivePolicy` attribute (maxReceiveCount may be a number or a numeric string). */
export function parseRedrivePolicy(text: string): RedrivePolicy {
  const policy = parseJsonObject('RedrivePolicy', text);
  const arn = policy.deadLetterTargetArn;
  if (typeof arn !== 'string' || !SQS_ARN.test(arn)) {
    throw SqsErrors.invalidParameter(
      'RedrivePolicy',
      text,
      'Invalid value for deadLetterTargetArn: it must be the ARN of an SQS queue.',
    );
  }
  const count = Number(policy.maxReceiveCount);
  if (
    !['number', 'string'].includes(typeof policy.maxReceiveCount) ||
    !Number.isInteger(count) ||
    count < 1 ||
    count > SqsLimits.maxReceiveCount
  ) {
    throw SqsErrors.invalidParameter(
      'RedrivePolicy',
      text,
      `Invalid value for maxReceiveCount: ${String(policy.maxReceiveCount)}, valid values are from 1 to ${SqsLimits.maxReceiveCount} both inclusive.`,
    );
  }
  const unknown = Object.keys(policy).filter(
    (k) => k !== 'deadLetterTargetArn' && k !== 'maxReceiveCount',
  );
  if (unknown.length > 0)
    throw SqsErrors.invalidParameter('RedrivePolicy', text, `Unknown field ${unknown[0]}.`);
  return { deadLetterTargetArn: arn, maxReceiveCount: count };
}

/** Parses a `RedriveAllowPolicy` attribute. */
export function parseRedriveAllowPolicy(text: string): RedriveAllowPolicy {
  const policy = parseJsonObject('RedriveAllowPolicy', text);
  const permission = policy.redrivePermission;
  if (permission !== 'allowAll' && permission !== 'denyAll' && permission !== 'byQueue') {
    throw SqsErrors.invalidParameter(
      'RedriveAllowPolicy',
      text,
      'redrivePermission must be allowAll, denyAll or byQueue.',
    );
  }
  const sources = policy.sourceQueueArns;
  if (permission !== 'byQueue') {
    if (sources !== undefined)
      throw SqsErrors.invalidParameter(
        'RedriveAllowPolicy',
        text,
        'sourceQueueArns can be given only with redrivePermission byQueue.',
      );
    return { redrivePermission: permission };
  }
  if (
    !Array.isArray(sources) ||
    sources.length < 1 ||
    sources.length > SqsLimits.maxRedriveAllowSources ||
    sources.some((s) => typeof s !== 'string' || !SQS_ARN.test(s))
  ) {
    throw SqsErrors.invalidParameter(
      'RedriveAllowPolicy',
      text,
      `byQueue needs sourceQueueArns: 1 to ${SqsLimits.maxRedriveAllowSources} SQS queue ARNs.`,
    );
  }
  return { redrivePermission: permission, sourceQueueArns: sources as string[] };
}

/** Whether a dead-letter queue's allow policy lets `sourceArn` use it. */
export function redriveAllowed(policy: RedriveAllowPolicy | undefined, sourceArn: string): boolean {
  if (!policy || policy.redrivePermission === 'allowAll') return true;
  if (policy.redrivePermission === 'denyAll') return false;
  return policy.sourceQueueArns?.includes(sourceArn) ?? false;
}

function parseJsonObject(attribute: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw SqsErrors.invalidParameter(attribute, text, 'It is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw SqsErrors.invalidParameter(attribute, text, 'It must be a JSON object.');
  return parsed as Record<string, unknown>;
}
