/** A JSON Schema node, as `z.toJSONSchema` writes it. */
export type JsonSchema = {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly [key: string]: unknown;
};

/**
 * Lists the changes from `previous` to `next` that break events already
 * written or consumers already deployed:
 * - a property removed (consumers still read it);
 * - a property's type changed;
 * - a new required property, or an optional one made required (old events lack it);
 * - an enum that lost values, or a constraint tightened (`minimum`, `maximum`,
 *   `minLength`, `maxLength`, `minItems`, `pattern`, `format`) — old events may
 *   no longer pass.
 * Adding an optional property, widening an enum or loosening a constraint is
 * compatible. Paths are dotted; `[]` stands for array items.
 */
export function findBreakingChanges(previous: JsonSchema, next: JsonSchema, path = ''): string[] {
  const at = path || '(root)';
  const changes: string[] = [];
  const typeOf = (s: JsonSchema) => JSON.stringify(s.type ?? (s.anyOf ? 'anyOf' : 'any'));
  if (typeOf(previous) !== typeOf(next)) {
    return [`${at}: type changed from ${typeOf(previous)} to ${typeOf(next)}`];
  }
  const prevProps = previous.properties ?? {};
  const nextProps = next.properties ?? {};
  const prevRequired = new Set(previous.required ?? []);
  for (const name of Object.keys(prevProps)) {
    const child = path ? `${path}.${name}` : name;
    const nextProp = nextProps[name];
    if (!nextProp) changes.push(`${child}: removed`);
    else changes.push(...findBreakingChanges(prevProps[name] as JsonSchema, nextProp, child));
  }
  for (const name of next.required ?? []) {
    if (prevRequired.has(name)) continue;
    const child = path ? `${path}.${name}` : name;
    changes.push(prevProps[name] ? `${child}: became required` : `${child}: new required property`);
  }
  if (previous.items && next.items) {
    changes.push(...findBreakingChanges(previous.items, next.items, `${path}[]`));
  }
  if (previous.enum && next.enum) {
    const lost = previous.enum.filter(
      (v) => !next.enum?.some((n) => JSON.stringify(n) === JSON.stringify(v)),
    );
    if (lost.length > 0) changes.push(`${at}: enum lost ${JSON.stringify(lost)}`);
  } else if (!previous.enum && next.enum) {
    changes.push(`${at}: became an enum`);
  }
  const tighter: [keyof JsonSchema, (a: number, b: number) => boolean][] = [
    ['minimum', (a, b) => b > a],
    ['minLength', (a, b) => b > a],
    ['minItems', (a, b) => b > a],
    ['maximum', (a, b) => b < a],
    ['maxLength', (a, b) => b < a],
  ];
  for (const [key, isTighter] of tighter) {
    const a = previous[key] as number | undefined;
    const b = next[key] as number | undefined;
    if (b !== undefined && (a === undefined || isTighter(a, b))) {
      changes.push(`${at}: ${String(key)} tightened from ${a ?? 'none'} to ${b}`);
    }
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
