import { addCalendarDays, etDateString } from "@ops/core";
import type { Logger, Queryable } from "@ops/core";
import type { Broker, BrokerAsset } from "@ops/broker-alpaca";
import { selectBlockedSymbols, selectSymbolsWithBars } from "./ai-queries.js";
import type { CheckedCandidate } from "./ai-queries.js";
import type { AiCandidate } from "./parse-ai-answer.js";

export const REFUSAL_REASONS = [
  "blocked_by_ops",
  /** Alpaca lists no asset under the symbol (404). */
  "unknown_symbol",
  /** Listed, but inactive or not tradable at Alpaca. */
  "not_tradable",
  /** The asset lookup failed (network, 5xx, unreadable answer): unknown is not accepted. */
  "asset_check_failed",
  "no_listed_options",
  "options_not_tradable",
  "broker_check_failed",
  "no_recent_bars",
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface CandidateCheckOptions {
  /** Listed options must expire within this many weeks from today (ET). */
  readonly optionWeeks: number;
  /** A bar (ours, else the broker's daily bars) within this many days. */
  readonly barsLookbackDays: number;
}

/**
 * Nothing the model says is used unchecked. Each candidate must first exist at the broker as an active,
 * tradable asset; then it needs an active, tradable call expiring in the next weeks (we trade its
 * options) and a recent bar (ours first, else the broker's daily bars for symbols we do not track yet).
 * A lookup that fails refuses only that candidate: the run goes on, and nothing unverified is accepted.
 */
export async function checkCandidates(
  deps: { readonly db: Queryable; readonly broker: Broker; readonly logger: Logger },
  candidates: readonly AiCandidate[],
  now: Date,
  options: CandidateCheckOptions,
): Promise<CheckedCandidate[]> {
  const reasons = new Map<string, RefusalReason>();
  const symbols = candidates.map((c) => c.symbol);
  for (const symbol of await selectBlockedSymbols(deps.db, symbols)) reasons.set(symbol, "blocked_by_ops");

  const today = etDateString(now);
  const expirationTo = addCalendarDays(today, options.optionWeeks * 7);
  for (const symbol of symbols) {
    if (reasons.has(symbol)) continue;
    const assetRefusal = await checkAsset(deps, symbol);
    if (assetRefusal !== undefined) {
      reasons.set(symbol, assetRefusal);
      continue;
    }
    try {
      const contracts = await deps.broker.getOptionContracts({ underlyings: [symbol], type: "call", expirationFrom: today, expirationTo, limit: 1000 });
      const listed = contracts.filter((c) => c.underlying === symbol);
      if (listed.length === 0) reasons.set(symbol, "no_listed_options");
      else if (!listed.some((c) => c.tradable && c.status === "active")) reasons.set(symbol, "options_not_tradable");
    } catch (error) {
      deps.logger.warn({ event: "ai_watchlist.broker_check_failed", symbol, err: error }, "option contracts lookup failed");
      reasons.set(symbol, "broker_check_failed");
    }
  }

  const pending = symbols.filter((s) => !reasons.has(s));
  const since = new Date(now.getTime() - options.barsLookbackDays * 86_400_000);
  const withBars = await selectSymbolsWithBars(deps.db, pending, since, now);
  const untracked = pending.filter((s) => !withBars.has(s));
  if (untracked.length > 0) {
    try {
      const bars = await deps.broker.getStockBars({ symbols: untracked, start: since, end: now, timeframe: "1Day" });
      for (const bar of bars) withBars.add(bar.symbol);
    } catch (error) {
      deps.logger.warn({ event: "ai_watchlist.broker_check_failed", symbols: untracked, err: error }, "daily bars lookup failed");
    }
  }
  for (const symbol of pending) if (!withBars.has(symbol)) reasons.set(symbol, "no_recent_bars");

  return candidates.map((candidate) => ({ candidate, reason: reasons.get(candidate.symbol) }));
}

async function checkAsset(deps: { readonly broker: Broker; readonly logger: Logger }, symbol: string): Promise<RefusalReason | undefined> {
  let asset: BrokerAsset | undefined;
  try {
    asset = await deps.broker.getAsset(symbol);
  } catch (error) {
    deps.logger.warn({ event: "ai_watchlist.asset_check_failed", symbol, err: error }, "asset lookup failed; candidate refused");
    return "asset_check_failed";
  }
  if (asset === undefined) return "unknown_symbol";
  if (asset.status !== "active" || !asset.tradable) return "not_tradable";
  return undefined;
}
