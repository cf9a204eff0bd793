import { hashString } from "../seeded-random.js";

export const LIQUIDITY_TIERS = ["index-etf", "large-cap", "other"] as const;
export type LiquidityTier = (typeof LIQUIDITY_TIERS)[number];

/** Per-underlying knobs of the synthetic options market. */
export interface OptionProfile {
  tier: LiquidityTier;
  /** At-the-money implied vol for a ~30-day expiry. */
  atmIv: number;
  /** Daily-expiry ETFs list every trading day 0–7 DTE; everyone else lists weekly Fridays only. */
  dailyExpiries: boolean;
  /** Quoted spread as a fraction of mid, at the money. */
  baseSpreadPct: number;
  /** Contracts traded in a full day, at the money, nearest expiry. */
  atmDailyVolume: number;
  /** Open interest at the money, nearest expiry. */
  atmOpenInterest: number;
  /** Price increment when quotes are >= $3 (penny-pilot names quote in pennies everywhere). */
  wideTick: number;
}

const DAILY_EXPIRY_ETFS = new Set(["SPY", "QQQ", "IWM", "DIA"]);
const LARGE_CAPS = new Set([
  "AAPL", "MSFT", "NVDA", "TSLA", "AMZN", "GOOGL", "GOOG", "META", "FB", "AMD", "NFLX", "JPM", "BAC",
  "XOM", "IBM", "AIG", "C", "WFC", "GS", "INTC", "CSCO", "ORCL", "QCOM", "DIS", "BA", "KO", "PFE",
]);

// Rough, long-run ATM implied vols; only the order of magnitude matters for the simulation.
const ATM_IV: Readonly<Record<string, number>> = {
  SPY: 0.14, DIA: 0.14, QQQ: 0.18, IWM: 0.2, AAPL: 0.25, MSFT: 0.23, NVDA: 0.45, TSLA: 0.55,
  AMZN: 0.3, GOOGL: 0.27, GOOG: 0.27, META: 0.35, FB: 0.35, AMD: 0.5, NFLX: 0.4, JPM: 0.2, BAC: 0.26,
  XOM: 0.22, IBM: 0.18, AIG: 0.25, C: 0.26, WFC: 0.22, GS: 0.24, INTC: 0.3, TWX: 0.22,
};

export function optionProfile(symbol: string): OptionProfile {
  const atmIv = ATM_IV[symbol] ?? 0.25 + (hashString(`iv:${symbol}`) % 20) / 100;
  if (DAILY_EXPIRY_ETFS.has(symbol)) {
    return { tier: "index-etf", atmIv, dailyExpiries: true, baseSpreadPct: 0.01, atmDailyVolume: 60_000, atmOpenInterest: 90_000, wideTick: 0.01 };
  }
  if (LARGE_CAPS.has(symbol)) {
    return { tier: "large-cap", atmIv, dailyExpiries: false, baseSpreadPct: 0.025, atmDailyVolume: 12_000, atmOpenInterest: 25_000, wideTick: 0.05 };
  }
  return { tier: "other", atmIv, dailyExpiries: false, baseSpreadPct: 0.06, atmDailyVolume: 1_200, atmOpenInterest: 3_000, wideTick: 0.05 };
}
