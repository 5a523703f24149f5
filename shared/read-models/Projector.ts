import { backoffDelay } from '../command/retry';
import type { OrderEvent, OrderState } from '../domain/order/order';
import { orderDecider } from '../domain/order/order';
import { StreamIds } from '../domain/stream-ids';
import type { EventStore } from '../event-store/types';
import { realSleep } from '../runtime/retry';
import { ProjectionConflictError } from './errors';
import { Keys } from './keys';
import type { ProjectionName } from './names';
import { PROJECTIONS } from './names';
import type { OrderSummary } from './order-summary';
import { applyToSummary, emptySummary, summaryContribution } from './order-summary';
import type { ProjectedEvent } from './projected-event';
import { fromRecorded } from './projected-event';
import type { ProjectionState } from './projection-states';
import { readProjectionStates, versionsToWrite } from './projection-states';
import type { ReadModelTable, StoredItem } from './ReadModelTable';
import { countsInSales, salesDelta } from './sales-daily';
import type { StockLevel } from './stock-level';
import { applyToStockLevel, emptyStockLevel, stockContribution } from './stock-level';
import { later } from './time';

/** What applying one event did to one version of one projection. */
export interface ProjectionOutcome {
  readonly projection: ProjectionName;
  readonly version: number;
  /**
   * `applied`: the event was the next version; `gap-filled`: earlier versions
   * were missing and were read from the store and applied with it;
   * `duplicate`: already applied (skipped); `ignored`: not this projection's event.
   */
  readonly result: 'applied' | 'gap-filled' | 'duplicate' | 'ignored';
  /** Events written (more than one when a gap was filled). */
  readonly events: number;
}

export interface ProjectorOptions {
  readonly table: ReadModelTable;
  /** The event store: gaps are filled from it, and order totals read from it. */
  readonly store: EventStore;
  /**
   * Attempts of one conditional write before giving up (the record then fails and SQS retries it).
   * @default 8
   */
  readonly maxAttempts?: number;
  /** @default real sleep */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Applies events to the read models, ordered per stream and idempotent:
 * - an event applies only as the next version of its stream for that read
 *   model item, in one conditional write that also records the version
 *   (apply and checkpoint are atomic); an older or equal version is a
 *   duplicate and is skipped;
 * - on a gap, the missing versions are read from the event store (strongly
 *   consistent) and applied with the event in the same write — the
 *   projector never waits for SQS to redeliver in order;
 * - `SalesDaily`, whose counters merge many streams, counts each event once
 *   through a marker item written in the counters' transaction.
 * Every version the projection state names (the active one and one being
 * rebuilt) is written, so a rebuild never misses live events.
 */
export class Projector {
  readonly #table: ReadModelTable;
  readonly #store: EventStore;
  readonly #maxAttempts: number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: ProjectorOptions) {
    this.#table = options.table;
    this.#store = options.store;
    this.#maxAttempts = options.maxAttempts ?? 8;
    this.#sleep = options.sleep ?? realSleep;
  }

  /** Applies one event to every version of every projection that is written now. */
  async project(
    event: ProjectedEvent,
    states?: Record<ProjectionName, ProjectionState>,
  ): Promise<ProjectionOutcome[]> {
    const current = states ?? (await readProjectionStates(this.#table));
    const outcomes: ProjectionOutcome[] = [];
    for (const projection of PROJECTIONS) {
      for (const version of versionsToWrite(current[projection])) {
        outcomes.push(await this.apply(projection, version, event));
      }
    }
    return outcomes;
  }

  /** Applies one event to one version of one projection. */
  async apply(
    projection: ProjectionName,
    version: number,
    event: ProjectedEvent,
  ): Promise<ProjectionOutcome> {
    switch (projection) {
      case 'OrderSummary':
        return this.#applyOrderSummary(version, event);
      case 'StockLevel':
        return this.#applyStockLevel(version, event);
      case 'SalesDaily':
        return this.#applySalesDaily(version, event);
    }
  }

  async #applyOrderSummary(version: number, event: ProjectedEvent): Promise<ProjectionOutcome> {
    const contribution = summaryContribution(event);
    const outcome = outcomeOf('OrderSummary', version);
    if (!contribution) return outcome('ignored');
    const key = Keys.orderSummary(version, contribution.orderId);
    return this.#retrying('OrderSummary', key.pk, async () => {
      const stored = await this.#table.get(key);
      const summary = stored
        ? (fromItem(stored) as unknown as OrderSummary)
        : emptySummary(contribution.orderId);
      const last = summary.streams[event.streamId] ?? 0;
      // Skipped: a duplicate, or an older event of a stream whose newer event came first.
      // Its time still counts toward `updatedAt`, as in the fold of the store: hosts'
      // clocks may date an older version later, and the summary must not depend on the
      // order of delivery.
      const skipped = event.version <= last;
      const laterTime = later(event.occurredAt, summary.updatedAt) !== summary.updatedAt;
      if (skipped && !(stored && laterTime)) return outcome('duplicate');
      const events = skipped
        ? []
        : contribution.mode === 'strict' && event.version > last + 1
          ? await this.#readSpan(event.streamId, last + 1, event.version)
          : [event];
      const next = skipped
        ? { ...summary, updatedAt: event.occurredAt }
        : events.reduce(applyToSummary, summary);
      const also =
        next.customerId && next.placedAt
          ? [
              {
                key: Keys.customerOrder(version, next.customerId, next.placedAt, next.orderId),
                item: customerOrderRow(next),
              },
            ]
          : [];
      const written = await this.#table.putRevision(
        key,
        { model: 'OrderSummary', ...next },
        revOf(stored),
        also,
      );
      if (!written) return undefined;
      if (skipped) return outcome('duplicate');
      return outcome(events.length > 1 ? 'gap-filled' : 'applied', events.length);
    });
  }

  async #applyStockLevel(version: number, event: ProjectedEvent): Promise<ProjectionOutcome> {
    const sku = stockContribution(event);
    const outcome = outcomeOf('StockLevel', version);
    if (sku === undefined) return outcome('ignored');
    const key = Keys.stockLevel(version, sku);
    return this.#retrying('StockLevel', `${key.pk}/${key.sk}`, async () => {
      const stored = await this.#table.get(key);
      const level = stored ? (fromItem(stored) as unknown as StockLevel) : emptyStockLevel(sku);
      if (event.version <= level.version) return outcome('duplicate');
      const events =
        event.version > level.version + 1
          ? await this.#readSpan(event.streamId, level.version + 1, event.version)
          : [event];
      const next = events.reduce(applyToStockLevel, level);
      const written = await this.#table.putRevision(
        key,
        { model: 'StockLevel', ...next },
        revOf(stored),
      );
      if (!written) return undefined;
      return outcome(events.length > 1 ? 'gap-filled' : 'applied', events.length);
    });
  }

  async #applySalesDaily(version: number, event: ProjectedEvent): Promise<ProjectionOutcome> {
    const outcome = outcomeOf('SalesDaily', version);
    if (!countsInSales(event)) return outcome('ignored');
    const before =
      event.type === 'OrderPlaced'
        ? orderDecider.initialState()
        : await this.#orderBefore(event.streamId, event.version);
    const delta = salesDelta(event, before);
    if (!delta) return outcome('ignored');
    const { day, currency, ...counters } = delta;
    const marker = Keys.salesMarker(version, event.eventId);
    return this.#retrying('SalesDaily', `${marker.pk}/${marker.sk}`, async () => {
      const counted = await this.#table.addOnce(
        marker,
        Keys.salesDay(version, day, currency),
        counters,
        { model: 'SalesDaily', day, currency },
      );
      // undefined: the transaction met another one and wrote nothing; try again.
      if (counted === undefined) return undefined;
      return counted ? outcome('applied', 1) : outcome('duplicate');
    });
  }

  /** Versions `from..to` of a stream, read from the store (strongly consistent). */
  async #readSpan(streamId: string, from: number, to: number): Promise<ProjectedEvent[]> {
    const events: ProjectedEvent[] = [];
    let next: number | undefined = from;
    while (next !== undefined && next <= to) {
      const page = await this.#store.read(streamId, {
        fromVersion: next,
        maxCount: Math.min(1000, to - next + 1),
      });
      for (const recorded of page.events)
        if (recorded.version <= to) events.push(fromRecorded(recorded));
      next = page.nextVersion;
    }
    return events;
  }

  /** The order's state just before `version`, folded from its stream. */
  async #orderBefore(streamId: string, version: number): Promise<OrderState> {
    const events = version > 1 ? await this.#readSpan(streamId, 1, version - 1) : [];
    return events.reduce(
      (state, e) => orderDecider.evolve(state, e as unknown as OrderEvent),
      orderDecider.initialState(),
    );
  }

  async #retrying(
    projection: ProjectionName,
    key: string,
    attempt: () => Promise<ProjectionOutcome | undefined>,
  ): Promise<ProjectionOutcome> {
    for (let n = 1; ; n++) {
      const result = await attempt();
      if (result) return result;
      if (n >= this.#maxAttempts) throw new ProjectionConflictError(projection, key, n);
      await this.#sleep(backoffDelay(n));
    }
  }
}

/** Builds the outcomes of one version of one projection. */
function outcomeOf(projection: ProjectionName, version: number) {
  return (result: ProjectionOutcome['result'], events = 0): ProjectionOutcome => ({
    projection,
    version,
    result,
    events,
  });
}

function revOf(item: StoredItem | undefined): number | undefined {
  return item === undefined ? undefined : Number(item.rev);
}

/** The model's own fields of a stored item (keys and revision removed). */
export function fromItem(item: StoredItem): Record<string, unknown> {
  const { pk: _pk, sk: _sk, rev: _rev, model: _model, ...rest } = item;
  return rest;
}

/** The `CustomerOrders` row of an order (that model's index of `OrderSummary`). */
function customerOrderRow(s: OrderSummary): Record<string, unknown> {
  return {
    model: 'CustomerOrders',
    orderId: s.orderId,
    status: s.status,
    total: s.total,
    placedAt: s.placedAt,
    updatedAt: s.updatedAt,
    reservation: s.reservation.status,
    payment: s.payment.status,
    orderVersion: s.streams[StreamIds.order(s.orderId)] ?? 0,
  };
}
