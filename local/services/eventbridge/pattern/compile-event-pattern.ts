import { PatternLimits } from './constants';
import type { EventMatcher } from './EventPatternMatcher';
import { EventPatternMatcher } from './EventPatternMatcher';
import { InvalidEventPatternError } from './errors';
import { parsePattern } from './parse-pattern';
import { wildcardComplexity } from './wildcard-complexity';

/**
 * Compiles an Amazon EventBridge event pattern (JSON text or a parsed
 * object), validating it as EventBridge does, into a matcher to reuse for
 * every event. The semantics are those of AWS's "Amazon EventBridge event
 * patterns", "Comparison operators" / "Content filtering" and "Arrays in
 * event patterns" pages: fields are ANDed, a field's list of match values is
 * an OR, `$or` ORs whole sub-patterns, and an array in the event matches when
 * any element does.
 *
 * @throws InvalidEventPatternError saying what is wrong and at which field.
 */
export function compileEventPattern(pattern: string | unknown): EventMatcher {
  const parsed = parsePattern(typeof pattern === 'string' ? parseJson(pattern) : pattern);
  for (const [path, uses] of parsed.wildcards) {
    const limit = PatternLimits.MAX_WILDCARD_COMPLEXITY;
    const complexity = wildcardComplexity(
      uses.map((use) => use.tokens),
      limit,
    );
    if (complexity > limit) {
      throw new InvalidEventPatternError(
        `Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character (its complexity is above the limit of ${limit})`,
        path,
      );
    }
  }
  return new EventPatternMatcher(parsed.paths, parsed.subRules);
}

/**
 * Whether `event` matches `pattern` — TestEventPattern. Compiles the pattern
 * each call; keep a matcher from `compileEventPattern` to test many events.
 * @throws InvalidEventPatternError for an invalid pattern.
 */
export function matchesEventPattern(pattern: string | unknown, event: unknown): boolean {
  return compileEventPattern(pattern).matches(event);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidEventPatternError(
      `the event pattern is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      undefined,
      { cause: error },
    );
  }
}
