/** The later of two ISO 8601 UTC timestamps (they sort as strings); `''` is earliest. */
export function later(a: string, b: string): string {
  return a.localeCompare(b) > 0 ? a : b;
}
