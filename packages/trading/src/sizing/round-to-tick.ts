import type { InstrumentType } from "../domain/vocabulary.js";

/** Which tick grid applies: stocks and options have different minimum price increments. */
export type TickClass = "stock" | "option";

export const ROUNDING_MODES = ["nearest", "down", "up"] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

export function tickClassOf(instrumentType: InstrumentType): TickClass {
  return instrumentType === "STOCK" ? "stock" : "option";
}

/**
 * Minimum price increment. Stocks: $0.01 at or above $1, $0.0001 below (Reg NMS sub-penny rule).
 * Options: $0.05 below $3, $0.10 from $3 — the non-penny-pilot grid, which every option class accepts.
 */
export function tickSize(price: number, cls: TickClass): number {
  if (cls === "stock") return price >= 1 ? 0.01 : 0.0001;
  return price >= 3 ? 0.1 : 0.05;
}

/** Rounds a price onto its instrument's tick grid (seed failure 20: sub-penny prices were rejected). */
export function roundToTick(price: number, instrument: TickClass | InstrumentType, mode: RoundingMode = "nearest"): number {
  if (!Number.isFinite(price) || price <= 0) throw new RangeError(`price must be a positive number, got ${price}`);
  const cls: TickClass = instrument === "stock" || instrument === "option" ? instrument : tickClassOf(instrument);
  let rounded = onGrid(price, tickSize(price, cls), mode);
  // Rounding can cross a grid boundary (e.g. $2.99 → $3.00); re-round on the grid that applies there.
  const after = tickSize(rounded, cls);
  if (after !== tickSize(price, cls)) rounded = onGrid(rounded, Math.max(after, tickSize(price, cls)), mode);
  if (rounded <= 0) rounded = tickSize(price, cls);
  return rounded;
}

function onGrid(price: number, tick: number, mode: RoundingMode): number {
  // Work in integer ticks, nudged by a tiny epsilon so 1.15/0.05 does not become 22.999999.
  const ticks = price / tick;
  const n = mode === "down" ? Math.floor(ticks + 1e-9) : mode === "up" ? Math.ceil(ticks - 1e-9) : Math.round(ticks);
  const decimals = tick < 0.01 ? 4 : 2;
  return Number((n * tick).toFixed(decimals));
}
