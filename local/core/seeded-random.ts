/**
 * A seeded pseudo-random source (mulberry32, 32-bit state): the same seed
 * gives the same sequence on every run and machine, so a test that meets a
 * duplicate or a reordering can name its seed and meet it again. Not for
 * anything secret.
 */
export function seededRandom(seed: number): () => number {
  if (!Number.isInteger(seed)) {
    throw new RangeError(`seed must be an integer, got ${seed}`);
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * An independent seed for one purpose of a seed: 32-bit FNV-1a of
 * `<seed>/<purpose>`. Two sources given the same seed draw the very same
 * sequence, so what one decides would mirror what the other does (the k-th
 * request let through and the k-th duplicate decision, drawn from one
 * number); each source of a run takes its own derived seed instead.
 */
export function deriveSeed(seed: number, purpose: string): number {
  const text = `${seed}/${purpose}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The items in an order drawn from `random` (Fisher–Yates); the input is left as it is. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
