import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenSimulationEnv } from '../../sim/env';
import { openSimulationEnv } from '../../sim/env';
import type { FaultKind } from '../../sim/faults';
import type { RunResult, Variant } from '../../sim/simulation';
import { runSimulation } from '../../sim/simulation';
import { VARIANTS } from '../../sim/variants';

let env: OpenSimulationEnv;

beforeAll(async () => {
  env = await openSimulationEnv();
}, 240_000);

afterAll(async () => {
  await env?.close();
});

/** Runs seeds from 1 until one breaks an invariant, at most `bound` of them. */
async function firstFailure(
  bound: number,
  faults: readonly FaultKind[],
  variant?: Variant,
): Promise<RunResult | undefined> {
  for (let seed = 1; seed <= bound; seed++) {
    const result = await runSimulation(env, seed, {
      faults,
      workload: { commands: 6 },
      ...(variant ? { variant } : {}),
    });
    if (result.invariants.violations.length > 0) return result;
  }
  return undefined;
}

describe('The simulator against deliberately broken variants', () => {
  it('finds a notifier without its idempotency guard, naming the invariant and the seed', async () => {
    // Act: SQS duplicates only, the fault this guard exists for.
    const failed = await firstFailure(3, ['duplicate'], VARIANTS['notifier-without-idempotency']);

    // Assess
    expect(failed, 'no seed of 3 found the missing guard').toBeDefined();
    const names = new Set(failed?.invariants.violations.map((v) => v.invariant));
    expect([...names]).toContain('one-email-per-event');
    expect(
      failed?.invariants.violations.find((v) => v.invariant === 'one-email-per-event')?.evidence,
    ).toMatch(
      /^order [0-9a-f-]{36}: [2-9] "(confirmed|cancelled)" emails for 1 Order(Confirmed|Cancelled) event\(s\)$/,
    );
    expect(failed?.trace.format()).toContain(`seed ${failed?.seed}:`);
  }, 240_000);

  it('finds a saga whose ReleaseStock compensation does nothing, naming the invariant and the seed', async () => {
    // Act: no faults at all, the sandbox's declines and short stock are enough.
    const failed = await firstFailure(3, [], VARIANTS['saga-without-release']);

    // Assess
    expect(failed, 'no seed of 3 found the missing compensation').toBeDefined();
    const stock = failed?.invariants.violations.filter(
      (v) => v.invariant === 'stock-and-money-conserved',
    );
    expect(stock?.length).toBeGreaterThan(0);
    expect(stock?.map((v) => v.evidence).join('\n')).toMatch(
      /cancelled order [0-9a-f-]{36} still holds [1-9]\d* of SKU-SIM-\d/,
    );
  }, 240_000);

  it('finds a projection without its version check, naming the invariant and the seed', async () => {
    // Act: SQS duplicates only — a second delivery of an inventory event is applied again.
    const failed = await firstFailure(
      3,
      ['duplicate'],
      VARIANTS['projection-without-version-check'],
    );

    // Assess
    expect(failed, 'no seed of 3 found the missing version check').toBeDefined();
    const folds = failed?.invariants.violations.filter(
      (v) => v.invariant === 'read-models-equal-fold',
    );
    expect(folds?.length).toBeGreaterThan(0);
    expect(folds?.map((v) => v.evidence).join('\n')).toMatch(
      /StockLevel@\*\|SKU-SIM-\d: .*available: live -?\d+ ≠ fold -?\d+/,
    );
  }, 240_000);

  it('finds an outbox that drops the entries PutEvents failed, naming the invariant and the seed', async () => {
    // Act: PutEvents partial failures only.
    const failed = await firstFailure(
      3,
      ['putevents-partial'],
      VARIANTS['outbox-drops-failed-entries'],
    );

    // Assess
    expect(failed, 'no seed of 3 found the dropped entries').toBeDefined();
    expect(failed?.faults['putevents-partial']).toBeGreaterThan(0);
    const lost = failed?.invariants.violations.filter((v) => v.invariant === 'events-published');
    expect(lost?.length).toBeGreaterThan(0);
    expect(lost?.[0]?.evidence).toMatch(
      /^\w+ [\w-]+@\d+ \([0-9a-f-]{36}\) never reached the bus's archive$/,
    );
  }, 240_000);
});
