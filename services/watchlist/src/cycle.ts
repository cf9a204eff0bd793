import type { Clock, CycleContext, Db, Logger } from "@ops/core";
import { DEFAULT_WATCHLIST_CONFIG, scoreWatchlist, selectWatchlist } from "@ops/trading";
import type { WatchlistConfig } from "@ops/trading";
import type { WatchlistServiceConfig } from "./config.js";
import { replaceWatchlist, selectMembers, selectWatchlistCandidates } from "./queries.js";
import type { WatchlistRow } from "./queries.js";

export type WatchlistCycleConfig = Pick<
  WatchlistServiceConfig,
  | "OPS_WATCHLIST_SIZE"
  | "OPS_WATCHLIST_NEWS_WINDOW_MIN"
  | "OPS_WATCHLIST_MAX_FEATURE_AGE_S"
  | "OPS_WATCHLIST_ENTRY_THRESHOLD"
  | "OPS_WATCHLIST_EXIT_THRESHOLD"
  | "OPS_WATCHLIST_EXIT_RANK_BUFFER"
  | "OPS_WATCHLIST_MIN_RETENTION_MIN"
  | "OPS_WATCHLIST_BACKFILL"
>;

export interface WatchlistDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: WatchlistCycleConfig;
  /** Scoring details the environment does not set (weights, scales); the seed's values by default. */
  readonly scoring?: Partial<WatchlistConfig>;
}

/** The pure package's settings from validated service config. */
export function watchlistSettings(config: WatchlistCycleConfig, scoring: Partial<WatchlistConfig> = {}): WatchlistConfig {
  return {
    ...DEFAULT_WATCHLIST_CONFIG,
    ...scoring,
    size: config.OPS_WATCHLIST_SIZE,
    newsHorizonS: config.OPS_WATCHLIST_NEWS_WINDOW_MIN * 60,
    entryThreshold: config.OPS_WATCHLIST_ENTRY_THRESHOLD,
    exitThreshold: config.OPS_WATCHLIST_EXIT_THRESHOLD,
    exitRankBuffer: config.OPS_WATCHLIST_EXIT_RANK_BUFFER,
    minRetentionMinutes: config.OPS_WATCHLIST_MIN_RETENTION_MIN,
    backfill: config.OPS_WATCHLIST_BACKFILL,
  };
}

/**
 * Scores every tradable symbol with fresh features (seed §3.5, signed news sentiment), applies the
 * top-N membership with entry/exit thresholds, rank buffer and minimum retention against the current
 * members, and replaces the watchlist in one transaction. Every row carries its score components and
 * a reasons JSON saying which rule put it in or left it out.
 */
export function createWatchlistCycle(deps: WatchlistDeps): (ctx: CycleContext) => Promise<Record<string, number>> {
  const cfg = watchlistSettings(deps.config, deps.scoring);
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
      const since = new Map(previous.map((m) => [m.symbol, m.enteredAt]));
      const chosen = selectWatchlist(scored, previous, now, cfg);
      const rows: WatchlistRow[] = chosen.entries.map((entry, i) => {
        const source = bySymbol.get(entry.symbol);
        if (!source) throw new Error(`scored symbol ${entry.symbol} has no candidate row`);
        const memberSince = since.get(entry.symbol);
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
          reasons: [{
            code: entry.reason,
            in_watchlist: entry.inWatchlist,
            was_member: entry.wasMember,
            member_minutes: memberSince ? Math.floor((now.getTime() - memberSince.getTime()) / 60_000) : null,
            detail: entry.detail,
          }],
        };
      });
      await replaceWatchlist(tx, rows, now);
      return chosen;
    });

    const members = selection.entries.filter((e) => e.inWatchlist);
    const entered = members.filter((e) => !e.wasMember).map((e) => e.symbol);
    const scoredReason = new Map(selection.entries.map((e) => [e.symbol, e.reason]));
    const exitReasons = Object.fromEntries(selection.exited.map((s) => [s, scoredReason.get(s) ?? "no_fresh_features"]));
    if (entered.length > 0 || selection.exited.length > 0) {
      ctx.logger.info({ event: "watchlist.changed", entered, exited: selection.exited, exit_reasons: exitReasons, members: members.length },
        `watchlist: +${entered.length} -${selection.exited.length}`);
    }
    return {
      symbols: candidates.length,
      stale: candidates.length - fresh.length,
      scored: scored.length,
      members: members.length,
      entered: entered.length,
      exited: selection.exited.length,
      in_buffer: members.filter((e) => e.reason === "retained_in_buffer").length,
      min_hold: members.filter((e) => e.reason === "retained_min_hold").length,
    };
  };
}
