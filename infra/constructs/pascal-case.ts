/** `place-order` → `PlaceOrder`: construct ids from function folder names. */
export function pascalCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}
