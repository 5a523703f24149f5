import { ManualClock } from '../../../../local/core/clock';
import { AwsServiceError } from '../../../../local/core/errors';
import { runOperation } from '../../../../local/core/operations';
import type {
  CloudLogger,
  DeliveryOptions,
  DeliveryResult,
  LocalCloudContext,
  TargetDispatcher,
} from '../../../../local/core/service';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../../../../local/core/service';
import type {
  EventBridgeService,
  EventBridgeServiceOptions,
} from '../../../../local/services/eventbridge';
import { createEventBridgeService } from '../../../../local/services/eventbridge';

export const QUEUE_ARN = `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:orders`;
export const OTHER_QUEUE_ARN = `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:audit`;
export const DLQ_ARN = `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:orders-dlq`;

export interface Delivery {
  readonly arn: string;
  readonly payload: string;
  readonly options?: DeliveryOptions;
  readonly at: number;
}

/**
 * A dispatcher that records deliveries and, like the real one, refuses ARNs
 * it does not know (`QueueDoesNotExist`). `failNext(arn, n)` makes the next
 * `n` deliveries to `arn` fail with a retriable 503.
 */
export class RecordingDispatcher implements TargetDispatcher {
  readonly deliveries: Delivery[] = [];
  readonly #known: Set<string>;
  readonly #failures = new Map<string, { left: number; error: AwsServiceError }>();
  readonly #clock: ManualClock;

  constructor(
    clock: ManualClock,
    known: readonly string[] = [QUEUE_ARN, OTHER_QUEUE_ARN, DLQ_ARN],
  ) {
    this.#clock = clock;
    this.#known = new Set(known);
  }

  failNext(
    arn: string,
    times: number,
    error = new AwsServiceError('ServiceUnavailable', 'the target is unavailable', 503),
  ): void {
    this.#failures.set(arn, { left: times, error });
  }

  to(arn: string): Delivery[] {
    return this.deliveries.filter((d) => d.arn === arn);
  }

  async deliver(arn: string, payload: string, options?: DeliveryOptions): Promise<DeliveryResult> {
    if (!this.#known.has(arn)) {
      throw new AwsServiceError('QueueDoesNotExist', `The specified queue does not exist: ${arn}`);
    }
    const failure = this.#failures.get(arn);
    if (failure && failure.left > 0) {
      failure.left--;
      throw failure.error;
    }
    this.deliveries.push({ arn, payload, ...(options ? { options } : {}), at: this.#clock.now() });
    return {};
  }
}

export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
}

export function recordingLogger(): CloudLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
  };
}

export interface Harness {
  readonly clock: ManualClock;
  readonly dispatcher: RecordingDispatcher;
  readonly logger: ReturnType<typeof recordingLogger>;
  readonly service: EventBridgeService;
  call<T = Record<string, unknown>>(operation: string, input: Record<string, unknown>): Promise<T>;
}

/** The service on a ManualClock with a recording dispatcher; jitter fixed at its maximum. */
export function harness(options: Partial<EventBridgeServiceOptions> = {}): Harness {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12, 0, 0));
  const dispatcher = new RecordingDispatcher(clock);
  const logger = recordingLogger();
  const context: LocalCloudContext = {
    clock,
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    logger,
    dispatcher,
    endpointUrl: () => 'http://127.0.0.1:0',
  };
  const service = createEventBridgeService(context, { random: () => 1, ...options });
  return {
    clock,
    dispatcher,
    logger,
    service,
    call: async <T>(operation: string, input: Record<string, unknown>) =>
      (await runOperation(service, operation, input)) as T,
  };
}

/** A PutEvents entry of the order context. */
export function orderEntry(
  detailType: string,
  detail: Record<string, unknown> = { orderId: 'o-1' },
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    Source: 'eventline.orders',
    DetailType: detailType,
    Detail: JSON.stringify(detail),
    ...extra,
  };
}

/** Asserts a call fails with an AWS error code, returning the error. */
export async function awsError(promise: Promise<unknown>): Promise<AwsServiceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AwsServiceError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
