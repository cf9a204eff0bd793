// New York wall-clock helpers for the trading rules, as thin views over @ops/core's market-time module (pure: no
// I/O), so there is one implementation of time-zone arithmetic in the repository.
import { addCalendarDays, etDateString, etDateTime, etParts, parseDateString } from "@ops/core/market-time";

export const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface EasternParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly weekday: Weekday;
}

export function easternParts(at: Date): EasternParts {
  const p = etParts(at);
  const weekday = WEEKDAYS[p.weekday];
  if (weekday === undefined) throw new RangeError(`cannot read weekday of ${at.toISOString()}`);
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second, weekday };
}

/** The New York calendar date of an instant, as "YYYY-MM-DD". */
export function easternDate(at: Date): string {
  return etDateString(at);
}

export function easternWeekday(at: Date): Weekday {
  return easternParts(at).weekday;
}

/** The instant at which New York clocks read `hour:minute` on `date` ("YYYY-MM-DD"). */
export function easternWallTimeToUtc(date: string, hour: number, minute = 0): Date {
  if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return etDateTime(date, `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`);
}

/** Whole calendar days from `from` to `to` (both "YYYY-MM-DD"); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const a = parseDateString(from);
  const b = parseDateString(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  try {
    return addCalendarDays(value, 0) === value;
  } catch {
    return false;
  }
}
