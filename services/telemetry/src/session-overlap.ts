import { etDateString } from "@ops/core";
import type { MarketCalendar } from "@ops/core";

const DAY_MS = 86_400_000;

/**
 * Whether [from, to] touches any trading session (pre-market to post-market) of the calendar. Nights,
 * weekends and holidays hold no bars, so a backfill skips those windows instead of spending requests
 * on them. Outside the calendar's coverage the answer is "yes" (fetch rather than guess).
 */
export function touchesSession(calendar: MarketCalendar, from: Date, to: Date): boolean {
  for (let t = from.getTime() - DAY_MS; t <= to.getTime() + DAY_MS; t += DAY_MS) {
    const date = etDateString(new Date(t));
    if (!calendar.covers(date)) return true;
    const day = calendar.day(date);
    if (day && day.sessionOpen.getTime() <= to.getTime() && day.sessionClose.getTime() >= from.getTime()) return true;
  }
  return false;
}
