import { baseServiceSchema, booleanVar, enumVar, loadConfig, numberVar } from "@ops/core";
import type { EnvSource } from "@ops/core";
import { ACCOUNT_IDS, DEFAULT_WATCHLIST_CONFIG } from "@ops/trading";

const seed = DEFAULT_WATCHLIST_CONFIG;

export const watchlistConfigSchema = baseServiceSchema
  .extend({
    OPS_SERVICE: baseServiceSchema.shape.OPS_SERVICE.default("watchlist"),
    OPS_LOOP_INTERVAL_S: numberVar({ positive: true }).default(60),
    /** Members the signal engine reads (the seed's top 30). */
    OPS_WATCHLIST_SIZE: numberVar({ integer: true, min: 1, max: 500 }).default(seed.size),
    /** Classified news counted per symbol, minutes back from now (seed: 60). */
    OPS_WATCHLIST_NEWS_WINDOW_MIN: numberVar({ positive: true, integer: true, max: 24 * 60 }).default(60),
    /** A symbol whose newest features are older than this is not scored (no data, no watch). */
    OPS_WATCHLIST_MAX_FEATURE_AGE_S: numberVar({ positive: true, integer: true }).default(600),
    /** A newcomer enters the top N at or above this score (seed: 0.6). */
    OPS_WATCHLIST_ENTRY_THRESHOLD: numberVar({ min: 0, max: 1 }).default(seed.entryThreshold),
    /** A member stays while its score is at least this (seed configured 0.3 and never used it). */
    OPS_WATCHLIST_EXIT_THRESHOLD: numberVar({ min: 0, max: 1 }).default(seed.exitThreshold),
    /** A member stays while it ranks within size + this buffer (0 = a hard top N). */
    OPS_WATCHLIST_EXIT_RANK_BUFFER: numberVar({ integer: true, min: 0, max: 500 }).default(seed.exitRankBuffer),
    /** No member is removed for its score or rank before it has been on the list this long (seed: 30). */
    OPS_WATCHLIST_MIN_RETENTION_MIN: numberVar({ integer: true, min: 0, max: 24 * 60 }).default(seed.minRetentionMinutes),
    /** Fill free places by rank with symbols at or above the exit threshold, as the seed did. */
    OPS_WATCHLIST_BACKFILL: booleanVar().default(seed.backfill),
    OPS_CLOCK: enumVar(["wall", "sim"] as const).default("wall"),
    /** Whose Alpaca keys read the simulator clock when OPS_CLOCK=sim. */
    OPS_DATA_ACCOUNT: enumVar(ACCOUNT_IDS).default("large-100k"),
  })
  .superRefine((cfg, ctx) => {
    // Hysteresis needs a gap: an exit threshold above the entry threshold would drop a symbol that
    // has just entered.
    if (cfg.OPS_WATCHLIST_EXIT_THRESHOLD > cfg.OPS_WATCHLIST_ENTRY_THRESHOLD) {
      ctx.addIssue({
        code: "custom",
        path: ["OPS_WATCHLIST_EXIT_THRESHOLD"],
        message: `must be at most OPS_WATCHLIST_ENTRY_THRESHOLD (${cfg.OPS_WATCHLIST_ENTRY_THRESHOLD}), got ${cfg.OPS_WATCHLIST_EXIT_THRESHOLD}`,
      });
    }
  });

export type WatchlistServiceConfig = ReturnType<typeof watchlistConfigSchema.parse>;

export function loadWatchlistConfig(env?: EnvSource): WatchlistServiceConfig {
  return loadConfig(watchlistConfigSchema, env);
}
