import { addCalendarDays, isNyseTradingDate, weekdayOf } from "@ops/core";

/** Listed strike spacing: $0.50 under $25, $1 under $200, $5 above. */
export function strikeIncrement(price: number): number {
  if (price < 25) return 0.5;
  if (price < 200) return 1;
  return 5;
}

const STRIKE_RANGE = 0.15;
const MIN_STRIKES_EACH_SIDE = 4;
const MAX_STRIKES_EACH_SIDE = 40;

/** Strikes around a reference price: ±15 % (at least 4, at most 40 increments each side), ascending. */
export function listStrikes(referencePrice: number): number[] {
  const inc = strikeIncrement(referencePrice);
  const center = Math.round(referencePrice / inc) * inc;
  const side = Math.min(MAX_STRIKES_EACH_SIDE, Math.max(MIN_STRIKES_EACH_SIDE, Math.ceil((referencePrice * STRIKE_RANGE) / inc)));
  const strikes: number[] = [];
  for (let i = -side; i <= side; i += 1) {
    const k = Math.round((center + i * inc) * 1000) / 1000;
    if (k > 0) strikes.push(k);
  }
  return strikes;
}

const DAILY_WINDOW_DAYS = 7;
const WEEKLY_WINDOW_DAYS = 45;
const FRIDAY = 5;

/**
 * Expirations listed on `day`: every trading day 0–7 calendar days out when `dailyExpiries`, plus
 * each week's Friday expiry up to ~45 days (moved to Thursday when Friday is a holiday, as the
 * exchanges do). Ascending "YYYY-MM-DD".
 */
export function listExpirations(day: string, dailyExpiries: boolean): string[] {
  const out = new Set<string>();
  if (dailyExpiries) {
    for (let d = 0; d <= DAILY_WINDOW_DAYS; d += 1) {
      const date = addCalendarDays(day, d);
      if (isNyseTradingDate(date)) out.add(date);
    }
  }
  for (let d = 0; d <= WEEKLY_WINDOW_DAYS; d += 1) {
    const date = addCalendarDays(day, d);
    if (weekdayOf(date) !== FRIDAY) continue;
    let expiry = date;
    while (!isNyseTradingDate(expiry)) expiry = addCalendarDays(expiry, -1);
    if (expiry >= day) out.add(expiry);
  }
  return [...out].sort();
}
