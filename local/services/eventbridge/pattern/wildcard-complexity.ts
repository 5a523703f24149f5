import type { WildcardToken } from './types';

/** Bound on the subsets explored; beyond it a field counts as too complex. */
const MAX_EXPLORED_STATES = 20_000;
const QUOTE = 0x22;

/**
 * The complexity EventBridge limits for wildcard patterns: over every input
 * string, the most prefixes of the field's wildcard patterns (a prefix ending
 * in a literal byte, or in a `*`) that match that input at once — the number
 * of states a matcher can be in simultaneously. AWS: "there is a limit to how
 * complex a wildcard rule can be … reduce the number of wildcard characters
 * used … reduce repeating character sequences that occur after a wildcard
 * character".
 *
 * Patterns are measured as the service stores string values, between JSON
 * quotes, byte by byte (UTF-8). The search is a subset construction over the
 * patterns' positions and stops as soon as `limit` is exceeded.
 *
 * @returns the complexity, or a number above `limit` when it exceeds it.
 */
export function wildcardComplexity(
  patterns: readonly (readonly WildcardToken[])[],
  limit: number,
  { quoted: asStored = true }: { quoted?: boolean } = {},
): number {
  // Position `offsets[p] + i` = "pattern p has consumed its first i tokens".
  const quoted = patterns.map((tokens) =>
    asStored ? ([QUOTE, ...tokens, QUOTE] as WildcardToken[]) : [...tokens],
  );
  const offsets: number[] = [];
  const owner: number[] = [];
  const index: number[] = [];
  for (const [p, tokens] of quoted.entries()) {
    offsets.push(owner.length);
    for (let i = 0; i <= tokens.length; i++) {
      owner.push(p);
      index.push(i);
    }
  }
  const tokenAt = (state: number): WildcardToken | undefined =>
    quoted[owner[state] as number]?.[index[state] as number];
  const afterStar = (state: number): boolean =>
    (index[state] as number) > 0 && tokenAt(state - 1) === '*';

  const closure = (states: Set<number>): Set<number> => {
    for (const s of states) if (tokenAt(s) === '*') states.add(s + 1);
    return states;
  };
  const alphabet = new Set<number>([-1]);
  for (const tokens of quoted) for (const t of tokens) if (t !== '*') alphabet.add(t);

  const start = closure(new Set(offsets));
  const seen = new Set<string>();
  const queue: Set<number>[] = [start];
  let max = 0;
  while (queue.length > 0) {
    const current = queue.shift() as Set<number>;
    for (const byte of alphabet) {
      const next = new Set<number>();
      for (const s of current) {
        if (tokenAt(s) === byte) next.add(s + 1);
        if (afterStar(s)) next.add(s);
      }
      if (next.size === 0) continue;
      closure(next);
      const key = [...next].sort((a, b) => a - b).join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      // The empty prefix (index 0) is not a match of a non-empty input.
      let size = 0;
      for (const s of next) if ((index[s] as number) > 0) size++;
      if (size > max) max = size;
      if (max > limit || seen.size > MAX_EXPLORED_STATES) return Math.max(max, limit + 1);
      queue.push(next);
    }
  }
  return max;
}
