import { EventlineError } from '../errors';

/**
 * An SQS message that can never be processed as it is (not JSON, not an
 * EventBridge event, not an event of the catalog, invalid data). It is
 * reported as a batch item failure, so SQS redelivers it until
 * `maxReceiveCount` moves it to the DLQ, where an operator sees it.
 */
export class PoisonMessageError extends EventlineError {
  /** The SQS message id. */
  readonly messageId: string;
  /** The queue the message came from (`eventSourceARN`). */
  readonly sourceQueueArn: string;
  /** Why it cannot be parsed. */
  readonly reason: string;

  constructor(messageId: string, sourceQueueArn: string, reason: string, options?: ErrorOptions) {
    super(`poison message ${messageId} from ${sourceQueueArn}: ${reason}`, options);
    this.name = 'PoisonMessageError';
    this.messageId = messageId;
    this.sourceQueueArn = sourceQueueArn;
    this.reason = reason;
  }
}
