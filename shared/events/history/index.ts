import type * as z from '../../zod';
import { OrderPlacedV1Schema } from './order-placed.v1';

/** Schemas of earlier versions of events, by type and version, kept for the record. */
export const HistoricalSchemas: Readonly<Record<string, Readonly<Record<number, z.ZodMiniType>>>> =
  {
    OrderPlaced: { 1: OrderPlacedV1Schema },
  };
