/**
 * Wait after the n-th consecutive failed cycle: interval × 2^(n-1), capped at maxMs, so a broken
 * dependency is not hammered while a single blip costs no more than one normal interval.
 */
export function backoffDelayMs(consecutiveFailures: number, intervalMs: number, maxMs: number): number {
  if (consecutiveFailures <= 0) return intervalMs;
  const exponent = Math.min(consecutiveFailures - 1, 30);
  return Math.min(intervalMs * 2 ** exponent, Math.max(maxMs, intervalMs));
}

/** Default cap: five minutes, or the interval itself when that is longer. */
export function defaultMaxBackoffMs(intervalMs: number): number {
  return Math.max(intervalMs, 300_000);
}
