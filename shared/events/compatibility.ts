/** A JSON Schema node, as `z.toJSONSchema` writes it (draft 4). */
export type JsonSchema = {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly minimum?: number;
  readonly maximum?: number;
  /** Draft 4 writes a boolean beside `minimum`; later drafts a number. */
  readonly exclusiveMinimum?: boolean | number;
  readonly exclusiveMaximum?: boolean | number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly multipleOf?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly [key: string]: unknown;
};

/**
 * Lists the changes from `previous` to `next` that break a reader. Two readers
 * must keep working without a new `schemaVersion`:
 *
 * 1. this code, reading every event already stored (the store is forever), so
 *    every value `previous` accepted must pass `next`;
 * 2. consumers already deployed, reading events this code writes, as far as
 *    the fields they read: a field must not disappear under them.
 *
 * Breaking, therefore:
 * - a property removed, or no longer required (deployed consumers read it);
 * - a property's type changed, except `integer` → `number` (a widening);
 * - a new required property, or an optional one made required (stored events lack it);
 * - a union (`anyOf`) that no longer accepts what one of its branches did;
 * - an enum that lost values, or a property that became an enum;
 * - a constraint added or tightened: `minimum`/`maximum` (exclusive or not),
 *   `minLength`/`maxLength`, `minItems`/`maxItems`, `multipleOf`, or a changed
 *   `pattern`/`format` (patterns are not compared for inclusion).
 *
 * Compatible: an added optional property, a widened enum or union, a loosened
 * or removed constraint. These are judged for stored events only (reader 1):
 * a deployed consumer that validates a closed enum still rejects a new value,
 * and no `schemaVersion` can help it — deploy consumers before producers.
 * Paths are dotted; `[]` stands for array items, `|n` for a union branch.
 */
export function findBreakingChanges(previous: JsonSchema, next: JsonSchema, path = ''): string[] {
  const at = path || '(root)';
  if (previous.anyOf || next.anyOf) return unionChanges(previous, next, path);
  const lostTypes = typesOf(previous).filter((t) => !accepts(typesOf(next), t));
  if (lostTypes.length > 0) {
    return [`${at}: type changed from ${describe(previous)} to ${describe(next)}`];
  }
  return [
    ...propertyChanges(previous, next, path),
    ...(previous.items && next.items
      ? findBreakingChanges(previous.items, next.items, `${path}[]`)
      : []),
    ...enumChanges(previous, next, at),
    ...constraintChanges(previous, next, at),
  ];
}

function propertyChanges(previous: JsonSchema, next: JsonSchema, path: string): string[] {
  const changes: string[] = [];
  const prevProps = previous.properties ?? {};
  const nextProps = next.properties ?? {};
  const prevRequired = new Set(previous.required ?? []);
  const nextRequired = new Set(next.required ?? []);
  const child = (name: string) => (path ? `${path}.${name}` : name);
  for (const [name, prevProp] of Object.entries(prevProps)) {
    const nextProp = nextProps[name];
    if (!nextProp) {
      changes.push(`${child(name)}: removed`);
      continue;
    }
    if (prevRequired.has(name) && !nextRequired.has(name)) {
      changes.push(`${child(name)}: no longer required`);
    }
    changes.push(...findBreakingChanges(prevProp, nextProp, child(name)));
  }
  for (const name of nextRequired) {
    if (prevRequired.has(name)) continue;
    changes.push(
      prevProps[name] ? `${child(name)}: became required` : `${child(name)}: new required property`,
    );
  }
  return changes;
}

/** Every branch of the old union must still be accepted by some branch of the new one. */
function unionChanges(previous: JsonSchema, next: JsonSchema, path: string): string[] {
  const at = path || '(root)';
  const prevBranches = branchesOf(previous);
  const nextBranches = branchesOf(next);
  const changes: string[] = [];
  prevBranches.forEach((branch, i) => {
    const attempts = nextBranches.map((candidate) =>
      findBreakingChanges(branch, candidate, `${path}|${i}`),
    );
    if (attempts.some((a) => a.length === 0)) return;
    // Report against the closest branch, so the message says what changed.
    const closest = attempts.reduce((a, b) => (b.length < a.length ? b : a));
    changes.push(
      `${at}: union branch ${i} (${describe(branch)}) is no longer accepted`,
      ...closest,
    );
  });
  return changes;
}

/** The alternatives of a schema: its `anyOf`, or one per type of a type list (zod writes `["string","null"]`). */
function branchesOf(schema: JsonSchema): readonly JsonSchema[] {
  if (schema.anyOf) return schema.anyOf;
  if (Array.isArray(schema.type)) {
    return (schema.type as readonly string[]).map((type) => ({ ...schema, type }));
  }
  return [schema];
}

function enumChanges(previous: JsonSchema, next: JsonSchema, at: string): string[] {
  if (!next.enum) return [];
  if (!previous.enum) return [`${at}: became an enum`];
  const lost = previous.enum.filter(
    (v) => !next.enum?.some((n) => JSON.stringify(n) === JSON.stringify(v)),
  );
  return lost.length > 0 ? [`${at}: enum lost ${JSON.stringify(lost)}`] : [];
}

function constraintChanges(previous: JsonSchema, next: JsonSchema, at: string): string[] {
  const changes: string[] = [];
  const lower = (s: JsonSchema) => bound(s, 'minimum', 'exclusiveMinimum');
  const upper = (s: JsonSchema) => bound(s, 'maximum', 'exclusiveMaximum');
  if (tighterLower(lower(previous), lower(next))) {
    changes.push(
      `${at}: lower bound tightened from ${show(lower(previous))} to ${show(lower(next))}`,
    );
  }
  if (tighterUpper(upper(previous), upper(next))) {
    changes.push(
      `${at}: upper bound tightened from ${show(upper(previous))} to ${show(upper(next))}`,
    );
  }
  const counts: [keyof JsonSchema, 'min' | 'max'][] = [
    ['minLength', 'min'],
    ['minItems', 'min'],
    ['maxLength', 'max'],
    ['maxItems', 'max'],
  ];
  for (const [key, kind] of counts) {
    const a = previous[key] as number | undefined;
    const b = next[key] as number | undefined;
    if (b === undefined || a === b) continue;
    if (a === undefined || (kind === 'min' ? b > a : b < a)) {
      changes.push(`${at}: ${String(key)} tightened from ${a ?? 'none'} to ${b}`);
    }
  }
  const a = previous.multipleOf;
  const b = next.multipleOf;
  // Every multiple of b is a multiple of a only when b is itself a multiple of a.
  if (b !== undefined && (a === undefined || !isMultiple(a, b))) {
    changes.push(`${at}: multipleOf changed from ${a ?? 'none'} to ${b}`);
  }
  for (const key of ['pattern', 'format'] as const) {
    if (next[key] !== undefined && next[key] !== previous[key]) {
      changes.push(
        `${at}: ${key} changed from ${JSON.stringify(previous[key])} to ${JSON.stringify(next[key])}`,
      );
    }
  }
  return changes;
}

/** A numeric bound, inclusive or exclusive; undefined = unbounded. */
interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
}

function bound(
  schema: JsonSchema,
  inclusiveKey: 'minimum' | 'maximum',
  exclusiveKey: 'exclusiveMinimum' | 'exclusiveMaximum',
): Bound | undefined {
  const exclusive = schema[exclusiveKey];
  // Draft 6+ writes the exclusive bound as a number of its own.
  if (typeof exclusive === 'number') return { value: exclusive, exclusive: true };
  const value = schema[inclusiveKey];
  return value === undefined ? undefined : { value, exclusive: exclusive === true };
}

function tighterLower(a: Bound | undefined, b: Bound | undefined): boolean {
  if (!b) return false;
  if (!a) return true;
  return b.value > a.value || (b.value === a.value && b.exclusive && !a.exclusive);
}

function tighterUpper(a: Bound | undefined, b: Bound | undefined): boolean {
  if (!b) return false;
  if (!a) return true;
  return b.value < a.value || (b.value === a.value && b.exclusive && !a.exclusive);
}

function show(b: Bound | undefined): string {
  return b ? `${b.exclusive ? 'exclusive ' : ''}${b.value}` : 'none';
}

function isMultiple(of: number, value: number): boolean {
  const ratio = value / of;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

function typesOf(schema: JsonSchema): string[] {
  if (schema.type === undefined) return ['any'];
  return typeof schema.type === 'string' ? [schema.type] : [...schema.type];
}

/** `number` accepts every `integer`; `any` accepts everything. */
function accepts(types: readonly string[], type: string): boolean {
  return (
    types.includes('any') ||
    types.includes(type) ||
    (type === 'integer' && types.includes('number'))
  );
}

function describe(schema: JsonSchema): string {
  if (schema.anyOf) return `anyOf(${schema.anyOf.map(describe).join(', ')})`;
  return JSON.stringify(schema.type ?? 'any');
}
