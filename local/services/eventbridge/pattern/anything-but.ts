import { comparableNumber, numbersEqual } from './comparable-number';
import { Operator, PatternLimits } from './constants';
import { InvalidEventPatternError, show } from './errors';
import type { CompileContext, ValueTest } from './types';
import { matchesWildcard, parseWildcard } from './wildcard';

const STRING_FORMS = [
  Operator.PREFIX,
  Operator.SUFFIX,
  Operator.EQUALS_IGNORE_CASE,
  Operator.WILDCARD,
] as const;
type StringForm = (typeof STRING_FORMS)[number];

/**
 * Compiles `{"anything-but": …}`: "Anything-but matching matches anything
 * except what's provided in the rule." It takes a string or number, a list
 * of only strings or only numbers, or an object applying it to `prefix`,
 * `suffix`, `equals-ignore-case` or `wildcard` (one string or a list).
 *
 * It matches any value the field has — null, booleans and numbers included
 * (AWS matches `{"anything-but": {"prefix": "init"}}` to `12` and to `null`)
 * — except the excluded ones; it never matches a missing field.
 */
export function compileAnythingBut(
  operand: unknown,
  path: string,
  context: CompileContext,
): ValueTest {
  const excluded = exclusion(operand, path, context);
  return (value) => !excluded(value);
}

function exclusion(operand: unknown, path: string, context: CompileContext): ValueTest {
  if (typeof operand === 'string') return (value) => value === operand;
  if (typeof operand === 'number') return numberExclusion([operand], path);
  if (Array.isArray(operand)) return listExclusion(operand, path);
  if (operand !== null && typeof operand === 'object') {
    return formExclusion(operand as Record<string, unknown>, path, context);
  }
  throw new InvalidEventPatternError(
    `anything-but needs a string, a number, a list of strings or of numbers, or an object with prefix, suffix, equals-ignore-case or wildcard; got ${show(operand)}`,
    path,
  );
}

function listExclusion(list: readonly unknown[], path: string): ValueTest {
  if (list.length === 0) {
    throw new InvalidEventPatternError('anything-but list cannot be empty', path);
  }
  const wrong = list.findIndex((v) => typeof v !== 'string' && typeof v !== 'number');
  if (wrong >= 0) {
    throw new InvalidEventPatternError(
      `anything-but list values must be strings or numbers, got ${show(list[wrong])}`,
      path,
    );
  }
  const strings = list.filter((v): v is string => typeof v === 'string');
  if (strings.length > 0 && strings.length < list.length) {
    throw new InvalidEventPatternError(
      `anything-but list must hold only strings or only numbers, not both: ${show(list)}`,
      path,
    );
  }
  if (strings.length === 0) return numberExclusion(list as number[], path);
  const set = new Set(strings);
  return (value) => typeof value === 'string' && set.has(value);
}

function numberExclusion(numbers: readonly number[], path: string): ValueTest {
  for (const n of numbers) {
    if (!Number.isFinite(n) || comparableNumber(n) === undefined) {
      throw new InvalidEventPatternError(
        `anything-but number ${n} is outside the supported range -${PatternLimits.NUMERIC_MAX.toExponential(1)} to ${PatternLimits.NUMERIC_MAX.toExponential(1)}`,
        path,
      );
    }
  }
  return (value) => typeof value === 'number' && numbers.some((n) => numbersEqual(n, value));
}

function formExclusion(
  form: Record<string, unknown>,
  path: string,
  context: CompileContext,
): ValueTest {
  const keys = Object.keys(form);
  if (keys.length !== 1) {
    throw new InvalidEventPatternError(
      keys.length === 0
        ? 'anything-but object needs one of prefix, suffix, equals-ignore-case or wildcard'
        : `anything-but object takes exactly one operator, got ${keys.map((k) => show(k)).join(', ')}`,
      path,
    );
  }
  const name = keys[0] as string;
  if (!(STRING_FORMS as readonly string[]).includes(name)) {
    throw new InvalidEventPatternError(
      `anything-but does not support ${show(name)}; use prefix, suffix, equals-ignore-case or wildcard`,
      path,
    );
  }
  const operator = name as StringForm;
  const inner = form[operator];
  const texts = typeof inner === 'string' ? [inner] : Array.isArray(inner) ? inner : undefined;
  if (texts === undefined) {
    throw new InvalidEventPatternError(
      `anything-but ${operator} needs a string or a list of strings, got ${show(inner)}`,
      path,
    );
  }
  for (const text of texts) {
    if (typeof text !== 'string') {
      throw new InvalidEventPatternError(
        `anything-but ${operator} values must be strings, got ${show(text)}`,
        path,
      );
    }
    if (text === '' && (operator === Operator.PREFIX || operator === Operator.SUFFIX)) {
      throw new InvalidEventPatternError(
        `anything-but ${operator} cannot be an empty string`,
        path,
      );
    }
  }
  const strings = texts as string[];
  const tests = strings.map((text) => stringTest(operator, text, path, context));
  return (value) => typeof value === 'string' && tests.some((test) => test(value));
}

function stringTest(
  operator: StringForm,
  text: string,
  path: string,
  context: CompileContext,
): (value: string) => boolean {
  switch (operator) {
    case Operator.PREFIX:
      return (value) => value.startsWith(text);
    case Operator.SUFFIX:
      return (value) => value.endsWith(text);
    case Operator.EQUALS_IGNORE_CASE: {
      const folded = text.toLowerCase();
      return (value) => value.toLowerCase() === folded;
    }
    case Operator.WILDCARD: {
      const wildcard = parseWildcard(text, path, 'anything-but wildcard');
      context.addWildcard(path, { key: `anything-but:${text}`, tokens: wildcard.tokens });
      return (value) => matchesWildcard(wildcard, value);
    }
  }
}
