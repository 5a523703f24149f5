import { randomBytes } from 'node:crypto';

/** What a receipt handle names: one receive of one message in one queue. */
export interface ReceiptHandleParts {
  readonly queueArn: string;
  readonly messageId: string;
}

const PREFIX = 'elq1';

/** An opaque handle, different for every receive of a message (as in SQS). */
export function makeReceiptHandle(queueArn: string, messageId: string): string {
  const nonce = randomBytes(12).toString('base64url');
  return `${PREFIX}.${Buffer.from(`${queueArn}\n${messageId}\n${nonce}`).toString('base64url')}`;
}

/** The queue and message a handle names; undefined when it is not a handle at all. */
export function parseReceiptHandle(handle: string): ReceiptHandleParts | undefined {
  if (!handle.startsWith(`${PREFIX}.`)) return undefined;
  const parts = Buffer.from(handle.slice(PREFIX.length + 1), 'base64url')
    .toString('utf8')
    .split('\n');
  const [queueArn, messageId, nonce] = parts;
  if (parts.length !== 3 || !queueArn?.startsWith('arn:') || !messageId || !nonce) return undefined;
  return { queueArn, messageId };
}
