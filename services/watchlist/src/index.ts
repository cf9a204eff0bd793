export { createWatchlistCycle, watchlistSettings } from "./cycle.js";
export type { WatchlistCycleConfig, WatchlistDeps } from "./cycle.js";
export { loadWatchlistConfig, watchlistConfigSchema } from "./config.js";
export type { WatchlistServiceConfig } from "./config.js";
