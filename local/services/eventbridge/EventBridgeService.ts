import { AwsServiceError } from '../../core/errors';
import type { AwsJsonService, LocalCloudContext } from '../../core/service';
import { TargetDeliveries } from './delivery/TargetDeliveries';
import { EventBridgeState } from './EventBridgeState';
import {
  createArchive,
  deleteArchive,
  describeArchive,
  listArchives,
  updateArchive,
} from './operations/archives';
import {
  createEventBus,
  deleteEventBus,
  describeEventBus,
  listEventBuses,
} from './operations/buses';
import { putEvents } from './operations/events';
import { cancelReplay, describeReplay, listReplays, startReplay } from './operations/replays';
import {
  deleteRule,
  describeRule,
  disableRule,
  enableRule,
  listRules,
  putRule,
  testEventPattern,
} from './operations/rules';
import { listTargetsByRule, putTargets, removeTargets } from './operations/targets';
import type { PutEventsFaults } from './PutEventsFaults';
import type { ReplayOrderOptions } from './replay-order';
import { replayRandom } from './replay-order';
import type { Input } from './request';
import type { BusActivityListener, DeliveryListener, PatternCompiler } from './types';

export interface EventBridgeServiceOptions {
  /** Compiles event patterns (the pattern module's `compileEventPattern`). */
  readonly compilePattern: PatternCompiler;
  /** Jitter source of the retry back-off; tests may fix it. */
  readonly random?: () => number;
  /** Order of replayed events. @default event-time order */
  readonly replays?: ReplayOrderOptions;
  /** Fault injection into `PutEvents` (the cloud's `faults.putEvents`). @default - none */
  readonly putEventsFaults?: PutEventsFaults;
}

type Operation = (state: EventBridgeState, input: Input) => unknown;

/**
 * The local EventBridge: buses, rules and targets, PutEvents with
 * asynchronous delivery (retry policy, DLQ, input transformation), archives
 * and replays — spoken to over AWS JSON 1.1 with `X-Amz-Target:
 * AWSEvents.<Operation>`.
 */
export class EventBridgeService implements AwsJsonService {
  readonly targetPrefix = 'AWSEvents';
  readonly operations: ReadonlySet<string>;
  readonly #state: EventBridgeState;
  readonly #deliveries: TargetDeliveries;
  readonly #handlers: ReadonlyMap<string, Operation>;
  readonly #replayTasks = new Set<Promise<void>>();
  readonly #clock: LocalCloudContext['clock'];

  constructor(context: LocalCloudContext, options: EventBridgeServiceOptions) {
    this.#clock = context.clock;
    this.#deliveries = new TargetDeliveries({
      clock: context.clock,
      logger: context.logger,
      dispatcher: context.dispatcher,
      ...(options.random ? { random: options.random } : {}),
    });
    this.#state = new EventBridgeState({
      clock: context.clock,
      logger: context.logger,
      region: context.region,
      accountId: context.accountId,
      compilePattern: options.compilePattern,
      deliveries: this.#deliveries,
      replayRandom: replayRandom(options.replays),
    });
    this.#handlers = new Map<string, Operation>([
      ['CreateEventBus', createEventBus],
      ['DeleteEventBus', deleteEventBus],
      ['DescribeEventBus', describeEventBus],
      ['ListEventBuses', listEventBuses],
      [
        'PutEvents',
        (state, input) =>
          options.putEventsFaults
            ? options.putEventsFaults.run(input, (i) => putEvents(state, i))
            : putEvents(state, input),
      ],
      ['PutRule', putRule],
      ['DeleteRule', deleteRule],
      ['DescribeRule', describeRule],
      ['ListRules', listRules],
      ['EnableRule', enableRule],
      ['DisableRule', disableRule],
      ['TestEventPattern', testEventPattern],
      ['PutTargets', putTargets],
      ['RemoveTargets', removeTargets],
      ['ListTargetsByRule', listTargetsByRule],
      ['CreateArchive', createArchive],
      ['DescribeArchive', describeArchive],
      ['ListArchives', listArchives],
      ['UpdateArchive', updateArchive],
      ['DeleteArchive', deleteArchive],
      ['StartReplay', (state, input) => startReplay(state, input, (task) => this.#track(task))],
      ['DescribeReplay', describeReplay],
      ['ListReplays', listReplays],
      ['CancelReplay', cancelReplay],
    ]);
    this.operations = new Set(this.#handlers.keys());
  }

  async handle(operation: string, input: Record<string, unknown>): Promise<unknown> {
    const handler = this.#handlers.get(operation);
    if (!handler) {
      throw new AwsServiceError(
        'UnknownOperationException',
        `The local EventBridge does not implement ${operation}.`,
      );
    }
    return handler(this.#state, input);
  }

  /**
   * Calls `listener` for every event a bus accepts (replays included), with
   * the rules it matched and the archives that kept it; returns a function
   * that stops the calls. For `npm start`'s one line per event.
   */
  onEvent(listener: BusActivityListener): () => void {
    this.#state.listeners.add(listener);
    return () => {
      this.#state.listeners.delete(listener);
    };
  }

  /**
   * Calls `listener` each time an event reached a rule's target; returns a
   * function that stops the calls. For `npm start`'s one line per delivery.
   */
  onDelivery(listener: DeliveryListener): () => void {
    this.#deliveries.listeners.add(listener);
    return () => {
      this.#deliveries.listeners.delete(listener);
    };
  }

  /**
   * Resolves when no replay is running and no delivery is queued or in
   * flight. Retries waiting on the clock do not count: advance the clock,
   * then await `idle()` again.
   */
  async idle(): Promise<void> {
    for (;;) {
      if (this.#replayTasks.size > 0) {
        await Promise.all(this.#replayTasks);
        continue;
      }
      await this.#deliveries.idle();
      if (this.#replayTasks.size === 0) return;
    }
  }

  /** Deliveries waiting on the clock for a retry. */
  get retriesWaiting(): number {
    return this.#deliveries.retriesWaiting;
  }

  async close(): Promise<void> {
    this.#deliveries.close();
    await Promise.allSettled(this.#replayTasks);
  }

  #track(task: Promise<void>): void {
    // A running replay is work in flight for the cloud's quiescence check (Clock.idle).
    const tracked: Promise<void> = this.#clock
      .trackWork('EventBridge replay', task)
      .catch((error: unknown) => {
        this.#state.logger.error('events: a replay crashed', { error: String(error) });
      })
      .finally(() => {
        this.#replayTasks.delete(tracked);
      });
    this.#replayTasks.add(tracked);
  }
}
