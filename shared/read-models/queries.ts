import { customerOrdersPartition, salesDailyPartition, stockLevelsPartition } from './keys';
import type { ProjectionName } from './names';
import { fromItem } from './Projector';
import { readProjectionStates } from './projection-states';
import type { ReadModelTable, StoredItem } from './ReadModelTable';

/** How fresh a read-model answer is. */
export interface Freshness {
  /** The read model read. */
  readonly readModel: string;
  /** Its active version (the one queries read). */
  readonly version: number;
  /** Time of the newest event reflected in the returned items (undefined when none). */
  readonly updatedAt: string | undefined;
  /** Read models are eventually consistent: they trail the event store by the projection's lag. */
  readonly consistency: 'eventual';
}

/** One page of a read model. */
export interface ReadModelPage<T> {
  readonly items: readonly T[];
  /** Give it back as `cursor` for the next page; absent at the end. */
  readonly cursor?: string;
  readonly freshness: Freshness;
}

/** Queries of the read models, always against each projection's active version. */
export class ReadModelQueries {
  readonly #table: ReadModelTable;

  constructor(table: ReadModelTable) {
    this.#table = table;
  }

  /** A customer's orders, newest first. */
  async customerOrders(
    customerId: string,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<ReadModelPage<Record<string, unknown>>> {
    const version = await this.#active('OrderSummary');
    const out = await this.#table.query(customerOrdersPartition(version, customerId), {
      limit: page.limit,
      forward: false,
      ...(page.cursor ? { cursor: page.cursor } : {}),
    });
    return this.#page('CustomerOrders', version, out.items, out.cursor);
  }

  /** Every SKU's stock level, by SKU. */
  async stockLevels(page: {
    readonly limit: number;
    readonly cursor?: string;
  }): Promise<ReadModelPage<Record<string, unknown>>> {
    const version = await this.#active('StockLevel');
    const out = await this.#table.query(stockLevelsPartition(version), {
      limit: page.limit,
      ...(page.cursor ? { cursor: page.cursor } : {}),
    });
    return this.#page('StockLevel', version, out.items, out.cursor);
  }

  /** Sales per day and currency, for the UTC days `from`..`to` (inclusive, `YYYY-MM-DD`). */
  async salesDaily(from: string, to: string): Promise<ReadModelPage<Record<string, unknown>>> {
    const version = await this.#active('SalesDaily');
    const items: StoredItem[] = [];
    let cursor: string | undefined;
    do {
      const out = await this.#table.query(salesDailyPartition(version), {
        // '#' sorts before every currency letter and '~' after: the whole days.
        between: [`${from}#`, `${to}#~`],
        ...(cursor ? { cursor } : {}),
      });
      items.push(...out.items);
      cursor = out.cursor;
    } while (cursor);
    return this.#page('SalesDaily', version, items, undefined);
  }

  async #active(projection: ProjectionName): Promise<number> {
    return (await readProjectionStates(this.#table))[projection].active;
  }

  #page(
    readModel: string,
    version: number,
    items: readonly StoredItem[],
    cursor: string | undefined,
  ): ReadModelPage<Record<string, unknown>> {
    const rows = items.map(fromItem);
    const updatedAt = rows
      .map((r) => r.updatedAt)
      .filter((u): u is string => typeof u === 'string' && u !== '')
      .sort()
      .at(-1);
    return {
      items: rows,
      ...(cursor ? { cursor } : {}),
      freshness: { readModel, version, updatedAt, consistency: 'eventual' },
    };
  }
}
