// New York calendar days as instants: a day runs from its midnight to the next one (23 or 25 h across DST).
import { etDateString, etDateTime } from "@ops/core";

export function etDayStart(day: string): Date {
  return etDateTime(day, "00:00");
}

export function etDayEnd(day: string): Date {
  // 36 h after midnight is always inside the next New York day.
  return etDateTime(etDateString(new Date(etDayStart(day).getTime() + 36 * 3_600_000)), "00:00");
}
