// The trading calendar every service asks "is the market open?" — replacing the seed's clock-only gate
// that traded through holidays and half days (seed failure 54).

import { toAlpacaCalendarDay, tradingDayFromAlpaca, type AlpacaCalendarDay } from "./alpaca-calendar.js";
import {
  EARLY_SESSION_CLOSE, REGULAR_CLOSE, REGULAR_OPEN, SESSION_CLOSE, SESSION_OPEN,
  isNyseTradingDate, nyseEarlyCloses, nyseHolidays,
} from "./nyse-rules.js";
import { addCalendarDays, etDateString, etDateTime, parseDateString, toDateString, weekdayOf } from "./session.js";
import { settlementDate } from "./settlement.js";

export interface TradingDay {
  /** "YYYY-MM-DD" (New York) */
  date: string;
  /** Regular session open (09:30 ET). */
  open: Date;
  /** Regular session close (16:00 ET, 13:00 ET on early-close days). */
  close: Date;
  /** Extended session start (04:00 ET pre-market). */
  sessionOpen: Date;
  /** Extended session end (20:00 ET; 17:00 ET on early-close days, as Alpaca reports). */
  sessionClose: Date;
  earlyClose: boolean;
  /** Set when the source (Alpaca) says so; otherwise computed on demand. */
  settlementDate?: string;
}

/** The inclusive date span a calendar knows about; dates inside it that have no TradingDay are closed. */
export interface CalendarCoverage {
  from: string;
  to: string;
}

export const MARKET_PHASES = ["closed", "pre", "regular", "post"] as const;
export type MarketPhase = (typeof MARKET_PHASES)[number];

/** A question about a date the calendar does not cover: answering "closed" would be a guess. */
export class MarketCalendarRangeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "MarketCalendarRangeError";
  }
}

export class MarketCalendar {
  readonly coverage: CalendarCoverage;
  readonly #days: readonly Readonly<TradingDay>[];
  readonly #indexByDate: ReadonlyMap<string, number>;

  /**
   * Builds a calendar from its trading days (any order). Coverage defaults to the first..last day
   * given; pass it explicitly when the span starts or ends on closed days.
   */
  constructor(days: Iterable<TradingDay>, coverage?: Partial<CalendarCoverage>) {
    const sorted = [...days].map((d) => Object.freeze({ ...d })).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const first = sorted[0];
    const last = sorted[sorted.length - 1];
    const from = coverage?.from ?? first?.date;
    const to = coverage?.to ?? last?.date;
    if (from === undefined || to === undefined) {
      throw new MarketCalendarRangeError("market calendar: no trading days and no coverage given");
    }
    parseDateString(from);
    parseDateString(to);
    if (from > to) throw new MarketCalendarRangeError(`market calendar: coverage ${from}..${to} is empty`);
    const index = new Map<string, number>();
    sorted.forEach((day, i) => {
      parseDateString(day.date);
      if (index.has(day.date)) throw new RangeError(`market calendar: duplicate day ${day.date}`);
      if (day.date < from || day.date > to) {
        throw new MarketCalendarRangeError(`market calendar: ${day.date} lies outside coverage ${from}..${to}`);
      }
      const times = [day.sessionOpen, day.open, day.close, day.sessionClose].map((t) => t.getTime());
      if (times.some((t) => Number.isNaN(t)) || !(times[0]! <= times[1]! && times[1]! < times[2]! && times[2]! <= times[3]!)) {
        throw new RangeError(`market calendar: ${day.date} needs sessionOpen <= open < close <= sessionClose`);
      }
      if (etDateString(day.open) !== day.date || etDateString(day.close) !== day.date) {
        throw new RangeError(`market calendar: ${day.date} open/close fall on another New York date`);
      }
      index.set(day.date, i);
    });
    this.coverage = { from, to };
    this.#days = sorted;
    this.#indexByDate = index;
  }

  /** NYSE trading days for whole years, computed from the exchange's rules (see nyse-rules.ts). */
  static nyse(fromYear: number, toYear: number): MarketCalendar {
    if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear) {
      throw new RangeError(`market calendar: bad year span ${fromYear}..${toYear}`);
    }
    const days: TradingDay[] = [];
    for (let year = fromYear; year <= toYear; year += 1) {
      const holidays = nyseHolidays(year);
      const earlyCloses = nyseEarlyCloses(year);
      const end = toDateString(year, 12, 31);
      for (let date = toDateString(year, 1, 1); date <= end; date = addCalendarDays(date, 1)) {
        const wd = weekdayOf(date);
        if (wd === 0 || wd === 6 || holidays.has(date)) continue;
        const earlyClose = earlyCloses.get(date);
        days.push({
          date,
          open: etDateTime(date, REGULAR_OPEN),
          close: etDateTime(date, earlyClose ?? REGULAR_CLOSE),
          sessionOpen: etDateTime(date, SESSION_OPEN),
          sessionClose: etDateTime(date, earlyClose === undefined ? SESSION_CLOSE : EARLY_SESSION_CLOSE),
          earlyClose: earlyClose !== undefined,
        });
      }
    }
    return new MarketCalendar(days, { from: toDateString(fromYear, 1, 1), to: toDateString(toYear, 12, 31) });
  }

  /**
   * A calendar from Alpaca's GET /v2/calendar answer (validated; throws TypeError on a malformed entry).
   * Alpaca lists trading days only, so coverage defaults to the first..last listed day.
   */
  static fromAlpacaCalendar(entries: unknown, coverage?: Partial<CalendarCoverage>): MarketCalendar {
    if (!Array.isArray(entries)) throw new TypeError("alpaca calendar: expected an array");
    return new MarketCalendar(entries.map((e: unknown, i) => tradingDayFromAlpaca(e, i)), coverage);
  }

  covers(dateString: string): boolean {
    parseDateString(dateString);
    return dateString >= this.coverage.from && dateString <= this.coverage.to;
  }

  #assertCovered(dateString: string): void {
    if (!this.covers(dateString)) {
      throw new MarketCalendarRangeError(
        `market calendar: ${dateString} is outside coverage ${this.coverage.from}..${this.coverage.to}`,
      );
    }
  }

  /** All trading days, oldest first. */
  tradingDays(): readonly TradingDay[] {
    return this.#days;
  }

  isTradingDay(dateString: string): boolean {
    this.#assertCovered(dateString);
    return this.#indexByDate.has(dateString);
  }

  day(dateString: string): TradingDay | undefined {
    this.#assertCovered(dateString);
    const i = this.#indexByDate.get(dateString);
    return i === undefined ? undefined : this.#days[i];
  }

  /** Regular hours only: open <= d < close. */
  isOpenAt(d: Date): boolean {
    return this.phaseAt(d) === "regular";
  }

  /** Which part of the trading day `d` falls in: pre [sessionOpen, open), regular [open, close), post [close, sessionClose). */
  phaseAt(d: Date): MarketPhase {
    const day = this.day(etDateString(d));
    if (day === undefined) return "closed";
    const t = d.getTime();
    if (t < day.sessionOpen.getTime() || t >= day.sessionClose.getTime()) return "closed";
    if (t < day.open.getTime()) return "pre";
    if (t < day.close.getTime()) return "regular";
    return "post";
  }

  /** The first regular-session open strictly after `d` (as Alpaca's clock next_open). */
  nextOpen(d: Date): Date {
    return this.#firstAfter(d, (day) => day.open);
  }

  /** The first regular-session close strictly after `d` (as Alpaca's clock next_close). */
  nextClose(d: Date): Date {
    return this.#firstAfter(d, (day) => day.close);
  }

  #firstAfter(d: Date, pick: (day: TradingDay) => Date): Date {
    const date = etDateString(d);
    this.#assertCovered(date);
    const t = d.getTime();
    let i = this.#lowerBound(date);
    for (; i < this.#days.length; i += 1) {
      const at = pick(this.#days[i]!);
      if (at.getTime() > t) return at;
    }
    throw new MarketCalendarRangeError(`market calendar: no trading day after ${date} within coverage to ${this.coverage.to}`);
  }

  /** Index of the first trading day with date >= dateString. */
  #lowerBound(dateString: string): number {
    let lo = 0;
    let hi = this.#days.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#days[mid]!.date < dateString) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The trading day strictly before `dateString` (which need not be a trading day). */
  previousTradingDay(dateString: string): string {
    return this.addTradingDays(dateString, -1);
  }

  /** The trading day strictly after `dateString` (which need not be a trading day). */
  nextTradingDay(dateString: string): string {
    return this.addTradingDays(dateString, 1);
  }

  /**
   * Moves `n` trading days from `dateString`; from a closed day, +1 is the next trading day and -1 the
   * previous one. n = 0 returns the date itself only when it is a trading day.
   */
  addTradingDays(dateString: string, n: number): string {
    this.#assertCovered(dateString);
    if (!Number.isInteger(n)) throw new RangeError(`market calendar: trading-day count must be an integer, got ${n}`);
    const start = this.#lowerBound(dateString);
    const isTrading = this.#indexByDate.has(dateString);
    let target: number;
    if (n === 0) {
      if (!isTrading) throw new RangeError(`market calendar: ${dateString} is not a trading day`);
      target = start;
    } else if (n > 0) {
      target = start + (isTrading ? n : n - 1);
    } else {
      target = start + n;
    }
    const day = this.#days[target];
    if (target < 0 || day === undefined) {
      throw new MarketCalendarRangeError(
        `market calendar: ${n} trading days from ${dateString} leaves coverage ${this.coverage.from}..${this.coverage.to}`,
      );
    }
    return day.date;
  }

  /** Trading days with from <= date <= to, oldest first. */
  tradingDaysBetween(from: string, to: string): TradingDay[] {
    this.#assertCovered(from);
    this.#assertCovered(to);
    if (from > to) return [];
    return this.#days.slice(this.#lowerBound(from), this.#lowerBound(addCalendarDays(to, 1)));
  }

  /** The settlement date of a trade on `dateString` (a trading day). */
  settlementDate(dateString: string): string {
    const day = this.day(dateString);
    if (day === undefined) throw new RangeError(`market calendar: ${dateString} is not a trading day`);
    if (day.settlementDate !== undefined) return day.settlementDate;
    // Past the end of coverage, fall back to the NYSE rules (settlement runs a few days ahead).
    return settlementDate(dateString, (d) => (this.covers(d) ? this.#indexByDate.has(d) : isNyseTradingDate(d)));
  }

  /** What Alpaca's GET /v2/calendar?start=from&end=to returns (inclusive range). */
  toAlpacaCalendar(from: string, to: string): AlpacaCalendarDay[] {
    return this.tradingDaysBetween(from, to).map((day) => toAlpacaCalendarDay(day, this.settlementDate(day.date)));
  }
}
