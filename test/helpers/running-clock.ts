/**
 * Polls `check` (real time) until it returns a value, or fails after
 * `timeoutMs`. Only for a cloud on the real clock; on a `ManualClock`, use
 * `clock.advanceUntil`, which lets the work in flight finish at each step
 * instead of sleeping.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
