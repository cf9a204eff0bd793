// Regular-way settlement date of a US equity trade. Securities settle only on days both the exchange
// and the banking system (DTC follows the Federal Reserve) are open, so Columbus Day and Veterans Day
// are trading days but not settlement days.

import { addCalendarDays, parseDateString, toDateString, weekdayOf } from "./session.js";

/** Business days from trade date to settlement: T+3, T+2 from 2017-09-05, T+1 from 2024-05-28. */
export function settlementCycleDays(tradeDate: string): number {
  if (tradeDate >= "2024-05-28") return 1;
  if (tradeDate >= "2017-09-05") return 2;
  return 3;
}

/** Weekdays that are Federal Reserve holidays while the NYSE trades. */
export function isBankOnlyHoliday(dateString: string): boolean {
  const { year, month, day } = parseDateString(dateString);
  const wd = weekdayOf(dateString);
  if (month === 10 && wd === 1) {
    // Columbus Day: second Monday of October.
    return day >= 8 && day <= 14;
  }
  if (month === 11) {
    // Veterans Day: Nov 11; a Sunday one is observed Monday, a Saturday one is not moved by the Fed.
    if (day === 11 && wd >= 1 && wd <= 5) return true;
    if (day === 12 && wd === 1) return weekdayOf(toDateString(year, 11, 11)) === 0;
  }
  return false;
}

/**
 * The settlement date of a trade on `tradeDate`, counting days on which `isTradingDate` holds and
 * the banks are open.
 */
export function settlementDate(tradeDate: string, isTradingDate: (dateString: string) => boolean): string {
  let remaining = settlementCycleDays(tradeDate);
  let date = tradeDate;
  while (remaining > 0) {
    date = addCalendarDays(date, 1);
    if (isTradingDate(date) && !isBankOnlyHoliday(date)) remaining -= 1;
  }
  return date;
}
