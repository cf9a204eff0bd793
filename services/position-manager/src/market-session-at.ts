import { etDateString } from "@ops/core";
import type { MarketCalendar } from "@ops/core";
import type { MarketSession } from "@ops/trading";

const CLOSED: MarketSession = { isTradingDay: false, openAt: null, closeAt: null };

/**
 * Today's session from the exchange calendar (holidays and early closes included, seed 54). A date
 * outside the calendar's coverage is reported as closed: no exits are decided on a guess.
 */
export function marketSessionAt(calendar: MarketCalendar, now: Date): MarketSession {
  const date = etDateString(now);
  if (!calendar.covers(date)) return CLOSED;
  const day = calendar.day(date);
  return day === undefined ? CLOSED : { isTradingDay: true, openAt: day.open, closeAt: day.close };
}
