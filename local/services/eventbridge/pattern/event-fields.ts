import type { LeafValue } from './types';
import { isLeafValue } from './types';

/**
 * One leaf value of an event field, with the arrays it sits in: pairs of
 * (array id, element index), or `undefined` outside any array.
 */
export interface FieldValue {
  readonly value: LeafValue;
  readonly membership: readonly number[] | undefined;
}

/**
 * Reads only the parts of an event a compiled pattern looks at. Field paths
 * are dotted, as EventBridge joins them — so a pattern field
 * `{"state": {"status": […]}}` also reads an event key `"state.status"` and
 * vice versa (both observed on AWS).
 */
export class EventFields {
  readonly #fieldIndex = new Map<string, number>();
  /** For each dotted prefix: the event keys that lead towards a field, with the path they lead to. */
  readonly #steps = new Map<string, (readonly [key: string, path: string])[]>();

  constructor(readonly paths: readonly string[]) {
    for (const [i, path] of paths.entries()) {
      this.#fieldIndex.set(path, i);
      const cuts = [0];
      for (let at = path.indexOf('.'); at >= 0; at = path.indexOf('.', at + 1)) cuts.push(at + 1);
      cuts.push(path.length + 1);
      // An event key may span several dotted segments: from every prefix,
      // every later prefix is one step away.
      for (let a = 0; a < cuts.length - 1; a++) {
        const from = a === 0 ? '' : path.slice(0, (cuts[a] as number) - 1);
        for (let b = a + 1; b < cuts.length; b++) {
          const to = path.slice(0, (cuts[b] as number) - 1);
          const key = path.slice(cuts[a] as number, (cuts[b] as number) - 1);
          const steps = this.#steps.get(from) ?? [];
          if (!steps.some(([k]) => k === key)) steps.push([key, to]);
          this.#steps.set(from, steps);
        }
      }
    }
  }

  /** The leaf values of each field path (by index) of an event object, in event order. */
  read(event: unknown): FieldValue[][] {
    const out: FieldValue[][] = this.paths.map(() => []);
    let arrays = 0;
    const visit = (node: unknown, path: string, membership: readonly number[] | undefined) => {
      if (Array.isArray(node)) {
        // Elements of an array are values of the same field; the id keeps
        // fields of one element apart from fields of another.
        const id = arrays++;
        for (const [i, element] of node.entries()) {
          visit(element, path, membership ? [...membership, id, i] : [id, i]);
        }
      } else if (node !== null && typeof node === 'object') {
        for (const [key, next] of this.#steps.get(path) ?? []) {
          if (Object.hasOwn(node, key)) {
            visit((node as Record<string, unknown>)[key], next, membership);
          }
        }
      } else if (isLeafValue(node)) {
        const field = this.#fieldIndex.get(path);
        if (field !== undefined) out[field]?.push({ value: node, membership });
      }
    };
    visit(event, '', undefined);
    return out;
  }
}

/** Whether a value can sit in the same match as the array elements chosen so far. */
export function consistent(
  membership: readonly number[] | undefined,
  chosen: ReadonlyMap<number, number>,
): boolean {
  if (!membership) return true;
  for (let i = 0; i < membership.length; i += 2) {
    const index = chosen.get(membership[i] as number);
    if (index !== undefined && index !== membership[i + 1]) return false;
  }
  return true;
}
