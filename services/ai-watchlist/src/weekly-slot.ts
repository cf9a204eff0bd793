import { addCalendarDays, etDateString, etDateTime, weekdayOf } from "@ops/core";

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WeeklySchedule {
  readonly weekday: Weekday;
  /** New York wall time "HH:MM". */
  readonly time: string;
}

/**
 * The latest scheduled instant at or before `now`. A week's run is owed from this instant until
 * the next one, so a service that was down at the due time still runs when it comes back (no skip)
 * and a restart after a recorded run finds the slot served (no repeat).
 */
export function currentWeeklySlot(now: Date, schedule: WeeklySchedule): Date {
  const today = etDateString(now);
  const back = (weekdayOf(today) - WEEKDAYS.indexOf(schedule.weekday) + 7) % 7;
  const slot = etDateTime(addCalendarDays(today, -back), schedule.time);
  return slot.getTime() <= now.getTime() ? slot : etDateTime(addCalendarDays(today, -back - 7), schedule.time);
}
