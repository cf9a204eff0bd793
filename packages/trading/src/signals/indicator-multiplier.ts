import type { Direction } from "./signal-types.js";

/** Each rule is off unless switched on, so the seed's confidence is reproduced exactly by default. */
export interface IndicatorRulesConfig {
  /** Against-direction extremes: a BULL entry into an overbought RSI (or BEAR into oversold) is damped. */
  readonly rsi: { readonly enabled: boolean; readonly overbought: number; readonly oversold: number; readonly penalty: number };
  /** MACD histogram sign: agreeing with the direction boosts, opposing it damps. */
  readonly macd: { readonly enabled: boolean; readonly confirm: number; readonly oppose: number };
  /** Price already beyond the band in the trade's direction (%b > 1 for BULL, < 0 for BEAR) is chasing. */
  readonly bollinger: { readonly enabled: boolean; readonly penalty: number };
  /** ATR as a fraction of price above this means stops sized for normal noise get hit: damp. */
  readonly atr: { readonly enabled: boolean; readonly maxAtrPct: number; readonly penalty: number };
}

export const DEFAULT_INDICATOR_RULES: IndicatorRulesConfig = {
  rsi: { enabled: false, overbought: 70, oversold: 30, penalty: 0.8 },
  macd: { enabled: false, confirm: 1.05, oppose: 0.85 },
  bollinger: { enabled: false, penalty: 0.85 },
  atr: { enabled: false, maxAtrPct: 0.03, penalty: 0.8 },
};

export interface IndicatorValues {
  readonly close: number;
  readonly rsi14?: number | null | undefined;
  readonly macd_hist?: number | null | undefined;
  readonly bb_percent_b?: number | null | undefined;
  readonly atr14?: number | null | undefined;
}

export const INDICATOR_NAMES = ["rsi", "macd", "bollinger", "atr"] as const;
export type IndicatorName = (typeof INDICATOR_NAMES)[number];

/** One enabled rule's verdict, stored in the recommendation's reasoning. `value` null = no data (×1). */
export interface IndicatorEffect {
  readonly value: number | null;
  readonly multiplier: number;
}

export interface IndicatorMultiplier {
  readonly multiplier: number;
  readonly effects: Readonly<Partial<Record<IndicatorName, IndicatorEffect>>>;
}

const finite = (x: number | null | undefined): x is number => typeof x === "number" && Number.isFinite(x);

/** Product of the enabled rules' multipliers; a missing value never changes confidence (it is recorded). */
export function indicatorMultiplier(values: IndicatorValues, direction: Direction, cfg: IndicatorRulesConfig): IndicatorMultiplier {
  const effects: Partial<Record<IndicatorName, IndicatorEffect>> = {};
  const bull = direction === "BULL";
  if (cfg.rsi.enabled) {
    const rsi = values.rsi14;
    const against = finite(rsi) && (bull ? rsi >= cfg.rsi.overbought : rsi <= cfg.rsi.oversold);
    effects.rsi = { value: finite(rsi) ? rsi : null, multiplier: against ? cfg.rsi.penalty : 1 };
  }
  if (cfg.macd.enabled) {
    const hist = values.macd_hist;
    const m = !finite(hist) || hist === 0 ? 1 : hist > 0 === bull ? cfg.macd.confirm : cfg.macd.oppose;
    effects.macd = { value: finite(hist) ? hist : null, multiplier: m };
  }
  if (cfg.bollinger.enabled) {
    const b = values.bb_percent_b;
    const chasing = finite(b) && (bull ? b > 1 : b < 0);
    effects.bollinger = { value: finite(b) ? b : null, multiplier: chasing ? cfg.bollinger.penalty : 1 };
  }
  if (cfg.atr.enabled) {
    const atrPct = finite(values.atr14) && values.close > 0 ? values.atr14 / values.close : null;
    effects.atr = { value: atrPct, multiplier: atrPct !== null && atrPct > cfg.atr.maxAtrPct ? cfg.atr.penalty : 1 };
  }
  const multiplier = Object.values(effects).reduce((product, e) => product * e.multiplier, 1);
  return { multiplier, effects };
}

export function anyIndicatorEnabled(cfg: IndicatorRulesConfig): boolean {
  return INDICATOR_NAMES.some((name) => cfg[name].enabled);
}
