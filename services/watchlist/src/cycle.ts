import type { Clock, CycleContext, Db, Logger } from "@ops/core";
import { DEFAULT_WATCHLIST_CONFIG, scoreWatchlist, selectWatchlist } from "@ops/trading";
import type { WatchlistConfig } from "@ops/trading";
import type { WatchlistServiceConfig } from "./config.js";
import { replaceWatchlist, selectMembers, selectWatchlistCandidates } from "./queries.js";
import type { WatchlistRow } from "./queries.js";

export interface WatchlistDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: Pick<WatchlistServiceConfig, "OPS_WATCHLIST_SIZE" | "OPS_WATCHLIST_NEWS_WINDOW_MIN" | "OPS_WATCHLIST_MAX_FEATURE_AGE_S">;
  /** Scoring and hysteresis settings; the seed's values by default. */
  readonly scoring?: Partial<WatchlistConfig>;
}

/**
 * Scores every tradable symbol with fresh features (seed §3.5, signed news sentiment), applies the
 * entry/exit hysteresis against the current members, and replaces the watchlist in one transaction.
 */
export function createWatchlistCycle(deps: WatchlistDeps): (ctx: CycleContext) => Promise<Record<string, number>> {
  const cfg: WatchlistConfig = {
    ...DEFAULT_WATCHLIST_CONFIG,
    ...deps.scoring,
    size: deps.config.OPS_WATCHLIST_SIZE,
    newsHorizonS: deps.config.OPS_WATCHLIST_NEWS_WINDOW_MIN * 60,
  };
  const maxFeatureAgeMs = deps.config.OPS_WATCHLIST_MAX_FEATURE_AGE_S * 1000;

  return async (ctx) => {
    const now = ctx.now;
    const newsSince = new Date(now.getTime() - cfg.newsHorizonS * 1000);
    const candidates = await selectWatchlistCandidates(deps.db, now, newsSince);
    const fresh = candidates.filter((c) => now.getTime() - c.featuresTs.getTime() <= maxFeatureAgeMs);
    const bySymbol = new Map(fresh.map((c) => [c.symbol, c]));
    const scored = scoreWatchlist(fresh.map(({ symbol, features, news }) => ({ symbol, features, news })), cfg);

    const selection = await deps.db.transaction(async (tx) => {
      const previous = await selectMembers(tx);
      const chosen = selectWatchlist(scored, previous, now, cfg);
      const rows: WatchlistRow[] = chosen.entries.map((entry, i) => {
        const source = bySymbol.get(entry.symbol);
        if (!source) throw new Error(`scored symbol ${entry.symbol} has no candidate row`);
        return {
          entry,
          rank: i + 1,
          featuresTs: source.featuresTs,
          components: {
            ...entry.components,
            score_rank: entry.rank,
            news_count: source.news.count,
            avg_signed_score: source.news.avgSignedScore,
            newest_news_age_s: source.news.newestAgeS,
          },
          reasons: [entry.reason],
        };
      });
      await replaceWatchlist(tx, rows, now);
      return chosen;
    });

    const members = selection.entries.filter((e) => e.inWatchlist);
    const entered = members.filter((e) => e.reason === "entered" || e.reason === "backfilled").map((e) => e.symbol);
    if (entered.length > 0 || selection.exited.length > 0) {
      ctx.logger.info({ event: "watchlist.changed", entered, exited: selection.exited, members: members.length },
        `watchlist: +${entered.length} -${selection.exited.length}`);
    }
    return {
      symbols: candidates.length,
      stale: candidates.length - fresh.length,
      scored: scored.length,
      members: members.length,
      entered: entered.length,
      exited: selection.exited.length,
    };
  };
}
