import { etOffsetMs } from "@ops/core/market-time";

const DAY_MS = 86_400_000;

/**
 * The New York calendar day of an instant as a day number (days since 1970-01-01 in New York wall
 * time). US equities trade one session per New York date, so this is the session key: it changes
 * across every overnight, weekend, holiday and half-day gap, and never inside a session.
 */
export function etSessionDay(ms: number): number {
  return Math.floor((ms + etOffsetMs(ms)) / DAY_MS);
}
