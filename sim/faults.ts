import type { Prng } from './prng';

/** The fault kinds the simulator injects, by the name `--faults` takes. */
export const FAULT_KINDS = [
  'duplicate',
  'reorder',
  'crash-after',
  'fail-before',
  'poison',
  'replay',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Parses `--faults a,b` (or `all`, or `none`), naming an unknown kind. */
export function parseFaultKinds(list: string): FaultKind[] {
  if (list === 'all') return [...FAULT_KINDS];
  if (list === 'none' || list === '') return [];
  return list.split(',').map((raw) => {
    const kind = raw.trim();
    if (!(FAULT_KINDS as readonly string[]).includes(kind))
      throw new RangeError(`--faults: unknown fault '${kind}'; known: ${FAULT_KINDS.join(', ')}`);
    return kind as FaultKind;
  });
}

/** The functions a Lambda fault may hit, by the part of their physical name they share. */
export const FAULTABLE_FUNCTIONS = [
  'Outbox',
  'Projector',
  'Notifier',
  'OrderSagaStarter',
  'OrderSagaSteps',
  'Cancellation',
] as const;

/** The faults of one run, drawn from its seed before it starts. */
export interface FaultPlan {
  /** SQS: chance that a receive leaves a duplicate copy (0 when off). */
  readonly duplicateRate: number;
  readonly reorder: boolean;
  /** Per invocation of a faultable function: chance of a fault after / before its handler. */
  readonly crashAfterRate: number;
  readonly failBeforeRate: number;
  /** At most this many Lambda faults of each kind per run, so retries always win in the end. */
  readonly maxLambdaFaultsPerKind: number;
  /** Index of the workload step after which a poison message goes to a consumer queue. */
  readonly poison?: { readonly afterStep: number; readonly consumer: ConsumerName };
  /** Index of the workload step after which the archive is replayed (overlapping live traffic). */
  readonly replayAfterStep?: number;
}

/** The consumers whose queues the simulator knows (stack output prefixes). */
export const CONSUMERS = ['Projector', 'Notifier', 'SagaStarter', 'Cancellation'] as const;
export type ConsumerName = (typeof CONSUMERS)[number];

/** Draws a run's fault plan from `prng`, for the enabled kinds only. */
export function planFaults(prng: Prng, kinds: readonly FaultKind[], steps: number): FaultPlan {
  const on = (kind: FaultKind) => kinds.includes(kind);
  // Every draw happens whatever the kinds, so turning one kind off leaves the others' draws alone.
  const duplicateRate = prng.pick([0.1, 0.2, 0.3]);
  const reorder = prng.chance(0.7);
  const crashAfterRate = prng.pick([0.02, 0.05, 0.1]);
  const failBeforeRate = prng.pick([0.02, 0.05, 0.1]);
  const poisonRoll = prng.chance(0.25);
  const poisonStep = prng.int(0, steps - 1);
  const poisonConsumer = prng.pick(CONSUMERS);
  const replayRoll = prng.chance(0.3);
  const replayStep = prng.int(Math.min(2, steps - 1), steps - 1);
  return {
    duplicateRate: on('duplicate') ? duplicateRate : 0,
    reorder: on('reorder') && reorder,
    crashAfterRate: on('crash-after') ? crashAfterRate : 0,
    failBeforeRate: on('fail-before') ? failBeforeRate : 0,
    maxLambdaFaultsPerKind: 3,
    ...(on('poison') && poisonRoll
      ? { poison: { afterStep: poisonStep, consumer: poisonConsumer } }
      : {}),
    ...(on('replay') && replayRoll ? { replayAfterStep: replayStep } : {}),
  };
}

/** What a Lambda fault rule decides for one invocation. */
export type LambdaFaultDecision = 'after' | 'before' | undefined;

/**
 * Decides Lambda faults per invocation: each faultable function has its own
 * seeded source, drawn once per invocation of that function, so the n-th
 * invocation of a function gets the same decision in every run of the seed
 * (whatever the interleaving with other functions).
 */
export class LambdaFaultDecider {
  readonly #plan: FaultPlan;
  readonly #prng: Prng;
  readonly #sources = new Map<string, Prng>();
  readonly #used = { after: 0, before: 0 };

  constructor(plan: FaultPlan, prng: Prng) {
    this.#plan = plan;
    this.#prng = prng;
  }

  decide(functionName: string): LambdaFaultDecision {
    const role = FAULTABLE_FUNCTIONS.find((f) =>
      functionName.includes(f === 'Outbox' ? 'OutboxFunction' : f),
    );
    if (!role) return undefined;
    let source = this.#sources.get(role);
    if (!source) {
      source = this.#prng.fork(`lambda/${role}`);
      this.#sources.set(role, source);
    }
    const roll = source.next();
    const cap = this.#plan.maxLambdaFaultsPerKind;
    if (roll < this.#plan.crashAfterRate && this.#used.after < cap) {
      this.#used.after++;
      return 'after';
    }
    if (roll >= 1 - this.#plan.failBeforeRate && this.#used.before < cap) {
      this.#used.before++;
      return 'before';
    }
    return undefined;
  }
}
