import type { FieldValue } from './event-fields';
import { consistent, EventFields } from './event-fields';
import type { IndexedCondition, SubRule } from './types';

/** A compiled event pattern: compile once, then test every event with `matches`. */
export interface EventMatcher {
  matches(event: unknown): boolean;
}

/**
 * Matches events against the sub-rules of a compiled pattern. An event
 * matches a sub-rule when every field condition holds with one value per
 * field, and those values are array-consistent: "if the value in the event is
 * an array, then the event pattern matches if the intersection of the event
 * pattern array and the event array is non-empty", and fields taken from
 * objects inside an array must come from the same element (the engine
 * refuses "any match in which any two fields are within JSON objects that are
 * in different elements of the same array"). A field that may be absent
 * (`{"exists": false}`) is absent when no value of it fits the elements
 * chosen for the other fields.
 */
export class EventPatternMatcher implements EventMatcher {
  readonly #fields: EventFields;
  readonly #subRules: readonly SubRule[];

  constructor(paths: readonly string[], subRules: readonly SubRule[]) {
    this.#fields = new EventFields(paths);
    // Fields that must be present narrow the search fastest; absences last.
    this.#subRules = subRules.map((rule) => ({
      conditions: [...rule.conditions].sort((a, b) => rank(a) - rank(b)),
    }));
  }

  /** Whether the event matches; an event that is not a JSON object never does. */
  matches(event: unknown): boolean {
    if (event === null || typeof event !== 'object' || Array.isArray(event)) return false;
    const values = this.#fields.read(event);
    return this.#subRules.some((rule) => satisfies(rule.conditions, values));
  }
}

function rank(condition: IndexedCondition): number {
  if (condition.tests.length === 0) return 2;
  return condition.absentOk ? 1 : 0;
}

function satisfies(conditions: readonly IndexedCondition[], values: FieldValue[][]): boolean {
  const chosen = new Map<number, number>();
  const absent: number[] = [];

  const absencesHold = () =>
    absent.every((field) => !(values[field] ?? []).some((v) => consistent(v.membership, chosen)));

  const from = (i: number): boolean => {
    const condition = conditions[i];
    if (!condition) return absencesHold();
    for (const candidate of values[condition.field] ?? []) {
      if (!consistent(candidate.membership, chosen)) continue;
      if (!condition.tests.some((test) => test(candidate.value))) continue;
      if (!candidate.membership) {
        // Binds nothing: if the rest fails with it, it fails with any other
        // value too, and the field cannot be absent.
        return from(i + 1);
      }
      const bound: number[] = [];
      const m = candidate.membership;
      for (let k = 0; k < m.length; k += 2) {
        if (!chosen.has(m[k] as number)) {
          chosen.set(m[k] as number, m[k + 1] as number);
          bound.push(m[k] as number);
        }
      }
      if (from(i + 1)) return true;
      for (const id of bound) chosen.delete(id);
    }
    if (!condition.absentOk) return false;
    absent.push(condition.field);
    if (from(i + 1)) return true;
    absent.pop();
    return false;
  };
  return from(0);
}
