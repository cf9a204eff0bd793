// Earnings between now and the next session turn an option's overnight risk into a coin toss on the
// gap (and an IV crush either way): the seed closed such options in the end-of-day windows
// (`earnings_close`) but its earnings lookup never returned anything. The dates come from ops here.

export const EARNINGS_REPORT_TIMES = ["before_open", "after_close", "unknown"] as const;
export type EarningsReportTime = (typeof EARNINGS_REPORT_TIMES)[number];

export interface EarningsEvent {
  readonly symbol: string;
  /** New York date, "YYYY-MM-DD". */
  readonly reportDate: string;
  readonly reportTime: EarningsReportTime;
}

/**
 * The event that falls between today's close and the next session's open, if any: tonight's report
 * (after the close, or at an unknown time today — it may still come), any report dated on a
 * non-trading day in between, or tomorrow's before the open (or at an unknown time — the earlier risk).
 * A report this morning before the open is behind us.
 */
export function earningsBeforeNextSession(
  events: readonly EarningsEvent[],
  symbol: string,
  today: string,
  nextTradingDay: string,
): EarningsEvent | null {
  const hit = events
    .filter((e) => e.symbol === symbol)
    .filter((e) => {
      if (e.reportDate === today) return e.reportTime !== "before_open";
      if (e.reportDate > today && e.reportDate < nextTradingDay) return true;
      if (e.reportDate === nextTradingDay) return e.reportTime !== "after_close";
      return false;
    })
    .sort((a, b) => (a.reportDate < b.reportDate ? -1 : a.reportDate > b.reportDate ? 1 : 0));
  return hit[0] ?? null;
}
