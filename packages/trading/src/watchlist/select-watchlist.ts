import type { ScoredSymbol } from "./score-watchlist.js";
import { DEFAULT_WATCHLIST_CONFIG, type WatchlistConfig } from "./watchlist-config.js";

/** A symbol currently on the watchlist and since when. */
export interface WatchlistMember {
  readonly symbol: string;
  readonly enteredAt: Date;
}

export const SELECTION_REASONS = [
  // In the list after this decision:
  "entered",
  "retained",
  "retained_in_buffer",
  "retained_min_hold",
  "backfilled",
  // Out of the list after this decision:
  "exited_below_threshold",
  "exited_out_of_rank",
  "displaced",
  "below_entry",
  "over_capacity",
] as const;
export type SelectionReason = (typeof SELECTION_REASONS)[number];

const MEMBER_REASONS: ReadonlySet<SelectionReason> = new Set([
  "entered", "retained", "retained_in_buffer", "retained_min_hold", "backfilled",
]);

export function isMemberReason(reason: SelectionReason): boolean {
  return MEMBER_REASONS.has(reason);
}

export interface WatchlistEntry extends ScoredSymbol {
  readonly inWatchlist: boolean;
  /** 1..size for members (by score), null otherwise. */
  readonly watchRank: number | null;
  /** When the symbol joined; kept across cycles while it stays. Null for non-members. */
  readonly enteredAt: Date | null;
  /** Whether it was a member before this decision. */
  readonly wasMember: boolean;
  readonly reason: SelectionReason;
  /** The rule and the numbers behind `reason`, for the reasons JSON and the logs. */
  readonly detail: string;
}

export interface WatchlistSelection {
  /** One entry per scored symbol: members first (by watchRank), then the rest by score. */
  readonly entries: WatchlistEntry[];
  /** Previous members that are no longer on the list, including ones that were not scored. */
  readonly exited: string[];
}

/** Who gets a place first; lower is earlier. Within a tier, by score. */
const TIER = { topN: 0, hysteresis: 1, fill: 2, none: 3 } as const;

interface Decision {
  readonly s: ScoredSymbol;
  readonly position: number;
  readonly enteredAt: Date | undefined;
  tier: number;
  reason: SelectionReason;
  detail: string;
}

const f2 = (x: number): string => x.toFixed(3);

/**
 * Watchlist membership: the seed's top N (entries at or above `entryThreshold` first, then backfilled
 * by rank) plus the hysteresis it configured but never used. A member stays while its score is at
 * least `exitThreshold` and it ranks within `size + exitRankBuffer`, and in any case until it has been
 * on the list `minRetentionMinutes`. Places (at most `size`) go first to the top N by score that
 * qualify (members at or above the exit threshold, newcomers at or above the entry threshold), then to
 * members kept by hysteresis, then to backfill; a member that finds no place is `displaced`.
 * Symbols without a score (no fresh features) cannot stay.
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
  const n = cfg.size;
  const keepRank = n + cfg.exitRankBuffer;

  const decided = ordered.map((s, i): Decision => {
    const position = i + 1;
    const enteredAt = prev.get(s.symbol);
    const d = (tier: number, reason: SelectionReason, detail: string): Decision => ({ s, position, enteredAt, tier, reason, detail });
    const score = f2(s.score);
    if (enteredAt !== undefined) {
      const heldMin = Math.floor((now.getTime() - enteredAt.getTime()) / 60_000);
      const aboveExit = s.score >= cfg.exitThreshold;
      if (aboveExit && position <= n) {
        return d(TIER.topN, "retained", `score ${score} >= exit ${cfg.exitThreshold}, rank ${position} <= ${n}`);
      }
      if (aboveExit && position <= keepRank) {
        return d(TIER.hysteresis, "retained_in_buffer", `rank ${position} is outside the top ${n} but within ${n} + buffer ${cfg.exitRankBuffer}; score ${score} >= exit ${cfg.exitThreshold}`);
      }
      const why = aboveExit ? `rank ${position} > ${n} + buffer ${cfg.exitRankBuffer}` : `score ${score} < exit ${cfg.exitThreshold}`;
      if (now.getTime() - enteredAt.getTime() < retentionMs) {
        return d(TIER.hysteresis, "retained_min_hold", `${why}, but a member for ${heldMin} min < minimum ${cfg.minRetentionMinutes} min`);
      }
      return d(TIER.none, aboveExit ? "exited_out_of_rank" : "exited_below_threshold", `${why} after ${heldMin} min`);
    }
    if (s.score >= cfg.entryThreshold) {
      return position <= n
        ? d(TIER.topN, "entered", `score ${score} >= entry ${cfg.entryThreshold}, rank ${position} <= ${n}`)
        : d(TIER.fill, "entered", `score ${score} >= entry ${cfg.entryThreshold}, rank ${position}: took a free place`);
    }
    if (cfg.backfill && s.score >= cfg.exitThreshold) {
      return d(TIER.fill, "backfilled", `score ${score} < entry ${cfg.entryThreshold} but >= exit ${cfg.exitThreshold}: took a free place at rank ${position}`);
    }
    return d(TIER.none, "below_entry", `score ${score} < entry ${cfg.entryThreshold}` + (cfg.backfill ? ` and < exit ${cfg.exitThreshold}` : ", backfill off"));
  });

  let places = n;
  for (const tier of [TIER.topN, TIER.hysteresis, TIER.fill]) {
    for (const d of decided) {
      if (d.tier !== tier) continue;
      if (places > 0) {
        places--;
        continue;
      }
      // Only a full list leaves a qualifying symbol out.
      d.detail = `${d.detail}; no place left (${n} taken by higher-priority symbols)`;
      d.reason = d.enteredAt !== undefined ? "displaced" : "over_capacity";
      d.tier = TIER.none;
    }
  }

  let watchRank = 0;
  const members: WatchlistEntry[] = [];
  const others: WatchlistEntry[] = [];
  for (const d of decided) {
    const base = { ...d.s, wasMember: d.enteredAt !== undefined, reason: d.reason, detail: d.detail };
    if (d.tier !== TIER.none) {
      members.push({ ...base, inWatchlist: true, watchRank: ++watchRank, enteredAt: d.enteredAt ?? now });
    } else {
      others.push({ ...base, inWatchlist: false, watchRank: null, enteredAt: null });
    }
  }
  const kept = new Set(members.map((m) => m.symbol));
  const exited = previous.map((m) => m.symbol).filter((sym) => !kept.has(sym));
  return { entries: [...members, ...others], exited };
}
