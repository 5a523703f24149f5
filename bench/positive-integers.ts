/**
 * Reads a benchmark's integer options (as `parseArgs` gives them, strings).
 * @throws Error naming the option and the value when one is not a positive integer.
 */
export function positiveIntegers<K extends string>(
  values: Readonly<Record<K, string | undefined>>,
): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const name of Object.keys(values) as K[]) {
    const v = Number(values[name]);
    if (!Number.isInteger(v) || v < 1)
      throw new Error(`--${name} must be a positive integer, got ${v}`);
    out[name] = v;
  }
  return out;
}
