import { requireIntegerInRange } from '../../../core/validators';
/**
 * Lambda's default quota of concurrent executions per account and Region:
 * 1,000 (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 * A function without reserved concurrency may scale up to it.
 */
export const ACCOUNT_CONCURRENCY_LIMIT = 1_000;

/** Why an invocation was refused, as Lambda's `TooManyRequestsException.Reason` says it. */
export type ThrottleReason =
  | 'ReservedFunctionConcurrentInvocationLimitExceeded'
  | 'ConcurrentInvocationLimitExceeded';

export interface ConcurrencyGateProps {
  /** Invocations admitted at once (running plus waiting); beyond it they are refused. */
  readonly limit: number;
  /** Invocations that run at once; admitted ones beyond it wait, first come first served. */
  readonly slots: number;
}

/**
 * Admission for one function's invocations: up to `slots` run at once, up to
 * `limit` are admitted (the rest of them wait for a slot in arrival order),
 * and any beyond `limit` are refused. AWS runs every admitted invocation at
 * once in its own environment; one machine cannot, so the surplus waits
 * instead of being refused.
 */
export class ConcurrencyGate {
  readonly limit: number;
  readonly slots: number;
  #running = 0;
  readonly #waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  #closedWith: Error | undefined;

  constructor(props: ConcurrencyGateProps) {
    requireIntegerInRange('limit', props.limit, { min: 0 });
    requireIntegerInRange('slots', props.slots, { min: 1 });
    this.limit = props.limit;
    this.slots = Math.min(props.slots, Math.max(props.limit, 1));
  }

  /** Invocations running now. */
  get running(): number {
    return this.#running;
  }

  /** Admitted invocations waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Admits one invocation: resolves once it may run (call {@link leave}
   * when it ends); undefined when the gate is at its limit (refused).
   */
  enter(): Promise<void> | undefined {
    if (this.#closedWith) return Promise.reject(this.#closedWith);
    if (this.#running + this.#waiting.length >= this.limit) return undefined;
    if (this.#running < this.slots) {
      this.#running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  /** Frees the slot of an invocation that ended, handing it to the longest waiting one. */
  leave(): void {
    const next = this.#waiting.shift();
    if (next) next.resolve();
    else this.#running = Math.max(0, this.#running - 1);
  }

  /** Refuses every waiting and future invocation with `error`. */
  close(error: Error): void {
    this.#closedWith = error;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
  }
}
