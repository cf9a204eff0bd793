import type { MarketData, OptionMarket } from "../market-data/types.js";
import { roundCents } from "./decimal-format.js";
import type { SimOrder } from "./order-types.js";
import type { TradingHours } from "./trading-hours.js";

const MINUTE_MS = 60_000;

export interface FillModel {
  readonly marketData: MarketData;
  readonly optionMarket: OptionMarket | undefined;
  readonly hours: TradingHours;
  readonly slippageBps: number;
}

/** A price at which (part of) an order can fill, and where the search continues afterwards. */
export interface FillOpportunity {
  readonly at: Date;
  readonly price: number;
  readonly nextCursorMs: number;
}

export type FillSearch =
  | { readonly kind: "fill"; readonly fill: FillOpportunity }
  | { readonly kind: "none"; readonly cursorMs: number };

/**
 * The earliest fill opportunity for `order` at or after its cursor that is knowable at `nowMs`.
 * Deterministic and lookahead-free:
 * - stock market: the first regular-hours bar with ts >= cursor, once now >= bar.ts, at its open
 *   plus slippage (buys pay up, sells receive less), rounded to the cent;
 * - stock limit: the first complete regular-hours bar (ts + 60 s <= now) that trades through the
 *   limit (buy: low <= limit, at min(open, limit); sell: high >= limit, at max(open, limit));
 * - option market: at each regular-hours minute boundary >= cursor, the simulated quote (buy at
 *   ask, sell at bid) once one exists;
 * - option limit: the first such minute where the quote crosses (ask <= limit / bid >= limit).
 */
export function findFill(order: SimOrder, model: FillModel, nowMs: number): FillSearch {
  if (order.assetClass === "us_option") return findOptionFill(order, model, nowMs);
  return order.type === "market" ? findStockMarketFill(order, model, nowMs) : findStockLimitFill(order, model, nowMs);
}

function expiresBefore(order: SimOrder, tMs: number): boolean {
  return order.expiresAt !== undefined && tMs >= order.expiresAt.getTime();
}

function findStockMarketFill(order: SimOrder, model: FillModel, nowMs: number): FillSearch {
  let cursor = order.cursorMs;
  // Each pass either returns or moves the cursor to a later session open; bounded by the data.
  for (let guard = 0; guard < 10_000; guard++) {
    const bar = model.marketData.nextBarAtOrAfter(order.symbol, new Date(cursor));
    if (!bar) return { kind: "none", cursorMs: cursor };
    const ts = bar.ts.getTime();
    if (ts > nowMs || expiresBefore(order, ts)) return { kind: "none", cursorMs: cursor };
    if (!model.hours.isOpenAt(bar.ts)) {
      const session = model.hours.sessionAtOrAfter(bar.ts);
      if (!session) return { kind: "none", cursorMs: cursor };
      cursor = Math.max(ts + MINUTE_MS, session.open.getTime());
      continue;
    }
    const slip = model.slippageBps / 10_000;
    const price = roundCents(order.side === "buy" ? bar.open * (1 + slip) : bar.open * (1 - slip));
    return { kind: "fill", fill: { at: bar.ts, price, nextCursorMs: ts + MINUTE_MS } };
  }
  return { kind: "none", cursorMs: cursor };
}

function findStockLimitFill(order: SimOrder, model: FillModel, nowMs: number): FillSearch {
  const limit = order.limitPrice as number;
  // Only complete bars: their low/high are not known before ts + 60 s.
  let toExclusive = nowMs - MINUTE_MS + 1;
  if (order.expiresAt) toExclusive = Math.min(toExclusive, order.expiresAt.getTime());
  if (toExclusive <= order.cursorMs) return { kind: "none", cursorMs: order.cursorMs };
  const bars = model.marketData.bars(order.symbol, new Date(order.cursorMs), new Date(toExclusive));
  for (const bar of bars) {
    if (!model.hours.isOpenAt(bar.ts)) continue;
    const crosses = order.side === "buy" ? bar.low <= limit : bar.high >= limit;
    if (!crosses) continue;
    const price = order.side === "buy" ? Math.min(bar.open, limit) : Math.max(bar.open, limit);
    const end = bar.ts.getTime() + MINUTE_MS;
    return { kind: "fill", fill: { at: new Date(end), price, nextCursorMs: end } };
  }
  return { kind: "none", cursorMs: toExclusive };
}

function findOptionFill(order: SimOrder, model: FillModel, nowMs: number): FillSearch {
  const options = model.optionMarket;
  let m = Math.ceil(order.cursorMs / MINUTE_MS) * MINUTE_MS;
  if (!options) return { kind: "none", cursorMs: m };
  for (let guard = 0; guard < 100_000 && m <= nowMs; guard++) {
    if (expiresBefore(order, m)) break;
    const at = new Date(m);
    if (!model.hours.isOpenAt(at)) {
      const session = model.hours.sessionAtOrAfter(at);
      if (!session || session.open.getTime() <= m) return { kind: "none", cursorMs: m };
      m = Math.ceil(session.open.getTime() / MINUTE_MS) * MINUTE_MS;
      continue;
    }
    const q = options.quote(order.symbol, at);
    if (q) {
      const price = order.side === "buy" ? q.ask : q.bid;
      const acceptable =
        price > 0 &&
        (order.type === "market" ||
          (order.side === "buy" ? price <= (order.limitPrice as number) : price >= (order.limitPrice as number)));
      if (acceptable) return { kind: "fill", fill: { at, price, nextCursorMs: m + MINUTE_MS } };
    }
    m += MINUTE_MS;
  }
  return { kind: "none", cursorMs: m };
}
