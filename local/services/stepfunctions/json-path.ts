/**
 * Reads a simple JSONPath reference path (`$`, `$.a.b`, `$.a[0]`,
 * `$['a']`) from a value; undefined when a step is missing. Reference paths
 * in Step Functions are this simple subset (no filters or wildcards).
 */
export function readPath(path: string, value: unknown): unknown {
  if (!path.startsWith('$')) return undefined;
  const steps = [...path.slice(1).matchAll(/\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]/g)].map(
    (m) => m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]),
  );
  let current: unknown = value;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step as string | number];
  }
  return current;
}
