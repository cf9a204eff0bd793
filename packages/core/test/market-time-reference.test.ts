// The rule-computed NYSE calendar against real reference data: Lean's market-hours database
// (holidays and early closes 1998-2028) and the dates that actually have daily bars.

import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { MarketCalendar, addCalendarDays, etDateTime, nyseEarlyCloses, nyseHolidays, weekdayOf } from "../src/index.js";
import { extractJsonEntry, readFirstZipEntry, sharedDataPath } from "./market-time-fixtures.js";

interface LeanSegment { start: string; end: string; state: string }
interface LeanEquityUsa {
  exchangeTimeZone: string;
  monday: LeanSegment[];
  holidays: string[];
  earlyCloses: Record<string, string>;
}

/** Lean writes dates as M/D/YYYY. */
function leanDate(mdy: string): string {
  const [m, d, y] = mdy.split("/");
  return `${y}-${m!.padStart(2, "0")}-${d!.padStart(2, "0")}`;
}

const FIRST_YEAR = 1998;
const LAST_YEAR = 2028;

// Lean's list starts its early closes in late 1999. NYSE history (and pandas_market_calendars' NYSE
// rules: 1 pm close on the day after Thanksgiving since 1993 and on Christmas Eve 1996-1998) has these
// two 1998 half days, so the calendar keeps them; this list pins the only allowed disagreement.
const EARLY_CLOSES_MISSING_FROM_LEAN = ["1998-11-27", "1998-12-24"];

let lean: LeanEquityUsa;
let calendar: MarketCalendar;
let leanHolidays: Set<string>;
let leanEarly: Map<string, string>;

beforeAll(() => {
  const text = readFileSync(sharedDataPath("reference", "lean_market-hours-database.json"), "utf8");
  lean = extractJsonEntry(text, "Equity-usa-[*]") as LeanEquityUsa;
  calendar = MarketCalendar.nyse(FIRST_YEAR, LAST_YEAR);
  leanHolidays = new Set(lean.holidays.map(leanDate));
  leanEarly = new Map(Object.entries(lean.earlyCloses).map(([k, v]) => [leanDate(k), v]));
});

function weekdaysInRange(): string[] {
  const out: string[] = [];
  for (let d = `${FIRST_YEAR}-01-01`; d <= `${LAST_YEAR}-12-31`; d = addCalendarDays(d, 1)) {
    const wd = weekdayOf(d);
    if (wd !== 0 && wd !== 6) out.push(d);
  }
  return out;
}

describe("NYSE calendar vs Lean market-hours database (Equity-usa, 1998-2028)", () => {
  it("reads the Lean entry we compare against (New York time, 04:00/09:30/16:00/20:00 segments)", () => {
    expect(lean.exchangeTimeZone).toBe("America/New_York");
    expect(lean.monday.map((s) => [s.state, s.start, s.end])).toEqual([
      ["premarket", "04:00:00", "09:30:00"],
      ["market", "09:30:00", "16:00:00"],
      ["postmarket", "16:00:00", "20:00:00"],
    ]);
    expect(leanHolidays.size).toBeGreaterThan(250);
    expect(leanEarly.size).toBeGreaterThan(50);
  });

  it("treats every Lean holiday as a non-trading day", () => {
    const tradedHolidays = [...leanHolidays]
      .filter((d) => d >= `${FIRST_YEAR}-01-01` && d <= `${LAST_YEAR}-12-31`)
      .filter((d) => calendar.isTradingDay(d));
    expect(tradedHolidays).toEqual([]);
  });

  it("trades every weekday that Lean does not list as a holiday", () => {
    const closedWeekdays = weekdaysInRange().filter((d) => !calendar.isTradingDay(d));
    expect(closedWeekdays.filter((d) => !leanHolidays.has(d))).toEqual([]);
    // and the converse, so both directions are pinned: closed weekdays are exactly Lean's weekday holidays
    expect(closedWeekdays).toEqual([...leanHolidays].filter((d) => weekdayOf(d) !== 0 && weekdayOf(d) !== 6).sort());
  });

  it("closes early, at Lean's time, on every Lean early-close trading day", () => {
    const mismatches: string[] = [];
    for (const [date, close] of leanEarly) {
      const wd = weekdayOf(date);
      // Lean lists 2017-12-24, a Sunday; there is no session to close early.
      if (wd === 0 || wd === 6) {
        expect(calendar.isTradingDay(date)).toBe(false);
        continue;
      }
      const day = calendar.day(date);
      if (day === undefined || !day.earlyClose || day.close.getTime() !== etDateTime(date, close).getTime()) {
        mismatches.push(`${date}@${close}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("has no early close that Lean lacks, apart from the two 1998 half days Lean's list predates", () => {
    const ours = calendar.tradingDays().filter((d) => d.earlyClose).map((d) => d.date);
    expect(ours.filter((d) => !leanEarly.has(d))).toEqual(EARLY_CLOSES_MISSING_FROM_LEAN);
  });

  it("keeps full-day closes and early closes disjoint in the rule tables", () => {
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year += 1) {
      const holidays = nyseHolidays(year);
      for (const date of nyseEarlyCloses(year).keys()) expect(holidays.has(date)).toBe(false);
    }
  });
});

describe("NYSE calendar vs days that have real daily bars", () => {
  function leanBarDates(symbol: string): string[] {
    const csv = readFirstZipEntry(sharedDataPath("bars", "daily", "lean", `${symbol}.zip`));
    return csv.trim().split("\n").map((line) => `${line.slice(0, 4)}-${line.slice(4, 6)}-${line.slice(6, 8)}`);
  }

  it.each(["spy", "aapl", "ibm"])("%s (Lean/AlgoSeek, 1998-01-02..2021-03-31) traded on exactly the calendar's days", (symbol) => {
    const barDates = leanBarDates(symbol);
    const first = barDates[0]!;
    const last = barDates[barDates.length - 1]!;
    expect([first, last]).toEqual(["1998-01-02", "2021-03-31"]);
    expect(calendar.tradingDaysBetween(first, last).map((d) => d.date)).toEqual(barDates);
  });

  it("AAPL (Yahoo, 2012-12-06..2017-12-06) traded on exactly the calendar's days", () => {
    const csv = readFileSync(sharedDataPath("bars", "daily", "sp500_5yr_yahoo", "AAPL_data.csv"), "utf8");
    const dates = csv.trim().split("\n").slice(1).map((line) => line.slice(0, 10));
    expect(calendar.tradingDaysBetween(dates[0]!, dates[dates.length - 1]!).map((d) => d.date)).toEqual(dates);
  });
});
