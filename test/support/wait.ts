/**
 * Polls `probe` until it returns something (not null/undefined/false), or fails after `timeoutMs`.
 * Every 20 ms at first, then less often (up to every 200 ms): probes query the database or the app,
 * and a long wait polled at full rate costs the suite CPU it is short of.
 */
export async function eventually<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 20; ; pause = Math.min(pause * 1.2, 200)) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
