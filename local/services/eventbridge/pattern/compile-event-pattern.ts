import { InvalidEventPatternError } from './errors';
import type { LeafTest } from './leaf-matchers';
import { compileMatchValue } from './leaf-matchers';

/** A compiled event pattern. */
export interface EventMatcher {
  matches(event: unknown): boolean;
}

type ObjectTest = (value: unknown) => boolean;

/**
 * Compiles an EventBridge event pattern (JSON text or object), validating it
 * as EventBridge does. Semantics, per AWS's "Event patterns" and "Content
 * filtering" documentation: every field of the pattern must match (AND); a
 * field's array of match values matches when any of them does (OR); a nested
 * object matches a nested object of the event; an array in the event matches
 * when any of its elements does; `$or` takes alternative sub-patterns.
 * @throws InvalidEventPatternError saying what is wrong and where.
 */
export function compileEventPattern(pattern: unknown): EventMatcher {
  let parsed = pattern;
  if (typeof pattern === 'string') {
    try {
      parsed = JSON.parse(pattern);
    } catch {
      throw new InvalidEventPatternError('Event pattern is not valid JSON');
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidEventPatternError('Event pattern must be a JSON object');
  }
  const test = compileObject(parsed as Record<string, unknown>, '');
  return { matches: (event) => test(event) };
}

/** Whether `event` matches `pattern` (TestEventPattern). */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  return compileEventPattern(pattern).matches(event);
}

function compileObject(pattern: Record<string, unknown>, path: string): ObjectTest {
  const tests: ObjectTest[] = [];
  for (const [key, spec] of Object.entries(pattern)) {
    const here = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(spec) || spec.length < 2) {
        throw new InvalidEventPatternError(
          `"${here}": $or needs an array of at least two patterns`,
        );
      }
      const alternatives = spec.map((alt, i) => {
        if (!alt || typeof alt !== 'object' || Array.isArray(alt)) {
          throw new InvalidEventPatternError(
            `"${here}[${i}]": each $or alternative must be an object`,
          );
        }
        return compileObject(alt as Record<string, unknown>, path);
      });
      tests.push((value) => alternatives.some((alt) => alt(value)));
    } else if (Array.isArray(spec)) {
      if (spec.length === 0)
        throw new InvalidEventPatternError(`"${here}": match value arrays cannot be empty`);
      const leaves = spec.map((s) => compileMatchValue(s, here));
      tests.push((value) => matchField(value, key, leaves));
    } else if (spec !== null && typeof spec === 'object') {
      if (Object.keys(spec).length === 0)
        throw new InvalidEventPatternError(`"${here}": empty object`);
      const nested = compileObject(spec as Record<string, unknown>, here);
      tests.push((value) => {
        const field = fieldOf(value, key);
        if (Array.isArray(field.value))
          return field.value.some((element) => isObject(element) && nested(element));
        return field.present && isObject(field.value) && nested(field.value);
      });
    } else {
      throw new InvalidEventPatternError(
        `"${here}": match values must be in an array, e.g. [${JSON.stringify(spec)}]`,
      );
    }
  }
  return (value) => tests.every((t) => t(value));
}

function matchField(container: unknown, key: string, leaves: LeafTest[]): boolean {
  const { present, value } = fieldOf(container, key);
  if (Array.isArray(value)) {
    // An array is matched element by element; an empty one has no values.
    if (value.length === 0) return leaves.some((leaf) => leaf(undefined, false));
    return value.some((element) => leaves.some((leaf) => leaf(element, true)));
  }
  return leaves.some((leaf) => leaf(value, present));
}

function fieldOf(container: unknown, key: string): { present: boolean; value: unknown } {
  if (!isObject(container) || !Object.hasOwn(container, key))
    return { present: false, value: undefined };
  return { present: true, value: (container as Record<string, unknown>)[key] };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
