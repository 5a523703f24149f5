import { describe, expect, it } from 'vitest';
import {
  DynamoFaultDecider,
  FAULT_KINDS,
  LambdaFaultDecider,
  MAX_SERVICE_FAULTS_PER_KIND,
  PutEventsFaultDecider,
  parseFaultKinds,
  planFaults,
} from '../../sim/faults';
import { Prng } from '../../sim/prng';
import { planWorkload } from '../../sim/workload';

describe('The simulator plan', () => {
  it('draws the same workload and faults from the same seed', () => {
    // Act
    const a = new Prng(42);
    const b = new Prng(42);
    const stepsA = planWorkload(a.fork('workload'));
    const stepsB = planWorkload(b.fork('workload'));

    // Assess
    expect(stepsB).toEqual(stepsA);
    expect(planFaults(b.fork('faults'), FAULT_KINDS, 10)).toEqual(
      planFaults(a.fork('faults'), FAULT_KINDS, 10),
    );
  });

  it('draws different workloads from different seeds', () => {
    const one = planWorkload(new Prng(1).fork('workload'));
    const two = planWorkload(new Prng(2).fork('workload'));
    expect(two).not.toEqual(one);
  });

  it('stocks every SKU first, then sends the number of commands asked for', () => {
    const steps = planWorkload(new Prng(7).fork('workload'), { commands: 12, skus: 3 });
    expect(steps.slice(0, 3).map((s) => s.kind)).toEqual(['addStock', 'addStock', 'addStock']);
    expect(steps).toHaveLength(15);
  });

  it("keeps the other kinds' draws when one fault kind is turned off", () => {
    const all = planFaults(new Prng(9), FAULT_KINDS, 10);
    const noDuplicates = planFaults(
      new Prng(9),
      FAULT_KINDS.filter((k) => k !== 'duplicate'),
      10,
    );
    expect(noDuplicates).toEqual({ ...all, duplicateRate: 0 });
  });

  it('plans an outage and redrive in about a quarter of runs: one consumer, after a workload step', () => {
    // Act
    const plans = Array.from({ length: 400 }, (_, seed) =>
      planFaults(new Prng(seed), FAULT_KINDS, 10),
    );
    const outages = plans.flatMap((p) => (p.outage ? [p.outage] : []));

    // Assess: drawn with chance 0.25 (binomial, 400 runs: 100 ± 26 at 3 sigma).
    expect(outages.length).toBeGreaterThan(74);
    expect(outages.length).toBeLessThan(126);
    for (const o of outages) {
      expect(['Projector', 'Notifier', 'SagaStarter', 'Cancellation']).toContain(o.consumer);
      expect(o.afterStep).toBeGreaterThanOrEqual(0);
      expect(o.afterStep).toBeLessThan(10);
    }
    // Turned off, it leaves every other kind's plan as it was.
    const without = planFaults(
      new Prng(5),
      FAULT_KINDS.filter((k) => k !== 'outage-redrive'),
      10,
    );
    const { outage: _outage, ...rest } = planFaults(new Prng(5), FAULT_KINDS, 10);
    expect(without).toEqual(rest);
  });

  it('decides the n-th invocation of a function alike whatever the interleaving with others', () => {
    // Prepare: rates high enough that decisions vary, and no cap in the way.
    const plan = {
      duplicateRate: 0,
      reorder: false,
      crashAfterRate: 0.3,
      failBeforeRate: 0.3,
      maxLambdaFaultsPerKind: 1000,
    };
    const alone = new LambdaFaultDecider(plan, new Prng(5));
    const mixed = new LambdaFaultDecider(plan, new Prng(5));

    // Act
    const sagaAlone = Array.from({ length: 20 }, () =>
      alone.decide('eventline-dev-OrderSagaSteps4352CEA2'),
    );
    const sagaMixed = Array.from({ length: 20 }, () => {
      mixed.decide('eventline-dev-ProjectorFunction325B6222');
      return mixed.decide('eventline-dev-OrderSagaSteps4352CEA2');
    });

    // Assess
    expect(sagaMixed).toEqual(sagaAlone);
    expect(new Set(sagaAlone)).toEqual(new Set(['after', 'before', undefined]));
  });

  it('never faults a function outside the faultable ones (the API)', () => {
    const decider = new LambdaFaultDecider(
      {
        duplicateRate: 0,
        reorder: false,
        crashAfterRate: 1,
        failBeforeRate: 0,
        maxLambdaFaultsPerKind: 9,
      },
      new Prng(1),
    );
    expect(decider.decide('eventline-dev-ApiPlaceOrder74C27CB6')).toBeUndefined();
    expect(decider.decide('eventline-dev-NotifierFunctionAF3DBB87')).toBe('after');
  });

  it('caps the Lambda faults of each kind per run', () => {
    const decider = new LambdaFaultDecider(
      {
        duplicateRate: 0,
        reorder: false,
        crashAfterRate: 1,
        failBeforeRate: 0,
        maxLambdaFaultsPerKind: 2,
      },
      new Prng(1),
    );
    const decisions = Array.from({ length: 5 }, () =>
      decider.decide('eventline-dev-ProjectorFunctionX'),
    );
    expect(decisions).toEqual(['after', 'after', undefined, undefined, undefined]);
  });

  it('throttles DynamoDB in bursts of one operation (so some outlast the SDK retries), capped per run', () => {
    // Prepare: every request starts a burst unless one is running.
    const plan = { ...planFaults(new Prng(3), [], 10), dynamoThrottleRate: 1 };
    const decider = new DynamoFaultDecider(plan, new Prng(3));

    // Act
    const kinds = Array.from({ length: 200 }, () => decider.decide('Query', 0)?.kind);

    // Assess: all throttled until the cap of bursts is spent, then none; other operations are untouched.
    const throttled = kinds.filter((k) => k !== undefined);
    expect(new Set(throttled)).toEqual(new Set(['throughput-exceeded', 'throttling']));
    expect(throttled.length).toBeGreaterThanOrEqual(MAX_SERVICE_FAULTS_PER_KIND);
    expect(throttled.length).toBeLessThanOrEqual(4 * MAX_SERVICE_FAULTS_PER_KIND);
    expect(kinds.slice(-10)).toEqual(Array(10).fill(undefined));
    expect(decider.decide('CreateTable', 0)).toBeUndefined();
  });

  it('injects transaction conflicts only into writes, at an item of the transaction', () => {
    const plan = { ...planFaults(new Prng(4), [], 10), transactionConflictRate: 1 };
    const decider = new DynamoFaultDecider(plan, new Prng(4));

    const write = decider.decide('TransactWriteItems', 3);
    const read = decider.decide('GetItem', 0);

    expect(write).toMatchObject({ kind: 'transaction-conflict' });
    expect([0, 1, 2]).toContain((write as { item: number }).item);
    expect(read).toBeUndefined();
  });

  it('fails at least one entry of a partly failed PutEvents call, with a retryable code, up to the cap per run', () => {
    const plan = { ...planFaults(new Prng(5), [], 10), putEventsPartialRate: 1 };
    const decider = new PutEventsFaultDecider(plan, new Prng(5));

    const decisions = Array.from({ length: MAX_SERVICE_FAULTS_PER_KIND }, () => decider.decide(4));
    const afterCap = decider.decide(4);

    expect(afterCap).toBeUndefined();
    for (const d of decisions) {
      expect(d?.kind).toBe('partial');
      const partial = d as { readonly failed: readonly number[]; readonly errorCode: string };
      expect(partial.failed.length).toBeGreaterThan(0);
      expect(partial.failed.every((i) => i >= 0 && i < 4)).toBe(true);
      expect(['InternalFailure', 'ThrottlingException']).toContain(partial.errorCode);
    }
  });

  it('refuses an unknown fault kind, naming it and the known ones', () => {
    expect(() => parseFaultKinds('duplicate,meteor')).toThrow(
      "--faults: unknown fault 'meteor'; known: duplicate, reorder, crash-after, fail-before, poison, replay, timeout, dynamodb-throttle, transaction-conflict, putevents-partial, putevents-throttle",
    );
  });

  it('refuses a seed that is not a 32-bit unsigned integer', () => {
    expect(() => new Prng(-1)).toThrow('seed must be an integer from 0 to 4294967295, got -1');
    expect(() => new Prng(1.5)).toThrow('got 1.5');
  });
});
