import * as z from '../zod';
import type { EventType } from './catalog';
import { EventCatalog } from './catalog';
import type { JsonSchema } from './compatibility';
import { envelopeSchema } from './envelope';

/** The dialect the EventBridge Schema Registry accepts besides OpenAPI 3 (`JSONSchemaDraft4`). */
export const JSON_SCHEMA_DRAFT_4 = 'http://json-schema.org/draft-04/schema#';

/**
 * A zod schema as JSON Schema draft 4, zod 4's own `z.toJSONSchema` with
 * `target: 'draft-04'`. It describes what the schema ACCEPTS (`io: 'input'`):
 * zod objects strip unknown keys rather than refuse them, so the schema leaves
 * `additionalProperties` open, as the consumers behave.
 */
export function toDraft4JsonSchema(schema: z.core.$ZodType): JsonSchema {
  return z.toJSONSchema(schema, { target: 'draft-04', io: 'input' }) as JsonSchema;
}

/** Draft-4 JSON Schema of one event's current `data`. */
export function eventDataJsonSchema(type: EventType): JsonSchema {
  return toDraft4JsonSchema(EventCatalog[type].schema);
}

/** One catalog event's schema as registered in the EventBridge Schema Registry. */
export interface RegisteredEventSchema {
  readonly detailType: EventType;
  readonly source: string;
  readonly schemaVersion: number;
  /** Draft-4 JSON Schema of the whole EventBridge event (`source`, `detail-type`, `detail`). */
  readonly schema: JsonSchema;
}

/**
 * Every catalog event's full EventBridge event schema, for the schema
 * registry (`AWS::EventSchemas::Schema`, type `JSONSchemaDraft4`). The
 * `source` and `detail-type` are pinned to the catalog's; EventBridge's own
 * envelope fields (`id`, `time`, `account`, …) are left open.
 */
export function eventJsonSchemas(): RegisteredEventSchema[] {
  return (Object.keys(EventCatalog) as EventType[]).map((type) => {
    const entry = EventCatalog[type];
    // `$schema` belongs at the root only.
    const { $schema: _, ...detail } = toDraft4JsonSchema(envelopeSchema(entry.schema));
    return {
      detailType: type,
      source: entry.source,
      schemaVersion: entry.schemaVersion,
      schema: {
        $schema: JSON_SCHEMA_DRAFT_4,
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
