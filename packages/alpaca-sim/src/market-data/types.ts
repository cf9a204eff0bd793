import type { Bar } from "@ops/trading";

/** Replayable minute bars. Implementations must be cheap per call: they are hit on every request. */
export interface MarketData {
  symbols(): string[];
  /** "YYYY-MM-DD" (ET trading days that have bars), ascending. */
  tradingDays(): string[];
  /** Bars with fromInclusive <= ts < toExclusive, ascending. */
  bars(symbol: string, fromInclusive: Date, toExclusive: Date): Bar[];
  /** First bar with ts >= t (market-order fills use its open). */
  nextBarAtOrAfter(symbol: string, t: Date): Bar | undefined;
  /** Latest bar complete before t (bar.ts + 60s <= t). */
  lastBarBefore(symbol: string, t: Date): Bar | undefined;
}

export const OPTION_TYPES = ["call", "put"] as const;
export type OptionType = (typeof OPTION_TYPES)[number];

export interface OptionContractInfo {
  /** OCC symbol, e.g. SPY241220C00450000. */
  symbol: string;
  underlying: string;
  /** "YYYY-MM-DD" */
  expiration: string;
  type: OptionType;
  strike: number;
}

export interface OptionQuote {
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  last: number;
  iv: number;
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
  rho: number;
  dailyVolume: number;
  openInterest: number;
  at: Date;
  /** Extras the snapshot routes use when present (superset of the agreed shape). */
  lastSize?: number;
  lastAt?: Date;
  underlyingPrice?: number;
  dailyBar?: OptionDailyBar;
}

/** The contract's session so far (Alpaca's snapshot `dailyBar`). */
export interface OptionDailyBar {
  /** Midnight ET of the trading day, as Alpaca stamps daily bars. */
  ts: Date;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  tradeCount: number;
  vwap: number;
}

export interface OptionMarket {
  contracts(underlying: string, asOf: Date): OptionContractInfo[];
  /** undefined when the underlying has no complete bar yet at asOf (or the symbol is unknown). */
  quote(occSymbol: string, asOf: Date): OptionQuote | undefined;
}
