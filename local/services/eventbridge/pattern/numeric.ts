import { comparableNumber } from './comparable-number';
import { InvalidEventPatternError, show } from './errors';
import type { ValueTest } from './types';

const LOWER = new Set(['>', '>=']);
const UPPER = new Set(['<', '<=']);

/**
 * Compiles `{"numeric": [...]}`. "Numeric matching works with values that are
 * JSON numbers" — a string such as "300" never matches. The forms the service
 * accepts: `["=", n]`; one bound (`[">", n]`, `["<=", n]`, …); or a range
 * whose lower bound (`>`/`>=`) comes first and upper bound (`<`/`<=`) second,
 * e.g. `[">", 0, "<=", 5]`, with lower < upper. Operands must be JSON numbers
 * within ±5.0e9.
 */
export function compileNumeric(operand: unknown, path: string): ValueTest {
  if (!Array.isArray(operand)) {
    throw new InvalidEventPatternError(
      `numeric needs an array of operator/number pairs, e.g. [">", 0, "<=", 5], got ${show(operand)}`,
      path,
    );
  }
  const [first, firstValue, second, secondValue, ...rest] = operand as unknown[];
  if (typeof first !== 'string') {
    throw new InvalidEventPatternError(
      `numeric must start with an operator (=, <, <=, >, >=), got ${operand.length === 0 ? 'an empty array' : show(first)}`,
      path,
    );
  }
  if (first !== '=' && !LOWER.has(first) && !UPPER.has(first)) {
    throw new InvalidEventPatternError(
      `unrecognized numeric operator ${show(first)}; use =, <, <=, > or >=`,
      path,
    );
  }
  const bound = checkedBound(first, firstValue, operand.length > 1, path);
  if (operand.length > 2 && !LOWER.has(first)) {
    throw new InvalidEventPatternError(
      first === '='
        ? `numeric '=' takes exactly one number and cannot be combined with other operators`
        : `numeric range must give its lower bound (> or >=) first, then its upper bound (< or <=); got ${show(operand)}`,
      path,
    );
  }
  if (operand.length <= 2) return single(first, bound);
  if (typeof second !== 'string') {
    throw new InvalidEventPatternError(`bad value in numeric range: ${show(second)}`, path);
  }
  if (!UPPER.has(second)) {
    throw new InvalidEventPatternError(
      `bad numeric range operator ${show(second)}: after a lower bound only < or <= may follow`,
      path,
    );
  }
  const top = checkedBound(second, secondValue, operand.length > 3, path);
  if (rest.length > 0) {
    throw new InvalidEventPatternError(
      `numeric takes at most two operator/number pairs, got ${show(operand)}`,
      path,
    );
  }
  if (bound >= top) {
    throw new InvalidEventPatternError(
      `numeric range is empty: the lower bound ${show(firstValue)} must be less than the upper bound ${show(secondValue)}`,
      path,
    );
  }
  const low = single(first, bound);
  const high = single(second, top);
  return (value) => low(value) && high(value);
}

/** Validates one operand and returns it in comparable form. */
function checkedBound(operator: string, value: unknown, given: boolean, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidEventPatternError(
      `numeric operator '${operator}' needs a number, got ${given ? show(value) : 'nothing'}`,
      path,
    );
  }
  const comparable = comparableNumber(value);
  if (comparable === undefined) {
    throw new InvalidEventPatternError(
      `numeric operator '${operator}' value ${value} is outside the supported range -5.0e9 to 5.0e9`,
      path,
    );
  }
  return comparable;
}

function single(operator: string, bound: number): ValueTest {
  const compare = COMPARATORS[operator] as (n: number) => boolean;
  return (value) => {
    if (typeof value !== 'number') return false;
    const n = comparableNumber(value);
    return n !== undefined && compare(n - bound);
  };
}

const COMPARATORS: Record<string, (difference: number) => boolean> = {
  '=': (d) => d === 0,
  '<': (d) => d < 0,
  '<=': (d) => d <= 0,
  '>': (d) => d > 0,
  '>=': (d) => d >= 0,
};
