import { z } from 'zod';
import type { EventType } from './catalog';
import { EventCatalog } from './catalog';
import type { JsonSchema } from './compatibility';
import { envelopeSchema } from './envelope';

/**
 * JSON Schema draft 4 — the dialect the EventBridge Schema Registry accepts
 * (`JSONSchemaDraft4`) — of one event's current `data`.
 */
export function eventDataJsonSchema(type: EventType): JsonSchema {
  return z.toJSONSchema(EventCatalog[type].schema, { target: 'draft-04' }) as JsonSchema;
}

/** One catalog event's schema as registered in the EventBridge Schema Registry. */
export interface RegisteredEventSchema {
  readonly detailType: EventType;
  readonly source: string;
  readonly schemaVersion: number;
  /** Draft-4 JSON Schema of the whole EventBridge event (`source`, `detail-type`, `detail`). */
  readonly schema: JsonSchema;
}

/** Every catalog event's full EventBridge event schema, for the schema registry. */
export function eventJsonSchemas(): RegisteredEventSchema[] {
  return (Object.keys(EventCatalog) as EventType[]).map((type) => {
    const entry = EventCatalog[type];
    const detail = z.toJSONSchema(envelopeSchema(entry.schema), {
      target: 'draft-04',
    }) as JsonSchema;
    return {
      detailType: type,
      source: entry.source,
      schemaVersion: entry.schemaVersion,
      schema: {
        $schema: 'http://json-schema.org/draft-04/schema#',
        title: type,
        type: 'object',
        required: ['source', 'detail-type', 'detail'],
        properties: {
          source: { type: 'string', enum: [entry.source] },
          'detail-type': { type: 'string', enum: [type] },
          detail,
        },
      },
    };
  });
}
