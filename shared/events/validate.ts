import { ValidationError, type ValidationIssue } from '../errors';
import type * as z from '../zod';
import type { EventData, EventType } from './catalog';
import { EventCatalog, isEventType } from './catalog';

/** Turns zod issues into validation issues with dotted paths. */
export function toValidationIssues(error: z.$ZodError, prefix = ''): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

/**
 * Validates event data against the catalog's current schema, for producers.
 * @returns the parsed data (unknown keys stripped).
 * @throws ValidationError naming the event type and each bad field's path.
 */
export function validateEventData<T extends EventType>(type: T, data: unknown): EventData<T> {
  if (!isEventType(type)) {
    throw new ValidationError('event', [
      { path: 'type', message: `unknown event type '${String(type)}'` },
    ]);
  }
  const result = EventCatalog[type].schema.safeParse(data);
  if (!result.success) {
    throw new ValidationError(`${type} data`, toValidationIssues(result.error, 'data'));
  }
  return result.data as EventData<T>;
}
