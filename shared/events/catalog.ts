import type * as z from '../zod';
import {
  StockAddedSchema,
  StockReleasedSchema,
  StockReservationRejectedSchema,
  StockReservedSchema,
} from './inventory';
import { OrderCancelledSchema, OrderConfirmedSchema, OrderPlacedSchema } from './orders';
import { PaymentAuthorizedSchema, PaymentDeclinedSchema, PaymentRefundedSchema } from './payments';

/** EventBridge sources, one per bounded context. */
export const Sources = {
  orders: 'eventline.orders',
  inventory: 'eventline.inventory',
  payments: 'eventline.payments',
} as const;
export type Source = (typeof Sources)[keyof typeof Sources];

/** What the catalog knows about one event type. */
export interface CatalogEntry<
  TType extends string = string,
  TSchema extends z.ZodMiniType = z.ZodMiniType,
> {
  /** EventBridge `detail-type`. */
  readonly detailType: TType;
  /** EventBridge `source`. */
  readonly source: Source;
  /** Schema of the current version of the event's `data`. */
  readonly schema: TSchema;
  /** Current version of the `data` schema; producers write this version. */
  readonly schemaVersion: number;
}

function entry<TType extends string, TSchema extends z.ZodMiniType>(
  detailType: TType,
  source: Source,
  schema: TSchema,
  schemaVersion: number,
): CatalogEntry<TType, TSchema> {
  return { detailType, source, schema, schemaVersion };
}

/**
 * The one catalog of events. Infra builds rule patterns from it and handlers
 * validate with it, so a rename cannot silently break routing.
 */
export const EventCatalog = {
  OrderPlaced: entry('OrderPlaced', Sources.orders, OrderPlacedSchema, 2),
  OrderConfirmed: entry('OrderConfirmed', Sources.orders, OrderConfirmedSchema, 1),
  OrderCancelled: entry('OrderCancelled', Sources.orders, OrderCancelledSchema, 1),
  StockAdded: entry('StockAdded', Sources.inventory, StockAddedSchema, 1),
  StockReserved: entry('StockReserved', Sources.inventory, StockReservedSchema, 1),
  StockReservationRejected: entry(
    'StockReservationRejected',
    Sources.inventory,
    StockReservationRejectedSchema,
    1,
  ),
  StockReleased: entry('StockReleased', Sources.inventory, StockReleasedSchema, 1),
  PaymentAuthorized: entry('PaymentAuthorized', Sources.payments, PaymentAuthorizedSchema, 1),
  PaymentDeclined: entry('PaymentDeclined', Sources.payments, PaymentDeclinedSchema, 1),
  PaymentRefunded: entry('PaymentRefunded', Sources.payments, PaymentRefundedSchema, 1),
} as const;

export type EventCatalogType = typeof EventCatalog;
/** Every event name (`detail-type`) in the catalog. */
export type EventType = keyof EventCatalogType;
/** The `data` type of one event. */
export type EventData<T extends EventType> = z.infer<EventCatalogType[T]['schema']>;
/** A domain event: its name and data, as deciders produce and consume them. */
export type DomainEvent<T extends EventType = EventType> = {
  [K in T]: { readonly type: K; readonly data: EventData<K> };
}[T];

/** True when `type` names an event in the catalog. */
export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EventCatalog, type);
}
