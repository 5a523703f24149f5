import { compileAnythingBut } from './anything-but';
import { compileCidr } from './cidr';
import { numbersEqual } from './comparable-number';
import { Operator } from './constants';
import { InvalidEventPatternError, show } from './errors';
import { parseIp, sameIp } from './ip-address';
import { compileNumeric } from './numeric';
import type { CompileContext, FieldCondition, LeafValue, ValueTest } from './types';
import { isLeafValue } from './types';
import { matchesWildcard, parseWildcard } from './wildcard';

const anyValue: ValueTest = () => true;

/**
 * Compiles a field's list of match values. "In an event pattern, the value to
 * match is in a JSON array … An event pattern matches the event if any of the
 * values in the array match the value in the event." An empty list is
 * refused; `{"exists": false}` in the list lets the field be missing instead.
 */
export function compileFieldList(
  list: readonly unknown[],
  path: string,
  context: CompileContext,
): FieldCondition {
  if (list.length === 0) {
    throw new InvalidEventPatternError(
      'empty arrays are not allowed; list at least one value to match',
      path,
    );
  }
  const tests: ValueTest[] = [];
  let absentOk = false;
  for (const spec of list) {
    const test = compileMatchValue(spec, path, context);
    if (test === 'absent') absentOk = true;
    else tests.push(test);
  }
  return { tests, absentOk };
}

/**
 * One match value: a literal ("the values that event patterns match follow
 * JSON rules: … strings enclosed in quotation marks, numbers, and the
 * keywords true, false, and null") or an object with one comparison
 * operator. Returns `'absent'` for `{"exists": false}`.
 */
export function compileMatchValue(
  spec: unknown,
  path: string,
  context: CompileContext,
): ValueTest | 'absent' {
  if (isLeafValue(spec)) return literal(spec, path);
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new InvalidEventPatternError(
      `match values must be strings, numbers, true, false, null or an operator object, got ${Array.isArray(spec) ? 'an array' : show(spec)}`,
      path,
    );
  }
  const keys = Object.keys(spec);
  if (keys.length !== 1) {
    throw new InvalidEventPatternError(
      keys.length === 0
        ? 'empty match expression; give one operator, e.g. {"prefix": "abc"}'
        : `only one operator is allowed in a match expression, got ${keys.map((k) => show(k)).join(', ')}; list alternatives as separate values instead`,
      path,
    );
  }
  const operator = keys[0] as string;
  const operand = (spec as Record<string, unknown>)[operator];
  switch (operator) {
    case Operator.PREFIX:
      return affix(operand, path, 'prefix');
    case Operator.SUFFIX:
      return affix(operand, path, 'suffix');
    case Operator.EQUALS_IGNORE_CASE: {
      const folded = requireString(operand, path, operator).toLowerCase();
      return (value) => typeof value === 'string' && value.toLowerCase() === folded;
    }
    case Operator.WILDCARD: {
      const text = requireString(operand, path, operator);
      const wildcard = parseWildcard(text, path, 'wildcard');
      context.addWildcard(path, { key: `wildcard:${text}`, tokens: wildcard.tokens });
      return (value) => typeof value === 'string' && matchesWildcard(wildcard, value);
    }
    case Operator.EXISTS:
      return exists(operand, path);
    case Operator.NUMERIC:
      return compileNumeric(operand, path);
    case Operator.CIDR:
      return compileCidr(operand, path);
    case Operator.ANYTHING_BUT:
      return compileAnythingBut(operand, path, context);
    default:
      throw new InvalidEventPatternError(
        `unrecognized match type ${show(operator)}; operators are ${Object.values(Operator).join(', ')} (case-sensitive)`,
        path,
      );
  }
}

/**
 * Exact matching: "for strings, EventBridge uses exact character-by-character
 * matching without case-folding or any other string normalization", and a
 * value matches only a value of the same JSON type ("5" is not 5, "null" is
 * not null). Numbers compare by value. A string that is an IP address also
 * matches the same address written another way, as on AWS.
 */
function literal(expected: LeafValue, path: string): ValueTest {
  if (typeof expected === 'number') {
    if (!Number.isFinite(expected)) {
      throw new InvalidEventPatternError(`${show(expected)} is not a JSON number`, path);
    }
    return (value) => typeof value === 'number' && numbersEqual(expected, value);
  }
  if (typeof expected === 'string') {
    const ip = parseIp(expected);
    if (ip)
      return (value) => value === expected || (typeof value === 'string' && sameIp(ip, value));
  }
  return (value) => value === expected;
}

function requireString(operand: unknown, path: string, operator: string): string {
  if (typeof operand !== 'string') {
    throw new InvalidEventPatternError(
      `${operator} match pattern must be a string, got ${show(operand)}`,
      path,
    );
  }
  return operand;
}

/**
 * `prefix` / `suffix`, on strings only, optionally as
 * `{"prefix": {"equals-ignore-case": "EventB"}}`: "You can also match a prefix
 * value regardless of the casing of the characters at the beginning of a
 * value, using equals-ignore-case in conjunction with prefix."
 */
function affix(operand: unknown, path: string, kind: 'prefix' | 'suffix'): ValueTest {
  let text: string;
  let ignoreCase = false;
  if (operand !== null && typeof operand === 'object' && !Array.isArray(operand)) {
    const keys = Object.keys(operand);
    if (keys.length !== 1 || keys[0] !== Operator.EQUALS_IGNORE_CASE) {
      throw new InvalidEventPatternError(
        `${kind} takes a string or {"equals-ignore-case": string}, got ${show(operand)}`,
        path,
      );
    }
    const inner = (operand as Record<string, unknown>)[Operator.EQUALS_IGNORE_CASE];
    text = requireString(inner, path, `${kind} equals-ignore-case`);
    ignoreCase = true;
  } else {
    text = requireString(operand, path, kind);
  }
  if (ignoreCase) {
    const folded = text.toLowerCase();
    return kind === 'prefix'
      ? (value) => typeof value === 'string' && value.toLowerCase().startsWith(folded)
      : (value) => typeof value === 'string' && value.toLowerCase().endsWith(folded);
  }
  return kind === 'prefix'
    ? (value) => typeof value === 'string' && value.startsWith(text)
    : (value) => typeof value === 'string' && value.endsWith(text);
}

/**
 * "Exists matching only works on leaf nodes. It does not work on intermediate
 * nodes." `true` matches any leaf value, null included; `false` is handled by
 * the caller as "no value at this path" (an object or an empty array there
 * has none).
 */
function exists(operand: unknown, path: string): ValueTest | 'absent' {
  if (typeof operand !== 'boolean') {
    throw new InvalidEventPatternError(
      `exists match pattern must be either true or false, got ${show(operand)}`,
      path,
    );
  }
  return operand ? anyValue : 'absent';
}
