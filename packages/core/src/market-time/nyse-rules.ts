// NYSE holiday and early-close rules, computed in code so no data file is needed at run time.
// Checked against Lean's market-hours database for 1998-2028 (see test/market-time-calendar.test.ts)
// and against pandas_market_calendars' NYSE history for the rule start years.

import { easterSunday } from "./easter.js";
import { addCalendarDays, parseDateString, toDateString, weekdayOf } from "./session.js";

/** Rules below hold from this year on (MLK Day closures began in 1998; earlier years had other ad hoc rules). */
export const NYSE_FIRST_RULE_YEAR = 1998;

export const REGULAR_OPEN = "09:30";
export const REGULAR_CLOSE = "16:00";
export const EARLY_CLOSE = "13:00";
export const SESSION_OPEN = "04:00";
export const SESSION_CLOSE = "20:00";
/** Alpaca reports extended hours ending at 17:00 ET on early-close days. */
export const EARLY_SESSION_CLOSE = "17:00";

const SUN = 0, MON = 1, TUE = 2, WED = 3, THU = 4, SAT = 6;

/** Unscheduled full-day closures (funerals of presidents, 9/11, Hurricane Sandy). */
const ONE_OFF_CLOSURES: ReadonlyArray<readonly [string, string]> = [
  ["2001-09-11", "September 11 attacks"],
  ["2001-09-12", "September 11 attacks"],
  ["2001-09-13", "September 11 attacks"],
  ["2001-09-14", "September 11 attacks"],
  ["2004-06-11", "Mourning for President Reagan"],
  ["2007-01-02", "Mourning for President Ford"],
  ["2012-10-29", "Hurricane Sandy"],
  ["2012-10-30", "Hurricane Sandy"],
  ["2018-12-05", "Mourning for President G. H. W. Bush"],
  ["2025-01-09", "Mourning for President Carter"],
];

/** Unscheduled 13:00 closes that no yearly rule produces. */
const ONE_OFF_EARLY_CLOSES: ReadonlyArray<readonly [string, string]> = [
  ["2003-12-26", EARLY_CLOSE], // Friday after a Thursday Christmas
];

/** The n-th (1-based) given weekday of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  const first = toDateString(year, month, 1);
  const shift = (weekday - weekdayOf(first) + 7) % 7;
  return addCalendarDays(first, shift + 7 * (n - 1));
}

function lastWeekday(year: number, month: number, weekday: number): string {
  const nextMonthFirst = month === 12 ? toDateString(year + 1, 1, 1) : toDateString(year, month + 1, 1);
  const last = addCalendarDays(nextMonthFirst, -1);
  const shift = (weekdayOf(last) - weekday + 7) % 7;
  return addCalendarDays(last, -shift);
}

/** Saturday holidays move to Friday, Sunday ones to Monday. */
function observedNearestWeekday(date: string): string {
  const wd = weekdayOf(date);
  if (wd === SAT) return addCalendarDays(date, -1);
  if (wd === SUN) return addCalendarDays(date, 1);
  return date;
}

function assertRuleYear(year: number): void {
  if (!Number.isInteger(year) || year < NYSE_FIRST_RULE_YEAR || year > 9998) {
    throw new RangeError(`market-time: NYSE rules cover ${NYSE_FIRST_RULE_YEAR} onwards, got ${year}`);
  }
}

const holidayCache = new Map<number, ReadonlyMap<string, string>>();
const earlyCloseCache = new Map<number, ReadonlyMap<string, string>>();

/** Weekday dates on which the NYSE is closed all day, with the holiday's name. */
export function nyseHolidays(year: number): ReadonlyMap<string, string> {
  const cached = holidayCache.get(year);
  if (cached !== undefined) return cached;
  assertRuleYear(year);
  const out = new Map<string, string>();
  // NYSE rule: a Saturday New Year's Day is not observed on the preceding Friday (that Friday is
  // the last trading day of the year); a Sunday one is observed on Monday.
  const newYear = toDateString(year, 1, 1);
  const newYearWd = weekdayOf(newYear);
  if (newYearWd === SUN) out.set(addCalendarDays(newYear, 1), "New Year's Day (observed)");
  else if (newYearWd !== SAT) out.set(newYear, "New Year's Day");
  out.set(nthWeekday(year, 1, MON, 3), "Martin Luther King Jr. Day");
  out.set(nthWeekday(year, 2, MON, 3), "Washington's Birthday");
  out.set(addCalendarDays(easterSunday(year), -2), "Good Friday");
  out.set(lastWeekday(year, 5, MON), "Memorial Day");
  if (year >= 2022) out.set(observedNearestWeekday(toDateString(year, 6, 19)), "Juneteenth");
  out.set(observedNearestWeekday(toDateString(year, 7, 4)), "Independence Day");
  out.set(nthWeekday(year, 9, MON, 1), "Labor Day");
  out.set(nthWeekday(year, 11, THU, 4), "Thanksgiving Day");
  out.set(observedNearestWeekday(toDateString(year, 12, 25)), "Christmas Day");
  for (const [date, name] of ONE_OFF_CLOSURES) {
    if (parseDateString(date).year === year) out.set(date, name);
  }
  holidayCache.set(year, out);
  return out;
}

/** Trading days that close early, with the regular-session close time ("HH:MM" ET). */
export function nyseEarlyCloses(year: number): ReadonlyMap<string, string> {
  const cached = earlyCloseCache.get(year);
  if (cached !== undefined) return cached;
  assertRuleYear(year);
  const out = new Map<string, string>();
  out.set(addCalendarDays(nthWeekday(year, 11, THU, 4), 1), EARLY_CLOSE);
  // Independence Day: the day before closes early when it is a Mon/Tue/Thu. When July 4 is a
  // Thursday the early close was Friday July 5 until 2012 and Wednesday July 3 from 2013.
  const july3 = toDateString(year, 7, 3);
  const july3Wd = weekdayOf(july3);
  if (july3Wd === MON || july3Wd === TUE || july3Wd === THU) out.set(july3, EARLY_CLOSE);
  if (july3Wd === WED) out.set(year >= 2013 ? july3 : toDateString(year, 7, 5), EARLY_CLOSE);
  const christmasEve = toDateString(year, 12, 24);
  const christmasEveWd = weekdayOf(christmasEve);
  if (christmasEveWd >= MON && christmasEveWd <= THU) out.set(christmasEve, EARLY_CLOSE);
  for (const [date, close] of ONE_OFF_EARLY_CLOSES) {
    if (parseDateString(date).year === year) out.set(date, close);
  }
  const holidays = nyseHolidays(year);
  for (const date of out.keys()) {
    if (holidays.has(date) || weekdayOf(date) === SAT || weekdayOf(date) === SUN) out.delete(date);
  }
  earlyCloseCache.set(year, out);
  return out;
}

/** Whether the NYSE holds a regular session on this date under the rules above. */
export function isNyseTradingDate(dateString: string): boolean {
  const wd = weekdayOf(dateString);
  if (wd === SAT || wd === SUN) return false;
  return !nyseHolidays(parseDateString(dateString).year).has(dateString);
}
