import type { Prng } from './prng';

/** The fault kinds the simulator injects, by the name `--faults` takes. */
export const FAULT_KINDS = [
  'duplicate',
  'reorder',
  'crash-after',
  'fail-before',
  'poison',
  'replay',
  'timeout',
  'dynamodb-throttle',
  'transaction-conflict',
  'putevents-partial',
  'putevents-throttle',
  'outage-redrive',
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
  /** Per invocation of a faultable function: chance that it times out after its handler ran. */
  readonly timeoutRate?: number;
  /** Per DynamoDB data request: chance that a burst of throttling starts (0 when off). */
  readonly dynamoThrottleRate?: number;
  /** Per transactional or single-item write: chance of a transaction conflict (0 when off). */
  readonly transactionConflictRate?: number;
  /** Per `PutEvents` call: chance that some of its entries fail (0 when off). */
  readonly putEventsPartialRate?: number;
  /** Per `PutEvents` call: chance that a burst of throttled calls starts (0 when off). */
  readonly putEventsThrottleRate?: number;
  /**
   * A consumer that fails every delivery from the workload step `afterStep`
   * on, until its messages are in its DLQ; then the operator redrives the
   * DLQ (an SQS message move task), during a second archive replay when the
   * plan has a replay.
   */
  readonly outage?: { readonly afterStep: number; readonly consumer: ConsumerName };
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
  // Drawn after the older kinds', so adding these kept every older seed's plan.
  const timeoutRate = prng.pick([0.02, 0.05, 0.1]);
  const dynamoThrottleRate = prng.pick([0.003, 0.006, 0.01]);
  const transactionConflictRate = prng.pick([0.02, 0.05, 0.1]);
  const putEventsPartialRate = prng.pick([0.1, 0.2, 0.3]);
  const putEventsThrottleRate = prng.pick([0.03, 0.06]);
  // And these after those.
  const outageRoll = prng.chance(0.25);
  const outageStep = prng.int(0, steps - 1);
  const outageConsumer = prng.pick(CONSUMERS);
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
    ...(on('timeout') ? { timeoutRate } : {}),
    ...(on('dynamodb-throttle') ? { dynamoThrottleRate } : {}),
    ...(on('transaction-conflict') ? { transactionConflictRate } : {}),
    ...(on('putevents-partial') ? { putEventsPartialRate } : {}),
    ...(on('putevents-throttle') ? { putEventsThrottleRate } : {}),
    ...(on('outage-redrive') && outageRoll
      ? { outage: { afterStep: outageStep, consumer: outageConsumer } }
      : {}),
  };
}

/** The part of a consumer's physical function name that names it. */
export const CONSUMER_FUNCTIONS: Record<ConsumerName, string> = {
  Projector: 'ProjectorFunction',
  Notifier: 'NotifierFunction',
  SagaStarter: 'OrderSagaStarterFunction',
  Cancellation: 'CancellationFunction',
};

/** What a Lambda fault rule decides for one invocation. */
export type LambdaFaultDecision = 'after' | 'before' | 'timeout' | undefined;

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
  readonly #used = { after: 0, before: 0, timeout: 0 };

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
    // A band of its own beside crash-after's, so the older kinds decide as before.
    const timeoutRate = this.#plan.timeoutRate ?? 0;
    const crashAfterRate = this.#plan.crashAfterRate;
    if (roll >= crashAfterRate && roll < crashAfterRate + timeoutRate && this.#used.timeout < cap) {
      this.#used.timeout++;
      return 'timeout';
    }
    return undefined;
  }
}

/** Most injections of each DynamoDB and PutEvents kind per run, so retries win in the end. */
export const MAX_SERVICE_FAULTS_PER_KIND = 4;

/** The operations a DynamoDB fault may hit: the data plane (not table management or streams). */
const DATA_OPERATIONS: ReadonlySet<string> = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);
const CONFLICT_OPERATIONS: ReadonlySet<string> = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'TransactWriteItems',
]);

/** What the DynamoDB decider answers for one request. */
export type DynamoFaultDecision =
  | { readonly kind: 'throughput-exceeded' | 'throttling' }
  | { readonly kind: 'transaction-conflict'; readonly item: number }
  | undefined;

/**
 * Decides DynamoDB faults per request, from one seeded source per operation.
 * Throttling comes in bursts of 1–4 refusals of that operation — the SDK
 * retries a throttled request up to 3 attempts, so only a burst longer than
 * that reaches the app — as `ProvisionedThroughputExceededException` or
 * `ThrottlingException`; a transaction conflict hits one request.
 */
export class DynamoFaultDecider {
  readonly #plan: FaultPlan;
  readonly #prng: Prng;
  readonly #sources = new Map<string, Prng>();
  readonly #bursts = new Map<
    string,
    { left: number; kind: 'throughput-exceeded' | 'throttling' }
  >();
  readonly #used = { throttle: 0, conflict: 0 };

  constructor(plan: FaultPlan, prng: Prng) {
    this.#plan = plan;
    this.#prng = prng;
  }

  decide(operation: string, transactItems: number): DynamoFaultDecision {
    if (!DATA_OPERATIONS.has(operation)) return undefined;
    const burst = this.#bursts.get(operation);
    if (burst && burst.left > 0) {
      burst.left--;
      return { kind: burst.kind };
    }
    let source = this.#sources.get(operation);
    if (!source) {
      source = this.#prng.fork(`dynamodb/${operation}`);
      this.#sources.set(operation, source);
    }
    const roll = source.next();
    const length = source.int(1, 4);
    const kind = source.chance(0.5) ? 'throughput-exceeded' : 'throttling';
    const item = source.int(0, Math.max(0, transactItems - 1));
    const throttleRate = this.#plan.dynamoThrottleRate ?? 0;
    const conflictRate = this.#plan.transactionConflictRate ?? 0;
    if (roll < throttleRate && this.#used.throttle < MAX_SERVICE_FAULTS_PER_KIND) {
      this.#used.throttle++;
      this.#bursts.set(operation, { left: length - 1, kind });
      return { kind };
    }
    if (
      roll >= 1 - conflictRate &&
      CONFLICT_OPERATIONS.has(operation) &&
      this.#used.conflict < MAX_SERVICE_FAULTS_PER_KIND
    ) {
      this.#used.conflict++;
      return { kind: 'transaction-conflict', item };
    }
    return undefined;
  }
}

/** What the PutEvents decider answers for one call. */
export type PutEventsFaultDecision =
  | { readonly kind: 'throttle' }
  | {
      readonly kind: 'partial';
      readonly failed: readonly number[];
      readonly errorCode: 'InternalFailure' | 'ThrottlingException';
    }
  | undefined;

/**
 * Decides `PutEvents` faults per call, from one seeded source: some entries
 * failed (each with probability ½, at least one) with a retryable code, or a
 * burst of 1–4 throttled calls (the SDK makes 3 attempts).
 */
export class PutEventsFaultDecider {
  readonly #plan: FaultPlan;
  readonly #source: Prng;
  #burst = 0;
  readonly #used = { throttle: 0, partial: 0 };

  constructor(plan: FaultPlan, prng: Prng) {
    this.#plan = plan;
    this.#source = prng.fork('putEvents');
  }

  decide(entries: number): PutEventsFaultDecision {
    if (this.#burst > 0) {
      this.#burst--;
      return { kind: 'throttle' };
    }
    const source = this.#source;
    const roll = source.next();
    const length = source.int(1, 4);
    const picks = Array.from({ length: entries }, () => source.chance(0.5));
    const errorCode = source.chance(0.5) ? 'InternalFailure' : 'ThrottlingException';
    const throttleRate = this.#plan.putEventsThrottleRate ?? 0;
    const partialRate = this.#plan.putEventsPartialRate ?? 0;
    if (roll < throttleRate && this.#used.throttle < MAX_SERVICE_FAULTS_PER_KIND) {
      this.#used.throttle++;
      this.#burst = length - 1;
      return { kind: 'throttle' };
    }
    if (
      roll >= 1 - partialRate &&
      entries > 0 &&
      this.#used.partial < MAX_SERVICE_FAULTS_PER_KIND
    ) {
      this.#used.partial++;
      const failed = picks.flatMap((p, i) => (p ? [i] : []));
      return { kind: 'partial', failed: failed.length > 0 ? failed : [0], errorCode };
    }
    return undefined;
  }
}
