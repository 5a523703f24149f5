import { seededRandom, shuffled } from '../../core/seeded-random';

/**
 * How the local EventBridge orders the events of a replay. AWS: "Events are
 * not necessarily replayed in the same order that they were added to the
 * archive. A replay processes events to replay them in one-minute intervals"
 * — starting from the first minute of the window (EventBridge User Guide,
 * "Replaying events"). By default the local cloud replays in event-time order,
 * which can hide a consumer that depends on order; `shuffle` reorders the
 * events within each one-minute slice, seeded.
 */
export interface ReplayOrderOptions {
  /**
   * Shuffle the events within each one-minute slice of the replay window.
   * @default false - event-time order
   */
  readonly shuffle?: boolean;
  /**
   * Seed of the pseudo-random source.
   * @default 1
   */
  readonly seed?: number;
}

/** An archived event, as far as ordering a replay goes. */
export interface Timed {
  /** Event time, ms since the epoch. */
  readonly eventTime: number;
}

/** Length of one replay slice. */
export const REPLAY_SLICE_MS = 60_000;

/**
 * Puts a replay's events in the order it sends them: one-minute slices from
 * `windowStart`, in slice order; within a slice, event-time order, or a
 * seeded shuffle when `random` is given.
 */
export function replaySequence<T extends Timed>(
  events: readonly T[],
  windowStart: number,
  random?: () => number,
): T[] {
  const byTime = [...events].sort((a, b) => a.eventTime - b.eventTime);
  if (!random) return byTime;
  const slices = new Map<number, T[]>();
  for (const event of byTime) {
    const slice = Math.floor((event.eventTime - windowStart) / REPLAY_SLICE_MS);
    const list = slices.get(slice) ?? [];
    list.push(event);
    slices.set(slice, list);
  }
  return [...slices.keys()]
    .sort((a, b) => a - b)
    .flatMap((slice) => shuffled(slices.get(slice) as T[], random));
}

/** The random source a replay draws from, or undefined for event-time order. */
export function replayRandom(options: ReplayOrderOptions = {}): (() => number) | undefined {
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) {
    throw new RangeError(`replays.seed must be an integer, got ${seed}`);
  }
  return options.shuffle ? seededRandom(seed) : undefined;
}
