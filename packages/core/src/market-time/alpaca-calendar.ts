// The wire shape of Alpaca's GET /v2/calendar and its conversion to and from TradingDay.
// Times are New York wall times: open/close as "HH:MM", session_open/session_close as "HHMM".

import type { TradingDay } from "./calendar.js";
import { EARLY_SESSION_CLOSE, REGULAR_CLOSE, SESSION_CLOSE, SESSION_OPEN } from "./nyse-rules.js";
import { etDateTime, etParts, parseDateString, parseHhmm } from "./session.js";

export interface AlpacaCalendarDay {
  /** "YYYY-MM-DD" */
  date: string;
  /** "HH:MM" ET, e.g. "09:30" */
  open: string;
  /** "HH:MM" ET, e.g. "16:00" or "13:00" on early-close days */
  close: string;
  /** "HHMM" ET, e.g. "0400" */
  session_open: string;
  /** "HHMM" ET, e.g. "2000" ("1700" on early-close days) */
  session_close: string;
  /** "YYYY-MM-DD" */
  settlement_date: string;
}

const REGULAR_CLOSE_SECONDS = parseHhmm(REGULAR_CLOSE);

function wallClock(d: Date): { hh: string; mm: string } {
  const p = etParts(d);
  return { hh: String(p.hour).padStart(2, "0"), mm: String(p.minute).padStart(2, "0") };
}

export function toAlpacaCalendarDay(day: TradingDay, settlementDate: string): AlpacaCalendarDay {
  const open = wallClock(day.open);
  const close = wallClock(day.close);
  const sessionOpen = wallClock(day.sessionOpen);
  const sessionClose = wallClock(day.sessionClose);
  return {
    date: day.date,
    open: `${open.hh}:${open.mm}`,
    close: `${close.hh}:${close.mm}`,
    session_open: `${sessionOpen.hh}${sessionOpen.mm}`,
    session_close: `${sessionClose.hh}${sessionClose.mm}`,
    settlement_date: settlementDate,
  };
}

function field(entry: Record<string, unknown>, name: string, index: number, required: boolean): string | undefined {
  const value = entry[name];
  if (value === undefined || value === null) {
    if (required) throw new TypeError(`alpaca calendar entry ${index}: missing "${name}"`);
    return undefined;
  }
  if (typeof value !== "string") throw new TypeError(`alpaca calendar entry ${index}: "${name}" is not a string`);
  return value;
}

/**
 * Validates one element of Alpaca's /v2/calendar answer and turns it into a TradingDay. Older answers
 * lack session_open/session_close/settlement_date; the sessions then default to 04:00 and 20:00
 * (17:00 on early-close days).
 */
export function tradingDayFromAlpaca(raw: unknown, index = 0): TradingDay {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new TypeError(`alpaca calendar entry ${index}: not an object`);
  }
  const entry = raw as Record<string, unknown>;
  const date = field(entry, "date", index, true) as string;
  const open = field(entry, "open", index, true) as string;
  const close = field(entry, "close", index, true) as string;
  const sessionOpen = field(entry, "session_open", index, false);
  const sessionClose = field(entry, "session_close", index, false);
  const settlement = field(entry, "settlement_date", index, false);
  try {
    parseDateString(date);
    if (settlement !== undefined) parseDateString(settlement);
    const earlyClose = parseHhmm(close) < REGULAR_CLOSE_SECONDS;
    const day: TradingDay = {
      date,
      open: etDateTime(date, open),
      close: etDateTime(date, close),
      sessionOpen: etDateTime(date, sessionOpen ?? SESSION_OPEN),
      sessionClose: etDateTime(date, sessionClose ?? (earlyClose ? EARLY_SESSION_CLOSE : SESSION_CLOSE)),
      earlyClose,
    };
    if (settlement !== undefined) day.settlementDate = settlement;
    return day;
  } catch (err) {
    throw new TypeError(`alpaca calendar entry ${index} (${date}): ${(err as Error).message}`, { cause: err });
  }
}
