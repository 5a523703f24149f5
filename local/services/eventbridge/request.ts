import { modelConstraintMessage, optionalIntegerInRange } from '../../core/validators';
import { EventBridgeLimits } from './constants';
import { EventBridgeErrors } from './errors';

/** A JSON request body, or one object inside it. */
export type Input = Record<string, unknown>;

interface StringRule {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
}

/**
 * AWS's wording for a broken model constraint, e.g. `1 validation error
 * detected: Value 'x y' at 'name' failed to satisfy constraint: …`.
 */
function constraint(path: string, value: unknown, rule: string) {
  return EventBridgeErrors.validation(modelConstraintMessage(path, rule, value));
}

function lowerFirst(path: string): string {
  return path.replace(/(^|\.)([A-Z])/g, (_m, dot: string, c: string) => dot + c.toLowerCase());
}

/** An optional string field, checked against the model's length and pattern. */
export function optionalString(
  input: Input,
  name: string,
  rule: StringRule = {},
  path = name,
): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw constraint(lowerFirst(path), value, 'Member must be a string');
  if (rule.min !== undefined && value.length < rule.min) {
    throw constraint(
      lowerFirst(path),
      value,
      `Member must have length greater than or equal to ${rule.min}`,
    );
  }
  if (rule.max !== undefined && value.length > rule.max) {
    throw constraint(
      lowerFirst(path),
      value,
      `Member must have length less than or equal to ${rule.max}`,
    );
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    throw constraint(
      lowerFirst(path),
      value,
      `Member must satisfy regular expression pattern: ${rule.pattern.source}`,
    );
  }
  return value;
}

/** A required string field. */
export function requiredString(
  input: Input,
  name: string,
  rule: StringRule = {},
  path = name,
): string {
  const value = optionalString(input, name, rule, path);
  if (value === undefined) throw constraint(lowerFirst(path), undefined, 'Member must not be null');
  return value;
}

/** An optional integer field within `[min, max]`, refused in AWS's model wording. */
export function optionalInteger(
  input: Input,
  name: string,
  min: number,
  max: number,
  path = name,
): number | undefined {
  return optionalIntegerInRange(name, input[name], { min, max }, (_field, value, range) => {
    const at = lowerFirst(path);
    if (typeof value !== 'number' || !Number.isInteger(value))
      return constraint(at, value, 'Member must be an integer');
    return range.min !== undefined && value < range.min
      ? constraint(at, value, `Member must have value greater than or equal to ${range.min}`)
      : constraint(at, value, `Member must have value less than or equal to ${range.max}`);
  });
}

/**
 * A timestamp field in milliseconds. JSON 1.1 sends epoch seconds (possibly
 * fractional); ISO strings are accepted too for hand-written requests.
 */
export function optionalTimestamp(input: Input, name: string, path = name): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * 1000);
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  throw constraint(lowerFirst(path), value, 'Member must be a timestamp');
}

export function requiredTimestamp(input: Input, name: string, path = name): number {
  const value = optionalTimestamp(input, name, path);
  if (value === undefined) throw constraint(lowerFirst(path), undefined, 'Member must not be null');
  return value;
}

/** An optional object field. */
export function optionalObject(input: Input, name: string, path = name): Input | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw constraint(lowerFirst(path), value, 'Member must be a structure');
  }
  return value as Input;
}

/** An optional list field, with its length bounds. */
export function optionalList(
  input: Input,
  name: string,
  min: number,
  max: number,
  path = name,
): unknown[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw constraint(lowerFirst(path), value, 'Member must be a list');
  if (value.length < min) {
    throw constraint(
      lowerFirst(path),
      `[${value.length} items]`,
      `Member must have length greater than or equal to ${min}`,
    );
  }
  if (value.length > max) {
    throw constraint(
      lowerFirst(path),
      `[${value.length} items]`,
      `Member must have length less than or equal to ${max}`,
    );
  }
  return value;
}

export function requiredList(
  input: Input,
  name: string,
  min: number,
  max: number,
  path = name,
): unknown[] {
  const value = optionalList(input, name, min, max, path);
  if (value === undefined) throw constraint(lowerFirst(path), undefined, 'Member must not be null');
  return value;
}

/** A list of strings (e.g. `Resources`, `FilterArns`, `Ids`). */
export function stringList(values: readonly unknown[], path: string): string[] {
  return values.map((v, i) => {
    if (typeof v !== 'string')
      throw constraint(`${lowerFirst(path)}.${i + 1}.member`, v, 'Member must be a string');
    return v;
  });
}

/** `Limit` and `NextToken` of list operations: an offset hidden in an opaque token. */
export function page<T>(
  items: readonly T[],
  input: Input,
  maxLimit: number,
): { items: T[]; next: { NextToken?: string } } {
  const limit = optionalInteger(input, 'Limit', 1, maxLimit) ?? maxLimit;
  const token = optionalString(input, 'NextToken', { min: 1, max: 2048 });
  let start = 0;
  if (token !== undefined) {
    const decoded = Number(
      Buffer.from(token, 'base64url')
        .toString('utf8')
        .replace(/^offset:/, ''),
    );
    if (!Number.isInteger(decoded) || decoded < 0) {
      throw EventBridgeErrors.validation('The NextToken provided is not valid.');
    }
    start = decoded;
  }
  const slice = items.slice(start, start + limit);
  const next = start + limit;
  return next < items.length
    ? {
        items: slice,
        next: { NextToken: Buffer.from(`offset:${next}`, 'utf8').toString('base64url') },
      }
    : { items: slice, next: {} };
}

/**
 * A list operation's page of named records: those whose name starts with
 * `NamePrefix` (at most `prefixMax` characters) and that `keep` keeps, by
 * name, with `Limit` and `NextToken` applied.
 * @returns the page's records, and `{ NextToken }` when more follow
 */
export function listByName<T extends { readonly name: string }>(
  records: Iterable<T>,
  input: Input,
  prefixMax: number,
  keep: (record: T) => boolean = () => true,
): { items: T[]; next: { NextToken?: string } } {
  const prefix = optionalString(input, 'NamePrefix', { min: 1, max: prefixMax });
  const listed = [...records]
    .filter((r) => (prefix === undefined || r.name.startsWith(prefix)) && keep(r))
    .sort((a, b) => a.name.localeCompare(b.name));
  return page(listed, input, EventBridgeLimits.LIST_MAX_LIMIT);
}

/** The bus a request names in `EventBusName` (name or ARN); undefined for the default bus. */
export function eventBusName(input: Input): string | undefined {
  return optionalString(input, 'EventBusName', EventBridgeLimits.EVENT_BUS_NAME_OR_ARN_LENGTH);
}
