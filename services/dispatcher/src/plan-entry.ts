// Pure: turns an allowed recommendation into an exact order (instrument, qty, limit price) or a skip with
// a stable code. A skip is never turned into a simulated fill (seed 26).
import { optionEntryLimit, roundToTick, selectContract, sizeOptionOrder, sizeStockOrder } from "@ops/trading";
import type { IvHistory, OptionSnapshot, SizingTier, StrategyType } from "@ops/trading";

export type EntryPlan =
  | {
      readonly ok: true;
      readonly symbol: string;
      readonly underlying: string;
      readonly instrumentType: "STOCK" | "CALL" | "PUT";
      readonly qty: number;
      readonly limitPrice: number;
      readonly notionalUsd: number;
      readonly detail: Readonly<Record<string, unknown>>;
    }
  | { readonly ok: false; readonly code: string; readonly detail: string };

export interface OptionEntryInput {
  readonly underlying: string;
  readonly side: "call" | "put";
  readonly strategyType: StrategyType;
  readonly underlyingPrice: number;
  readonly snapshots: readonly OptionSnapshot[];
  readonly today: string;
  readonly ivHistory: IvHistory | null;
  readonly buyingPower: number;
  readonly exposureLeftUsd: number;
  readonly tier: SizingTier;
  /** Fraction of the half-spread over the mid for the limit (0 = the mid). Default 0. */
  readonly limitOffset?: number;
}

/** Contract selection (liquidity floor, quality, IV rank), then sizing; a limit buy at the mid on the tick. */
export function planOptionEntry(input: OptionEntryInput): EntryPlan {
  const selection = selectContract(input.snapshots, {
    underlyingPrice: input.underlyingPrice,
    side: input.side,
    strategyType: input.strategyType,
    today: input.today,
    ivHistory: input.ivHistory,
  });
  if (!selection.ok) return { ok: false, code: selection.code, detail: selection.detail };
  const offset = input.limitOffset ?? 0;
  const limitPrice =
    offset > 0 ? (optionEntryLimit(selection.contract, { offset, step: 0, stepFraction: 0 }) ?? selection.limitPrice) : selection.limitPrice;
  const sizing = sizeOptionOrder({
    buyingPower: input.buyingPower,
    premiumMid: limitPrice,
    strategyType: input.strategyType,
    tier: input.tier,
    maxExposureLeft: input.exposureLeftUsd,
  });
  if (!sizing.ok) return { ok: false, code: sizing.code, detail: sizing.detail };
  const c = selection.contract;
  return {
    ok: true,
    symbol: c.symbol,
    underlying: input.underlying,
    instrumentType: c.type === "call" ? "CALL" : "PUT",
    qty: sizing.contracts,
    limitPrice,
    notionalUsd: sizing.notionalUsd,
    detail: {
      bid: c.bid,
      ask: c.ask,
      spread_pct: round(selection.spreadPct),
      quality_score: round(selection.score.total),
      dte: selection.dte,
      strike: c.strike,
      target_strike: round(selection.targetStrike),
      delta: c.delta,
      iv: c.iv,
      iv_rank: selection.ivRank,
      daily_volume: c.dailyVolume,
      underlying_price: input.underlyingPrice,
      risk_budget_usd: sizing.riskBudgetUsd,
      notional_usd: sizing.notionalUsd,
    },
  };
}

export interface StockEntryInput {
  readonly symbol: string;
  readonly lastPrice: number | null;
  readonly atr14: number | null;
  readonly recentVol: number | null;
  readonly equity: number;
  readonly buyingPower: number;
  readonly exposureLeftUsd: number;
  readonly tier: SizingTier;
  readonly slippageBps: number;
  readonly stopAtrMult: number;
}

/** A limit buy a few bps above the last price; shares sized on the distance to an ATR (or volatility) stop. */
export function planStockEntry(input: StockEntryInput): EntryPlan {
  const { lastPrice } = input;
  if (lastPrice === null || !(Number.isFinite(lastPrice) && lastPrice > 0)) {
    return { ok: false, code: "INVALID_PRICE", detail: `last_price=${lastPrice}` };
  }
  const limitPrice = roundToTick(lastPrice * (1 + input.slippageBps / 10_000), "STOCK", "up");
  let distance: number | null = null;
  let stopBasis = "";
  if (input.atr14 !== null && input.atr14 > 0) {
    distance = input.atr14 * input.stopAtrMult;
    stopBasis = "atr14";
  } else if (input.recentVol !== null && input.recentVol > 0) {
    // §3.7: d = entry × recent_vol × 2.
    distance = limitPrice * input.recentVol * input.stopAtrMult;
    stopBasis = "recent_vol";
  }
  if (distance === null) return { ok: false, code: "INVALID_STOP", detail: "no atr14 or recent_vol for a stop" };
  const stop = limitPrice - distance;
  const sizing = sizeStockOrder({
    equity: input.equity,
    buyingPower: input.buyingPower,
    entry: limitPrice,
    stop,
    riskPct: input.tier.stockRiskPct,
    maxNotional: Math.min(input.exposureLeftUsd, input.buyingPower),
  });
  if (!sizing.ok) return { ok: false, code: sizing.code, detail: sizing.detail };
  return {
    ok: true,
    symbol: input.symbol,
    underlying: input.symbol,
    instrumentType: "STOCK",
    qty: sizing.shares,
    limitPrice,
    notionalUsd: sizing.notionalUsd,
    detail: { last_price: lastPrice, stop_price: round(stop), stop_basis: stopBasis, risk_usd: sizing.riskUsd, notional_usd: sizing.notionalUsd },
  };
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
