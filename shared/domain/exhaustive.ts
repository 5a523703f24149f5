/** Fails to compile when a switch over a union misses a case; throws if reached anyway. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
