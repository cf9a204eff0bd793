export type { WatchlistConfig, WatchlistWeights } from "./watchlist-config.js";
export { DEFAULT_WATCHLIST_CONFIG } from "./watchlist-config.js";
export type {
  WatchlistFeatures,
  NewsAggregate,
  WatchlistInput,
  WatchlistComponents,
  ScoredSymbol,
} from "./score-watchlist.js";
export { scoreWatchlist, scoreComponents } from "./score-watchlist.js";
export type { WatchlistMember, SelectionReason, WatchlistEntry, WatchlistSelection } from "./select-watchlist.js";
export { SELECTION_REASONS, isMemberReason, selectWatchlist } from "./select-watchlist.js";
