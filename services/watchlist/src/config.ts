import { baseServiceSchema, enumVar, loadConfig, numberVar } from "@ops/core";
import type { EnvSource } from "@ops/core";
import { ACCOUNT_IDS } from "@ops/trading";

export const watchlistConfigSchema = baseServiceSchema.extend({
  OPS_SERVICE: baseServiceSchema.shape.OPS_SERVICE.default("watchlist"),
  OPS_LOOP_INTERVAL_S: numberVar({ positive: true }).default(60),
  /** Members the signal engine reads (the seed's top 30). */
  OPS_WATCHLIST_SIZE: numberVar({ integer: true, min: 1, max: 500 }).default(30),
  /** Classified news counted per symbol, minutes back from now (seed: 60). */
  OPS_WATCHLIST_NEWS_WINDOW_MIN: numberVar({ positive: true, integer: true, max: 24 * 60 }).default(60),
  /** A symbol whose newest features are older than this is not scored (no data, no watch). */
  OPS_WATCHLIST_MAX_FEATURE_AGE_S: numberVar({ positive: true, integer: true }).default(600),
  OPS_CLOCK: enumVar(["wall", "sim"] as const).default("wall"),
  /** Whose Alpaca keys read the simulator clock when OPS_CLOCK=sim. */
  OPS_DATA_ACCOUNT: enumVar(ACCOUNT_IDS).default("large-100k"),
});

export type WatchlistServiceConfig = ReturnType<typeof watchlistConfigSchema.parse>;

export function loadWatchlistConfig(env?: EnvSource): WatchlistServiceConfig {
  return loadConfig(watchlistConfigSchema, env);
}
