// Pure: the price a position is judged at, always keyed by its exact instrument id (seed 36: option
// marks looked up by the underlying stayed at entry). Options use the live bid/ask mid, never the
// broker's position valuation (seed 37); stocks use our newest bar, else the broker's current price.
import type { BrokerPosition, OptionQuote } from "@ops/broker-alpaca";
import type { PositionRow } from "./position-row.js";
import type { NewestBar } from "./queries.js";

export const MARK_SOURCES = ["option_quote_mid", "bar_close", "broker_current_price"] as const;
export type MarkSource = (typeof MARK_SOURCES)[number];

export interface Mark {
  readonly price: number;
  readonly source: MarkSource;
  readonly at: Date;
}

export type MarkResult = { readonly ok: true; readonly mark: Mark } | { readonly ok: false; readonly reason: string };

export interface MarkInputs {
  readonly quote: OptionQuote | undefined;
  readonly bar: NewestBar | undefined;
  readonly brokerPosition: BrokerPosition | undefined;
}

export function pickMark(position: PositionRow, inputs: MarkInputs, now: Date, maxAgeS: number): MarkResult {
  const maxAgeMs = maxAgeS * 1000;
  if (position.instrumentType !== "STOCK") {
    const quote = inputs.quote;
    if (quote === undefined) return { ok: false, reason: "no option quote" };
    if (quote.symbol !== position.symbol) return { ok: false, reason: `quote is for ${quote.symbol}` };
    if (!(positive(quote.bid) && positive(quote.ask) && quote.ask >= quote.bid)) {
      return { ok: false, reason: `no two-sided quote (bid ${quote.bid}, ask ${quote.ask})` };
    }
    const ageMs = now.getTime() - quote.at.getTime();
    if (!(ageMs <= maxAgeMs)) return { ok: false, reason: `quote is ${Math.round(ageMs / 1000)} s old` };
    return { ok: true, mark: { price: (quote.bid + quote.ask) / 2, source: "option_quote_mid", at: quote.at } };
  }
  const bar = inputs.bar;
  if (bar !== undefined && positive(bar.close)) {
    // A minute bar is complete (and its close known) one minute after its start.
    const completeAt = bar.ts.getTime() + 60_000;
    if (now.getTime() - completeAt <= maxAgeMs) return { ok: true, mark: { price: bar.close, source: "bar_close", at: new Date(completeAt) } };
  }
  const current = inputs.brokerPosition?.currentPrice;
  if (current !== undefined && positive(current) && inputs.brokerPosition?.symbol === position.symbol) {
    return { ok: true, mark: { price: current, source: "broker_current_price", at: now } };
  }
  return { ok: false, reason: bar === undefined ? "no bar and no broker price" : "bar is stale and no broker price" };
}

function positive(n: number): boolean {
  return Number.isFinite(n) && n > 0;
}

/** Above this relative gap between our mark and the broker's valuation, the mark is flagged (seed 37). */
export const MARK_DIVERGENCE_ALERT = 0.25;

/** |mark − broker price| / mark, or null when the broker gave no usable price. */
export function markDivergence(mark: number, brokerPrice: number | undefined): number | null {
  if (brokerPrice === undefined || !positive(brokerPrice) || !positive(mark)) return null;
  return Math.abs(mark - brokerPrice) / mark;
}
