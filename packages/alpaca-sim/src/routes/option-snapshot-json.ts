import type { OptionQuote } from "../market-data/types.js";
import { rfc3339 } from "./query-params.js";

/** CBOE; the sim quotes every contract as if from one venue. */
const EXCHANGE = "C";

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function optionQuoteJson(q: OptionQuote): Record<string, unknown> {
  return { t: rfc3339(q.at), ax: EXCHANGE, ap: q.ask, as: q.askSize, bx: EXCHANGE, bp: q.bid, bs: q.bidSize, c: "A" };
}

export function optionTradeJson(q: OptionQuote): Record<string, unknown> {
  return { t: rfc3339(q.lastAt ?? q.at), x: EXCHANGE, p: q.last, s: q.lastSize ?? 1, c: "I" };
}

/**
 * Alpaca's option snapshot: latestQuote, latestTrade, greeks, impliedVolatility, dailyBar (the
 * day's volume lives in dailyBar.v — seed failure 13 read it from latestTrade.size).
 */
export function optionSnapshotJson(q: OptionQuote): Record<string, unknown> {
  const snapshot: Record<string, unknown> = {
    latestQuote: optionQuoteJson(q),
    latestTrade: optionTradeJson(q),
    greeks: {
      delta: round(q.delta, 4),
      gamma: round(q.gamma, 4),
      rho: round(q.rho, 4),
      theta: round(q.theta, 4),
      vega: round(q.vega, 4),
    },
    impliedVolatility: round(q.iv, 4),
  };
  if (q.dailyBar) {
    const b = q.dailyBar;
    snapshot["dailyBar"] = { t: rfc3339(b.ts), o: b.open, h: b.high, l: b.low, c: b.close, v: b.volume, n: b.tradeCount, vw: b.vwap };
  }
  return snapshot;
}
