import type { Prng } from './prng';

/** One line of an order, as `POST /orders` takes it. */
export interface PlannedLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: { readonly amount: number; readonly currency: 'EUR' };
}

/** A command the workload sends, at a clock offset from the previous one. */
export type WorkloadStep = { readonly afterMs: number } & (
  | { readonly kind: 'addStock'; readonly sku: string; readonly quantity: number }
  | {
      readonly kind: 'placeOrder';
      readonly customerId: string;
      readonly customerEmail: string;
      readonly lines: readonly PlannedLine[];
    }
  /** Cancels the `orderIndex`-th order placed so far (modulo their number). */
  | { readonly kind: 'cancel'; readonly orderIndex: number }
);

/** How big a run's workload is. */
export interface WorkloadOptions {
  /** Commands after the initial stock. @default 8 */
  readonly commands?: number;
  /** SKUs in play. @default 2 */
  readonly skus?: number;
}

/** The customer kinds the payment sandbox answers differently (README, "Payments"). */
const CUSTOMER_KINDS = ['cust', 'cust', 'cust', 'sandbox-decline', 'sandbox-flaky'] as const;

/**
 * A random workload drawn from `prng` alone: stock for every SKU first, then
 * orders (plain, declined and flaky customers, sometimes more than the
 * stock), stock top-ups and cancellations at random moments (0–4 s apart,
 * so cancels land while sagas run). The same seed gives the same steps.
 */
export function planWorkload(prng: Prng, options: WorkloadOptions = {}): WorkloadStep[] {
  const skus = Array.from({ length: options.skus ?? 2 }, (_, i) => `SKU-SIM-${i + 1}`);
  const steps: WorkloadStep[] = skus.map((sku) => ({
    afterMs: 0,
    kind: 'addStock',
    sku,
    quantity: prng.int(1, 6),
  }));
  let orders = 0;
  for (let i = 0; i < (options.commands ?? 8); i++) {
    const afterMs = prng.pick([0, 250, 1000, 2000, 4000]);
    const roll = prng.next();
    if (roll < 0.15) {
      steps.push({ afterMs, kind: 'addStock', sku: prng.pick(skus), quantity: prng.int(1, 4) });
    } else if (roll < 0.3 && orders > 0) {
      steps.push({ afterMs, kind: 'cancel', orderIndex: prng.int(0, orders - 1) });
    } else {
      const customerId = `${prng.pick(CUSTOMER_KINDS)}-${prng.int(1, 3)}`;
      const lineSkus = prng.chance(0.3) ? skus.slice(0, 2) : [prng.pick(skus)];
      steps.push({
        afterMs,
        kind: 'placeOrder',
        customerId,
        customerEmail: `${customerId}@sim.example`,
        lines: lineSkus.map((sku) => ({
          sku,
          quantity: prng.int(1, 3),
          unitPrice: { amount: prng.pick([500, 1000, 2500]), currency: 'EUR' },
        })),
      });
      orders++;
    }
  }
  return steps;
}
