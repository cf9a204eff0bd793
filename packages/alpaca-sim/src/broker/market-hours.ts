import { etDateString, MarketCalendarRangeError } from "@ops/core";
import type { MarketCalendar, TradingDay } from "@ops/core";
import type { Session, TradingHours } from "./trading-hours.js";

/** Adapts the NYSE calendar to what the broker asks; dates outside its coverage count as closed. */
export function tradingHoursFrom(calendar: MarketCalendar): TradingHours {
  const session = (day: TradingDay): Session => ({ date: day.date, open: day.open, close: day.close });
  const safe = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (err) {
      if (err instanceof MarketCalendarRangeError) return undefined;
      throw err;
    }
  };
  return {
    isOpenAt: (t) => safe(() => calendar.isOpenAt(t)) ?? false,
    sessionAtOrAfter: (t) =>
      safe(() => {
        const date = etDateString(t);
        const today = calendar.day(date);
        if (today && t.getTime() < today.close.getTime()) return session(today);
        const next = calendar.day(calendar.nextTradingDay(date));
        return next ? session(next) : undefined;
      }),
    sessionBefore: (t) =>
      safe(() => {
        const date = etDateString(t);
        const today = calendar.day(date);
        if (today && today.close.getTime() <= t.getTime()) return session(today);
        const prev = calendar.day(calendar.previousTradingDay(date));
        return prev ? session(prev) : undefined;
      }),
  };
}
