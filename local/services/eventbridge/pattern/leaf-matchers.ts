import { parseCidr } from './cidr';
import { InvalidEventPatternError } from './errors';

/** Tests one event value against one match value of a pattern. `present` is false when the field is absent. */
export type LeafTest = (value: unknown, present: boolean) => boolean;

/** EventBridge compares numbers only between these bounds (AWS docs, "Numeric matching"). */
const NUMERIC_LIMIT = 5e9;
const NUMERIC_OPERATORS = new Set(['=', '<', '<=', '>', '>=']);

const isLeafValue = (v: unknown) =>
  v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** Compiles one element of a leaf array: a literal, or an object with one operator. */
export function compileMatchValue(spec: unknown, path: string): LeafTest {
  if (isLeafValue(spec)) return (value, present) => present && literalEquals(value, spec);
  if (typeof spec !== 'object' || Array.isArray(spec)) {
    throw new InvalidEventPatternError(
      `"${path}": match values must be strings, numbers, booleans, null or operator objects`,
    );
  }
  const keys = Object.keys(spec as object);
  if (keys.length !== 1) {
    throw new InvalidEventPatternError(
      `"${path}": an operator object must have exactly one key, got ${JSON.stringify(keys)}`,
    );
  }
  const operator = keys[0] as string;
  const operand = (spec as Record<string, unknown>)[operator];
  switch (operator) {
    case 'prefix':
      return affix(operand, path, 'prefix');
    case 'suffix':
      return affix(operand, path, 'suffix');
    case 'equals-ignore-case': {
      const text = requireString(operand, path, 'equals-ignore-case');
      return (value, present) =>
        present && typeof value === 'string' && value.toLowerCase() === text.toLowerCase();
    }
    case 'wildcard': {
      const regex = wildcardRegex(requireString(operand, path, 'wildcard'), path);
      return (value, present) => present && typeof value === 'string' && regex.test(value);
    }
    case 'exists':
      if (typeof operand !== 'boolean') {
        throw new InvalidEventPatternError(
          `"${path}": exists needs true or false, got ${JSON.stringify(operand)}`,
        );
      }
      // `exists` matches leaf values only; an absent field is what `false` means.
      return operand
        ? (value, present) => present && isLeafValue(value)
        : (_value, present) => !present;
    case 'numeric':
      return numeric(operand, path);
    case 'cidr': {
      const range = parseCidr(requireString(operand, path, 'cidr'), path);
      return (value, present) => present && typeof value === 'string' && range(value);
    }
    case 'anything-but':
      return anythingBut(operand, path);
    default:
      throw new InvalidEventPatternError(`"${path}": unknown operator "${operator}"`);
  }
}

function literalEquals(value: unknown, expected: unknown): boolean {
  if (typeof expected === 'number') return typeof value === 'number' && value === expected;
  return value === expected;
}

function requireString(operand: unknown, path: string, operator: string): string {
  if (typeof operand !== 'string') {
    throw new InvalidEventPatternError(
      `"${path}": ${operator} needs a string, got ${JSON.stringify(operand)}`,
    );
  }
  return operand;
}

function affix(operand: unknown, path: string, kind: 'prefix' | 'suffix'): LeafTest {
  let text: string;
  let ignoreCase = false;
  if (operand && typeof operand === 'object' && !Array.isArray(operand)) {
    const keys = Object.keys(operand);
    if (keys.length !== 1 || keys[0] !== 'equals-ignore-case') {
      throw new InvalidEventPatternError(
        `"${path}": ${kind} takes a string or {"equals-ignore-case": string}`,
      );
    }
    text = requireString((operand as Record<string, unknown>)['equals-ignore-case'], path, kind);
    ignoreCase = true;
  } else {
    text = requireString(operand, path, kind);
  }
  const needle = ignoreCase ? text.toLowerCase() : text;
  return (value, present) => {
    if (!present || typeof value !== 'string') return false;
    const hay = ignoreCase ? value.toLowerCase() : value;
    return kind === 'prefix' ? hay.startsWith(needle) : hay.endsWith(needle);
  };
}

/**
 * `*` matches any run of characters, `\*` a literal star. AWS refuses
 * consecutive wildcards (`**`).
 */
export function wildcardRegex(text: string, path: string): RegExp {
  if (/(?<!\\)\*\*/.test(text)) {
    throw new InvalidEventPatternError(`"${path}": wildcard "${text}" has consecutive wildcards`);
  }
  let source = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && text[i + 1] === '*') {
      source += '\\*';
      i++;
    } else if (c === '*') source += '.*';
    else source += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

function numeric(operand: unknown, path: string): LeafTest {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0) {
    throw new InvalidEventPatternError(
      `"${path}": numeric needs operator/number pairs, e.g. [">", 0, "<=", 5]`,
    );
  }
  const checks: ((n: number) => boolean)[] = [];
  let lower = false;
  let upper = false;
  for (let i = 0; i < operand.length; i += 2) {
    const op = operand[i];
    const bound = operand[i + 1];
    if (typeof op !== 'string' || !NUMERIC_OPERATORS.has(op)) {
      throw new InvalidEventPatternError(
        `"${path}": numeric operator ${JSON.stringify(op)} is not one of =, <, <=, >, >=`,
      );
    }
    if (typeof bound !== 'number' || !Number.isFinite(bound)) {
      throw new InvalidEventPatternError(
        `"${path}": numeric operator '${op}' needs a number, got ${JSON.stringify(bound)}`,
      );
    }
    if (Math.abs(bound) > NUMERIC_LIMIT) {
      throw new InvalidEventPatternError(`"${path}": numeric bound ${bound} is outside ±5.0e9`);
    }
    if (op === '=') {
      if (operand.length !== 2)
        throw new InvalidEventPatternError(`"${path}": numeric '=' cannot be combined`);
      checks.push((n) => n === bound);
    } else if (op.startsWith('>')) {
      if (lower) throw new InvalidEventPatternError(`"${path}": numeric has two lower bounds`);
      lower = true;
      checks.push(op === '>' ? (n) => n > bound : (n) => n >= bound);
    } else {
      if (upper) throw new InvalidEventPatternError(`"${path}": numeric has two upper bounds`);
      upper = true;
      checks.push(op === '<' ? (n) => n < bound : (n) => n <= bound);
    }
  }
  return (value, present) => present && typeof value === 'number' && checks.every((c) => c(value));
}

function anythingBut(operand: unknown, path: string): LeafTest {
  let excluded: LeafTest;
  if (Array.isArray(operand)) {
    if (operand.length === 0)
      throw new InvalidEventPatternError(`"${path}": anything-but list is empty`);
    const types = new Set(operand.map((v) => typeof v));
    if (types.size !== 1 || !(types.has('string') || types.has('number'))) {
      throw new InvalidEventPatternError(
        `"${path}": anything-but list must be all strings or all numbers`,
      );
    }
    excluded = (value) => operand.some((v) => literalEquals(value, v));
  } else if (typeof operand === 'string' || typeof operand === 'number') {
    excluded = (value) => literalEquals(value, operand);
  } else if (operand && typeof operand === 'object') {
    const keys = Object.keys(operand);
    const inner = (operand as Record<string, unknown>)[keys[0] as string];
    if (keys.length !== 1)
      throw new InvalidEventPatternError(`"${path}": anything-but takes one operator`);
    switch (keys[0]) {
      case 'prefix':
      case 'suffix':
        excluded = affix(inner, path, keys[0]);
        break;
      case 'wildcard':
      case 'equals-ignore-case': {
        const list = Array.isArray(inner) ? inner : [inner];
        const tests = list.map((v) => compileMatchValue({ [keys[0] as string]: v }, path));
        excluded = (value, present) => tests.some((t) => t(value, present));
        break;
      }
      default:
        throw new InvalidEventPatternError(`"${path}": anything-but does not take "${keys[0]}"`);
    }
  } else {
    throw new InvalidEventPatternError(
      `"${path}": anything-but needs a value, a list, or an operator object`,
    );
  }
  // anything-but matches a present leaf value that the inner matcher does not.
  return (value, present) =>
    present && isLeafValue(value) && value !== null && !excluded(value, true);
}
