import { easternWallTimeToUtc } from "../options/eastern-time.js";
import type { MarketSession } from "../risk/market-session.js";

/** A regular Tuesday in winter (EST, UTC−5): open 14:30Z, close 21:00Z. */
export const FIXED_DATE = "2026-02-10";
/** A regular Wednesday in summer (EDT, UTC−4), for daylight-saving checks. */
export const SUMMER_DATE = "2026-07-15";
/** Day after Thanksgiving 2025: the market closes at 13:00 ET. */
export const EARLY_CLOSE_DATE = "2025-11-28";
/** Martin Luther King Jr. Day 2026: a weekday holiday. */
export const HOLIDAY_DATE = "2026-01-19";
/** A Saturday. */
export const WEEKEND_DATE = "2026-02-14";

/** New York wall-clock "HH:MM" (or "HH:MM:SS") on `date` as an instant. */
export function etTime(hhmm: string, date: string = FIXED_DATE): Date {
  const [h, m, s] = hhmm.split(":").map(Number);
  if (h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m)) {
    throw new RangeError(`bad time ${hhmm}`);
  }
  return new Date(easternWallTimeToUtc(date, h, m).getTime() + (s ?? 0) * 1000);
}

/** The canonical "now" of unit tests: mid-morning on FIXED_DATE. */
export const FIXED_NOW: Date = etTime("10:30");

export function sessionOn(date: string, close = "16:00"): MarketSession {
  return { isTradingDay: true, openAt: etTime("09:30", date), closeAt: etTime(close, date) };
}

export const CLOSED_SESSION: MarketSession = Object.freeze({ isTradingDay: false, openAt: null, closeAt: null });
export const REGULAR_SESSION: MarketSession = sessionOn(FIXED_DATE);
export const EARLY_CLOSE_SESSION: MarketSession = sessionOn(EARLY_CLOSE_DATE, "13:00");

export function minutesAfter(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * 60_000);
}

export function secondsBefore(at: Date, seconds: number): Date {
  return new Date(at.getTime() - seconds * 1000);
}
