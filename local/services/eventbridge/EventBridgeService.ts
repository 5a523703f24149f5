import type { OperationTable } from '../../core/operations';
import { defineOperationsOn } from '../../core/operations';
import type { AwsJsonService, LocalCloudContext } from '../../core/service';
import { TargetDeliveries } from './delivery/TargetDeliveries';
import { EventBridgeState } from './EventBridgeState';
import { archiveOperations } from './operations/archives';
import { busOperations } from './operations/buses';
import { eventOperations, putEvents } from './operations/events';
import { replayOperations } from './operations/replays';
import { ruleOperations } from './operations/rules';
import { targetOperations } from './operations/targets';
import type { PutEventsFaults } from './PutEventsFaults';
import type { ReplayOrderOptions } from './replay-order';
import { replayRandom } from './replay-order';
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

/**
 * The local EventBridge: buses, rules and targets, PutEvents with
 * asynchronous delivery (retry policy, DLQ, input transformation), archives
 * and replays — spoken to over AWS JSON 1.1 with `X-Amz-Target:
 * AWSEvents.<Operation>`.
 */
export class EventBridgeService implements AwsJsonService {
  readonly targetPrefix = 'AWSEvents';
  readonly operations: OperationTable;
  readonly #state: EventBridgeState;
  readonly #deliveries: TargetDeliveries;
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
    const faults = options.putEventsFaults;
    this.operations = defineOperationsOn(this.#state, {
      ...busOperations,
      ...eventOperations,
      // The cloud's PutEvents fault hook decides, per call, to throttle it or fail entries.
      ...(faults
        ? {
            PutEvents: (state: EventBridgeState, input: Record<string, unknown>) =>
              faults.run(input, (i) => putEvents(state, i)),
          }
        : {}),
      ...ruleOperations,
      ...targetOperations,
      ...archiveOperations,
      ...replayOperations((task) => this.#track(task)),
    });
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
