/**
 * The JSONPath subset EventBridge evaluates for `InputPath` and
 * `InputPathsMap`: `$`, dot notation (names with letters, digits, `-`, `_`,
 * `/`), bracket notation (`['name']`), array indices and the wildcard `*`.
 * Filters, slices, unions and recursive descent are refused, as AWS does not
 * support them.
 */
export type PathStep =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' };

export class JsonPathSyntaxError extends Error {
  constructor(path: string, reason: string) {
    super(`'${path}' is not a supported JSON path: ${reason}`);
    this.name = 'JsonPathSyntaxError';
  }
}

const NAME = /^[A-Za-z0-9_\-/$@]+/;

/** Parses a path into steps; throws `JsonPathSyntaxError` when it is outside the subset. */
export function parseJsonPath(path: string): PathStep[] {
  if (!path.startsWith('$')) throw new JsonPathSyntaxError(path, 'it must start with $');
  const steps: PathStep[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    if (rest.startsWith('..'))
      throw new JsonPathSyntaxError(path, 'recursive descent is not supported');
    if (rest.startsWith('.*')) {
      steps.push({ kind: 'wildcard' });
      rest = rest.slice(2);
      continue;
    }
    if (rest.startsWith('.')) {
      const name = NAME.exec(rest.slice(1))?.[0];
      if (!name) throw new JsonPathSyntaxError(path, `unexpected '${rest}'`);
      steps.push({ kind: 'name', name });
      rest = rest.slice(1 + name.length);
      continue;
    }
    if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      if (close < 0) throw new JsonPathSyntaxError(path, 'unclosed [');
      const inner = rest.slice(1, close).trim();
      rest = rest.slice(close + 1);
      if (inner === '*') {
        steps.push({ kind: 'wildcard' });
      } else if (/^\d+$/.test(inner)) {
        steps.push({ kind: 'index', index: Number(inner) });
      } else if (/^'[^']*'$|^"[^"]*"$/.test(inner)) {
        steps.push({ kind: 'name', name: inner.slice(1, -1) });
      } else {
        throw new JsonPathSyntaxError(path, `[${inner}] is not supported`);
      }
      continue;
    }
    throw new JsonPathSyntaxError(path, `unexpected '${rest}'`);
  }
  return steps;
}

/** The result of evaluating a path: whether it matched, and the value. */
export type PathResult =
  | { readonly found: true; readonly value: unknown }
  | { readonly found: false };

/**
 * Evaluates a path against a JSON value. A path with a wildcard yields the
 * array of every match (found when at least one matched).
 */
export function evaluateJsonPath(path: string | readonly PathStep[], root: unknown): PathResult {
  const steps = typeof path === 'string' ? parseJsonPath(path) : path;
  const hasWildcard = steps.some((s) => s.kind === 'wildcard');
  let current: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if (step.kind === 'wildcard') {
        if (Array.isArray(value)) next.push(...value);
        else if (isObject(value)) next.push(...Object.values(value));
      } else if (step.kind === 'index') {
        if (Array.isArray(value) && step.index < value.length) next.push(value[step.index]);
      } else if (isObject(value) && Object.hasOwn(value, step.name)) {
        next.push(value[step.name]);
      }
    }
    current = next;
  }
  if (hasWildcard) return current.length > 0 ? { found: true, value: current } : { found: false };
  return current.length === 1 ? { found: true, value: current[0] } : { found: false };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
