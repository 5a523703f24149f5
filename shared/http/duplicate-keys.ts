/** Where a JSON document repeats a key: the path to the repeated member. */
export interface DuplicateKey {
  /** Keys and indexes from the root to the repeated member, e.g. `['lines', 0, 'sku']`. */
  readonly path: readonly (string | number)[];
}

type Frame =
  | {
      readonly kind: 'object';
      readonly path: (string | number)[];
      keys: Set<string>;
      key?: string;
      expectKey: boolean;
    }
  | { readonly kind: 'array'; readonly path: (string | number)[]; index: number };

/**
 * Finds the first object member whose key repeats an earlier key of the same
 * object. `JSON.parse` keeps the last value silently (RFC 8259 §4 leaves
 * duplicate names' meaning undefined), so two parsers could read one request
 * differently; refusing them removes the ambiguity. Keys are compared
 * decoded, so `"a"` and `"\u0061"` are the same key.
 *
 * `text` must already be valid JSON (parse it first): the scan only tracks
 * strings, brackets, colons and commas.
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  const valuePath = (): (string | number)[] => {
    const top = stack.at(-1);
    if (!top) return [];
    return top.kind === 'object' ? [...top.path, top.key ?? ''] : [...top.path, top.index];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack.at(-1);
    if (c === '{')
      stack.push({ kind: 'object', path: valuePath(), keys: new Set(), expectKey: true });
    else if (c === '[') stack.push({ kind: 'array', path: valuePath(), index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',' && top) {
      if (top.kind === 'object') top.expectKey = true;
      else top.index++;
    } else if (c === '"') {
      const start = i;
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (top?.kind === 'object' && top.expectKey) {
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        if (top.keys.has(key)) return { path: [...top.path, key] };
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
    }
  }
  return undefined;
}
