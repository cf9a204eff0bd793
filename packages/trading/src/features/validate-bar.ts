import type { Bar } from "../domain/bar.js";

/**
 * Why a bar cannot be used, or null when it is sound. Bars come from external feeds, so anything is
 * possible; a bad bar is refused with a reason, never thrown on.
 */
export function validateBar(bar: Bar): string | null {
  if (!(bar.ts instanceof Date) || Number.isNaN(bar.ts.getTime())) return "invalid timestamp";
  const bad =
    badPrice("open", bar.open) ?? badPrice("high", bar.high) ?? badPrice("low", bar.low) ?? badPrice("close", bar.close);
  if (bad !== null) return bad;
  if (bar.high < bar.low) return `high ${bar.high} is below low ${bar.low}`;
  if (bar.open > bar.high || bar.open < bar.low) return `open ${bar.open} is outside [low, high]`;
  if (bar.close > bar.high || bar.close < bar.low) return `close ${bar.close} is outside [low, high]`;
  if (typeof bar.volume !== "number" || !Number.isFinite(bar.volume) || bar.volume < 0) {
    return `volume ${bar.volume} is not a non-negative finite number`;
  }
  return null;
}

function badPrice(name: string, value: number): string | null {
  if (typeof value !== "number" || !Number.isFinite(value)) return `${name} is not a finite number`;
  if (value <= 0) return `${name} is not positive (${value})`;
  return null;
}
