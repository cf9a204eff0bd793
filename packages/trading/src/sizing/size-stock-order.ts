import type { SizingSkipCode } from "./sizing-codes.js";

export interface StockSizingInput {
  readonly equity: number;
  readonly buyingPower: number;
  readonly entry: number;
  readonly stop: number;
  /** Fraction of equity lost if the stop is hit. */
  readonly riskPct: number;
  /** Largest notional allowed for this order (usually the exposure left). */
  readonly maxNotional: number;
}

export type StockSizing =
  | { readonly ok: true; readonly shares: number; readonly notionalUsd: number; readonly riskUsd: number }
  | { readonly ok: false; readonly shares: 0; readonly code: SizingSkipCode; readonly detail: string };

/** A stop farther than this from entry is treated as a bad stop rather than sized to one share. */
export const MAX_STOP_DISTANCE_PCT = 0.5;

/** shares = floor(equity × risk % / |entry − stop|), capped by max notional and buying power. */
export function sizeStockOrder(input: StockSizingInput): StockSizing {
  const { equity, buyingPower, entry, stop, riskPct, maxNotional } = input;
  if (!(Number.isFinite(entry) && entry > 0)) return skip("INVALID_PRICE", `entry=${entry}`);
  if (!(Number.isFinite(stop) && stop > 0)) return skip("INVALID_STOP", `stop=${stop}`);
  if (!(riskPct > 0 && riskPct <= 1)) return skip("INVALID_RISK_PCT", `risk_pct=${riskPct}`);
  if (!(Number.isFinite(buyingPower) && buyingPower > 0)) return skip("NO_BUYING_POWER", `buying_power=${buyingPower}`);
  if (!(maxNotional > 0)) return skip("EXPOSURE_LIMIT_REACHED", `max_notional=${maxNotional}`);
  const distance = Math.abs(entry - stop);
  if (distance === 0 || distance / entry > MAX_STOP_DISTANCE_PCT) {
    return skip("INVALID_STOP", `entry=${entry} stop=${stop}`);
  }
  if (!(Number.isFinite(equity) && equity > 0)) return skip("NO_BUYING_POWER", `equity=${equity}`);

  const byRisk = Math.floor((equity * riskPct) / distance);
  const byNotional = Math.floor(maxNotional / entry);
  const byBuyingPower = Math.floor(buyingPower / entry);
  const shares = Math.min(byRisk, byNotional, byBuyingPower);
  if (shares <= 0) {
    const code: SizingSkipCode =
      byBuyingPower === 0 ? "NO_BUYING_POWER" : byNotional === 0 ? "EXPOSURE_LIMIT_REACHED" : "RISK_BUDGET_TOO_SMALL";
    return skip(code, `by_risk=${byRisk} by_notional=${byNotional} by_buying_power=${byBuyingPower}`);
  }
  return {
    ok: true,
    shares,
    notionalUsd: Math.round(shares * entry * 100) / 100,
    riskUsd: Math.round(shares * distance * 100) / 100,
  };
}

function skip(code: SizingSkipCode, detail: string): StockSizing {
  return { ok: false, shares: 0, code, detail };
}
