export { createWatchlistCycle } from "./cycle.js";
export type { WatchlistDeps } from "./cycle.js";
export { loadWatchlistConfig, watchlistConfigSchema } from "./config.js";
export type { WatchlistServiceConfig } from "./config.js";
