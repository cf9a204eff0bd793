/**
 * Today's session as the market calendar sees it, passed in so trading logic needs no calendar import.
 * `openAt`/`closeAt` are null on a non-trading day; an early close simply has an earlier `closeAt`.
 */
export interface MarketSession {
  readonly isTradingDay: boolean;
  readonly openAt: Date | null;
  readonly closeAt: Date | null;
}

/** Regular-hours check: open at `openAt` inclusive, closed from `closeAt`. */
export function isMarketOpen(session: MarketSession, now: Date): boolean {
  if (!session.isTradingDay || session.openAt === null || session.closeAt === null) return false;
  const t = now.getTime();
  return t >= session.openAt.getTime() && t < session.closeAt.getTime();
}

export function minutesBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / 60_000;
}
