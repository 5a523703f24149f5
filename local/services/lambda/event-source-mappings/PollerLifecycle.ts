import type { Clock } from '../../../core/clock';
import type { CloudLogger } from '../../../core/service';
import { InterruptiblePause } from './InterruptiblePause';
import type { EventSourcePoller } from './types';

/**
 * The lifecycle every event source mapping's poller shares: a background
 * loop started once, stopped without waiting out a pause, its crash logged
 * (not thrown into the cloud), and `idle()` waiters told when the poller has
 * nothing in flight. A poller adds its {@link poll} loop and says when it is
 * {@link busy}.
 */
export abstract class PollerLifecycle implements EventSourcePoller {
  /** The loop's pauses, on the cloud's clock; also the poller's work-in-flight mark. */
  protected readonly pauses: InterruptiblePause;
  readonly #logger: CloudLogger;
  readonly #crashed: { readonly message: string; readonly fields: Record<string, unknown> };
  readonly #idleWaiters: (() => void)[] = [];
  #running = false;
  #loop: Promise<void> | undefined;

  /**
   * @param label names the poller's work on the clock (`SQS poller of <arn>`)
   * @param crashed what is logged if the loop throws (`SQS poller stopped`, `{ queueArn }`)
   */
  constructor(
    clock: Clock,
    logger: CloudLogger,
    label: string,
    crashed: { readonly message: string; readonly fields: Record<string, unknown> },
  ) {
    this.pauses = new InterruptiblePause(clock, label);
    this.#logger = logger;
    this.#crashed = crashed;
  }

  /** Whether the loop should go on (false once stopped). */
  protected get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.pauses.reset();
    this.#loop = this.poll().catch((error: unknown) => {
      this.#logger.error(this.#crashed.message, {
        ...this.#crashed.fields,
        error: error instanceof Error ? error.message : String(error),
      });
    });
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.pauses.stop();
    await this.#loop;
    await this.drain();
  }

  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** The polling loop; runs while {@link running}. */
  protected abstract poll(): Promise<void>;

  /** Whether anything is in flight (a poll, a batch being invoked). */
  protected abstract get busy(): boolean;

  /** Waits for work the loop left running when it stopped. @default nothing */
  protected async drain(): Promise<void> {}

  /** Tells the `idle()` waiters, once the poller is not busy. */
  protected notifyIdle(): void {
    if (this.busy) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}
