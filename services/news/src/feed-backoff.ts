/**
 * When a failing feed may be polled again: n consecutive failures wait base × 2^(n-1), capped at max,
 * counted from the last poll. A feed that has not failed (or was never polled) is due now.
 */
export function feedRetryAt(consecutiveFailures: number, lastPolledAt: Date | null, baseMs: number, maxMs: number): Date | undefined {
  if (consecutiveFailures <= 0 || lastPolledAt === null) return undefined;
  const wait = Math.min(maxMs, baseMs * 2 ** Math.min(consecutiveFailures - 1, 30));
  return new Date(lastPolledAt.getTime() + wait);
}

export function isFeedDue(consecutiveFailures: number, lastPolledAt: Date | null, now: Date, baseMs: number, maxMs: number): boolean {
  const retryAt = feedRetryAt(consecutiveFailures, lastPolledAt, baseMs, maxMs);
  return retryAt === undefined || retryAt.getTime() <= now.getTime();
}
