import type { EventType } from './catalog';
import { EventCatalog } from './catalog';
import { upcastOrderPlacedV1 } from './history/order-placed.v1';

/** Turns the data of version `n` of an event into the data of version `n + 1`. */
export type Upcaster = (data: unknown) => unknown;

/**
 * Upcasters per event type, keyed by the version they upcast FROM. An event
 * whose current `schemaVersion` is n must have upcasters for 1..n-1; the
 * schema-evolution test checks this.
 */
export const Upcasters: { readonly [T in EventType]?: Readonly<Record<number, Upcaster>> } = {
  OrderPlaced: { 1: upcastOrderPlacedV1 },
};

/**
 * Brings event data written at `schemaVersion` up to the catalog's current
 * version, one step at a time.
 * @throws Error when a step has no upcaster, or the version is newer than the catalog's.
 */
export function upcastEventData(type: EventType, schemaVersion: number, data: unknown): unknown {
  const current = EventCatalog[type].schemaVersion;
  if (schemaVersion > current) {
    throw new Error(
      `${type} data is schemaVersion ${schemaVersion}, newer than this code's ${current}`,
    );
  }
  let value = data;
  for (let v = schemaVersion; v < current; v++) {
    const step = Upcasters[type]?.[v];
    if (!step) throw new Error(`no upcaster for ${type} from schemaVersion ${v} to ${v + 1}`);
    value = step(value);
  }
  return value;
}
