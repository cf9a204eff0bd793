import type { ScoredSymbol } from "./score-watchlist.js";
import { DEFAULT_WATCHLIST_CONFIG, type WatchlistConfig } from "./watchlist-config.js";

/** A symbol currently on the watchlist and since when. */
export interface WatchlistMember {
  readonly symbol: string;
  readonly enteredAt: Date;
}

export const SELECTION_REASONS = [
  "entered",
  "retained",
  "retained_min_hold",
  "backfilled",
  "exited_below_threshold",
  "below_entry",
  "over_capacity",
] as const;
export type SelectionReason = (typeof SELECTION_REASONS)[number];

export interface WatchlistEntry extends ScoredSymbol {
  readonly inWatchlist: boolean;
  /** 1..size for members (by score), null otherwise. */
  readonly watchRank: number | null;
  /** When the symbol joined; kept across cycles while it stays. Null for non-members. */
  readonly enteredAt: Date | null;
  readonly reason: SelectionReason;
}

export interface WatchlistSelection {
  /** One entry per scored symbol: members first (by watchRank), then the rest by score. */
  readonly entries: WatchlistEntry[];
  /** Previous members that are no longer on the list, including ones that were not scored. */
  readonly exited: string[];
}

/**
 * Watchlist membership with hysteresis: a newcomer needs `entryThreshold`, a member stays until its
 * score falls below `exitThreshold` and it has been on the list for `minRetentionMinutes`. The seed
 * configured these but ranked a fresh top 30 each cycle, so symbols flapped in and out.
 * Capacity is filled by score; with `backfill`, free places go to the best symbols at or above the
 * exit threshold. Symbols without a score (no features) cannot stay.
 */
export function selectWatchlist(
  scored: readonly ScoredSymbol[],
  previous: readonly WatchlistMember[],
  now: Date,
  cfg: WatchlistConfig = DEFAULT_WATCHLIST_CONFIG,
): WatchlistSelection {
  const prev = new Map(previous.map((m) => [m.symbol, m.enteredAt]));
  const ordered = [...scored].sort((a, b) => b.score - a.score || a.rank - b.rank);
  const retentionMs = cfg.minRetentionMinutes * 60_000;

  const decided = ordered.map((s): { s: ScoredSymbol; enteredAt: Date | undefined; reason: SelectionReason } => {
    const enteredAt = prev.get(s.symbol);
    let reason: SelectionReason;
    if (enteredAt !== undefined) {
      if (s.score >= cfg.exitThreshold) reason = "retained";
      else if (now.getTime() - enteredAt.getTime() < retentionMs) reason = "retained_min_hold";
      else reason = "exited_below_threshold";
    } else {
      reason = s.score >= cfg.entryThreshold ? "entered" : "below_entry";
    }
    return { s, enteredAt, reason };
  });

  let places = cfg.size;
  for (const d of decided) {
    if (d.reason === "entered" || d.reason === "retained" || d.reason === "retained_min_hold") {
      if (places > 0) places--;
      else d.reason = "over_capacity";
    }
  }
  if (cfg.backfill) {
    for (const d of decided) {
      if (places === 0) break;
      if (d.reason === "below_entry" && d.s.score >= cfg.exitThreshold) {
        d.reason = "backfilled";
        places--;
      }
    }
  }

  const isMember = (r: SelectionReason): boolean =>
    r === "entered" || r === "retained" || r === "retained_min_hold" || r === "backfilled";
  let watchRank = 0;
  const members: WatchlistEntry[] = [];
  const others: WatchlistEntry[] = [];
  for (const d of decided) {
    if (isMember(d.reason)) {
      members.push({ ...d.s, inWatchlist: true, watchRank: ++watchRank, enteredAt: d.enteredAt ?? now, reason: d.reason });
    } else {
      others.push({ ...d.s, inWatchlist: false, watchRank: null, enteredAt: null, reason: d.reason });
    }
  }
  const kept = new Set(members.map((m) => m.symbol));
  const exited = previous.map((m) => m.symbol).filter((sym) => !kept.has(sym));
  return { entries: [...members, ...others], exited };
}
