import { describe, expect, it } from "vitest";
import type { ScoredSymbol } from "./score-watchlist.js";
import { selectWatchlist, type WatchlistMember } from "./select-watchlist.js";
import { DEFAULT_WATCHLIST_CONFIG, type WatchlistConfig } from "./watchlist-config.js";

const NOW = new Date("2024-03-04T15:00:00Z");
const minutesAgo = (m: number): Date => new Date(NOW.getTime() - m * 60_000);
const noBackfill: WatchlistConfig = { ...DEFAULT_WATCHLIST_CONFIG, backfill: false };

function scored(entries: [string, number][]): ScoredSymbol[] {
  return [...entries]
    .sort((a, b) => b[1] - a[1])
    .map(([symbol, score], i) => ({
      symbol,
      score,
      rank: i + 1,
      components: { sentimentPressure: 0, setupQuality: 0, volScore: 0, trendAlignment: 0, sentimentDirection: 0 },
    }));
}

function reasonOf(sel: ReturnType<typeof selectWatchlist>, symbol: string): string | undefined {
  return sel.entries.find((e) => e.symbol === symbol)?.reason;
}

describe("selectWatchlist hysteresis", () => {
  it.each([
    [0.6, true],
    [0.59, false],
  ])("lets a newcomer in only at the entry threshold (score %f → member %s)", (score, member) => {
    const sel = selectWatchlist(scored([["NEW", score]]), [], NOW, noBackfill);
    expect(sel.entries[0]?.inWatchlist).toBe(member);
  });

  it.each([
    ["keeps a member at the exit threshold", 0.3, 120, true, "retained"],
    ["keeps a low-scoring member inside its minimum retention", 0.1, 29, true, "retained_min_hold"],
    ["drops a low-scoring member once retention has passed", 0.29, 30, false, "exited_below_threshold"],
    ["keeps a member between the thresholds that a newcomer could not enter with", 0.45, 120, true, "retained"],
  ])("%s (score %f, member for %i min)", (_name, score, heldMin, member, reason) => {
    const prev: WatchlistMember[] = [{ symbol: "OLD", enteredAt: minutesAgo(heldMin) }];
    const sel = selectWatchlist(scored([["OLD", score]]), prev, NOW, noBackfill);
    expect(sel.entries[0]?.inWatchlist).toBe(member);
    expect(sel.entries[0]?.reason).toBe(reason);
    expect(sel.exited).toEqual(member ? [] : ["OLD"]);
  });

  it("keeps the original entry time of a retained member and stamps newcomers with now", () => {
    const since = minutesAgo(90);
    const sel = selectWatchlist(scored([["OLD", 0.5], ["NEW", 0.9]]), [{ symbol: "OLD", enteredAt: since }], NOW);
    expect(sel.entries.find((e) => e.symbol === "OLD")?.enteredAt).toEqual(since);
    expect(sel.entries.find((e) => e.symbol === "NEW")?.enteredAt).toEqual(NOW);
  });

  it("does not flap a symbol whose score wobbles around the entry threshold", () => {
    let members: WatchlistMember[] = [];
    const memberships: boolean[] = [];
    [0.62, 0.55, 0.58, 0.5, 0.61, 0.4].forEach((score, i) => {
      const at = new Date(NOW.getTime() + i * 5 * 60_000);
      const sel = selectWatchlist(scored([["WOB", score]]), members, at, noBackfill);
      members = sel.entries.filter((e) => e.inWatchlist).map((e) => ({ symbol: e.symbol, enteredAt: e.enteredAt ?? at }));
      memberships.push(members.length === 1);
    });
    expect(memberships).toEqual([true, true, true, true, true, true]);
  });

  it("removes previous members that have no score any more", () => {
    const sel = selectWatchlist(scored([["A", 0.9]]), [{ symbol: "GONE", enteredAt: minutesAgo(5) }], NOW);
    expect(sel.exited).toEqual(["GONE"]);
    expect(sel.entries.map((e) => e.symbol)).toEqual(["A"]);
  });
});

describe("selectWatchlist capacity and backfill", () => {
  const many = (n: number, score: (i: number) => number): [string, number][] =>
    Array.from({ length: n }, (_, i) => [`S${String(i).padStart(2, "0")}`, score(i)]);

  it("holds at most `size` members, best scores first, and marks the rest over capacity", () => {
    const sel = selectWatchlist(scored(many(35, (i) => 0.99 - i * 0.01)), [], NOW);
    const members = sel.entries.filter((e) => e.inWatchlist);
    expect(members).toHaveLength(30);
    expect(members.map((m) => m.watchRank)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(sel.entries.filter((e) => e.reason === "over_capacity")).toHaveLength(5);
    expect(Math.min(...members.map((m) => m.score))).toBeGreaterThan(Math.max(...sel.entries.filter((e) => !e.inWatchlist).map((e) => e.score)));
  });

  it("backfills free places with the best symbols at or above the exit threshold only", () => {
    const sel = selectWatchlist(scored([["HI", 0.7], ["MID", 0.45], ["EDGE", 0.3], ["LOW", 0.29]]), [], NOW);
    expect(reasonOf(sel, "HI")).toBe("entered");
    expect(reasonOf(sel, "MID")).toBe("backfilled");
    expect(reasonOf(sel, "EDGE")).toBe("backfilled");
    expect(reasonOf(sel, "LOW")).toBe("below_entry");
  });

  it("backfills no further than `size`", () => {
    const sel = selectWatchlist(scored(many(40, (i) => 0.5 - i * 0.001)), [], NOW);
    expect(sel.entries.filter((e) => e.inWatchlist)).toHaveLength(30);
    expect(sel.entries.filter((e) => e.reason === "backfilled")).toHaveLength(30);
  });

  it("without backfill, leaves places empty rather than admit symbols below the entry threshold", () => {
    const sel = selectWatchlist(scored([["HI", 0.7], ["MID", 0.45]]), [], NOW, noBackfill);
    expect(sel.entries.filter((e) => e.inWatchlist).map((e) => e.symbol)).toEqual(["HI"]);
  });
});

describe("selectWatchlist top N + buffer exit rule", () => {
  const ranked = (n: number, score: (i: number) => number): [string, number][] =>
    Array.from({ length: n }, (_, i) => [`R${String(i + 1).padStart(2, "0")}`, score(i)]);
  // 50 symbols, R01 best; every score clears the exit threshold, none the entry threshold.
  const field = scored(ranked(50, (i) => 0.55 - i * 0.004));
  const heldLong = (symbol: string): WatchlistMember => ({ symbol, enteredAt: minutesAgo(120) });

  it.each([
    ["R30", "retained"],
    ["R31", "retained_in_buffer"],
    ["R40", "retained_in_buffer"],
    ["R41", "exited_out_of_rank"],
  ])("a long-held member at %s (top 30, buffer 10) is %s", (symbol, reason) => {
    const sel = selectWatchlist(field, [heldLong(symbol)], NOW);
    expect(reasonOf(sel, symbol)).toBe(reason);
    expect(sel.entries.find((e) => e.symbol === symbol)?.inWatchlist).toBe(reason !== "exited_out_of_rank");
  });

  it("keeps a member outside the buffer until its minimum retention has passed", () => {
    const sel = selectWatchlist(field, [{ symbol: "R45", enteredAt: minutesAgo(10) }], NOW);
    expect(reasonOf(sel, "R45")).toBe("retained_min_hold");
  });

  it("with buffer 0 it is the seed's hard top N", () => {
    const sel = selectWatchlist(field, [heldLong("R31")], NOW, { ...DEFAULT_WATCHLIST_CONFIG, exitRankBuffer: 0 });
    expect(reasonOf(sel, "R31")).toBe("exited_out_of_rank");
  });

  it("never holds more than N: buffered members beat backfill, strong top-N newcomers beat buffered members", () => {
    // 30 strong newcomers above the entry threshold take the whole list; old members ranked 31-40 are displaced.
    const strong = scored([...ranked(30, (i) => 0.9 - i * 0.001).map(([s, v]): [string, number] => [`N${s}`, v]), ...ranked(20, (i) => 0.5 - i * 0.001)]);
    const prevMembers = ["R01", "R02", "R03"].map(heldLong);
    const full = selectWatchlist(strong, prevMembers, NOW);
    expect(full.entries.filter((e) => e.inWatchlist)).toHaveLength(30);
    expect(["R01", "R02", "R03"].map((s) => reasonOf(full, s))).toEqual(["displaced", "displaced", "displaced"]);
    expect(full.exited).toEqual(["R01", "R02", "R03"]);

    // With 28 strong newcomers, the two free places go to the buffered members before any backfill.
    const fewer = scored([...ranked(28, (i) => 0.9 - i * 0.001).map(([s, v]): [string, number] => [`N${s}`, v]), ...ranked(20, (i) => 0.5 - i * 0.001)]);
    const sel = selectWatchlist(fewer, ["R05", "R09"].map(heldLong), NOW);
    expect([reasonOf(sel, "R05"), reasonOf(sel, "R09")]).toEqual(["retained_in_buffer", "retained_in_buffer"]);
    expect(sel.entries.filter((e) => e.reason === "backfilled")).toEqual([]);
    expect(reasonOf(sel, "R01")).toBe("over_capacity");
  });

  it("explains every decision with the rule and the numbers behind it", () => {
    const sel = selectWatchlist(field, [heldLong("R35"), heldLong("R45")], NOW);
    const entry = (s: string) => sel.entries.find((e) => e.symbol === s);
    expect(entry("R35")).toMatchObject({ wasMember: true, detail: expect.stringContaining("rank 35 is outside the top 30 but within 30 + buffer 10") });
    expect(entry("R45")).toMatchObject({ wasMember: true, detail: "rank 45 > 30 + buffer 10 after 120 min" });
    expect(entry("R01")).toMatchObject({ wasMember: false, detail: expect.stringContaining("took a free place at rank 1") });
  });
});
