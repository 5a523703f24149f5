import { seededRandom, shuffled } from '../../core/seeded-random';
import { requireNumberInRange } from '../../core/validators';

/**
 * The weaker guarantees of a standard queue that the local cloud can
 * reproduce, seeded, so a test proves its consumer tolerates them. AWS: a
 * standard queue delivers "at least once, and occasionally more than one
 * copy of a message is delivered", and "occasionally messages are delivered
 * in an order different from which they were sent" (SQS Developer Guide,
 * "Amazon SQS standard queues"). Off by default: a queue then delivers each
 * message once, in send order.
 */
export interface SqsDeliveryOptions {
  /**
   * Chance, from 0 to 1, that a receive also leaves a second copy of the
   * message receivable at once: same message id, body and attributes, its
   * own receipt handle. Deleting one copy does not delete the other, as when
   * SQS's copy on an unavailable server comes back.
   * @default 0
   */
  readonly duplicateRate?: number;
  /**
   * Receive the visible messages in a seeded random order instead of send
   * order.
   * @default false
   */
  readonly reorder?: boolean;
  /**
   * Seed of the pseudo-random source; the same seed and the same calls give
   * the same duplicates and orders.
   * @default 1
   */
  readonly seed?: number;
}

/** Decides, from a seeded source, which receives duplicate and in what order messages come. */
export class DeliveryFaults {
  readonly duplicateRate: number;
  readonly reorder: boolean;
  readonly seed: number;
  readonly #random: () => number;

  /** @throws RangeError naming the option, its value and its bounds */
  constructor(options: SqsDeliveryOptions = {}) {
    const rate = requireNumberInRange('sqs.duplicateRate', options.duplicateRate ?? 0, {
      min: 0,
      max: 1,
    });
    const seed = options.seed ?? 1;
    if (!Number.isInteger(seed)) {
      throw new RangeError(`sqs.seed must be an integer, got ${seed}`);
    }
    this.duplicateRate = rate;
    this.reorder = options.reorder ?? false;
    this.seed = seed;
    this.#random = seededRandom(seed);
  }

  /** True when any fault is on. */
  get active(): boolean {
    return this.duplicateRate > 0 || this.reorder;
  }

  /** The order in which a receive considers the queue's messages. */
  order<T>(messages: readonly T[]): readonly T[] {
    if (!this.reorder) return messages;
    const order = shuffled(messages, this.#random);
    if (order.some((m, i) => m !== messages[i])) this.#injected.reordered++;
    return order;
  }

  /** Whether this receive of a message leaves a duplicate copy behind. */
  duplicates(): boolean {
    const duplicate = this.duplicateRate > 0 && this.#random() < this.duplicateRate;
    if (duplicate) this.#injected.duplicated++;
    return duplicate;
  }

  /**
   * How many faults were injected so far (for the simulator's counts):
   * duplicate copies left behind, and receives that considered the
   * messages out of send order.
   */
  get injected(): { readonly duplicated: number; readonly reordered: number } {
    return { ...this.#injected };
  }

  readonly #injected = { duplicated: 0, reordered: 0 };
}
