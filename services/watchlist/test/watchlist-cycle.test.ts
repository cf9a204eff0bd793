import { randomUUID } from "node:crypto";
import { ManualClock } from "@ops/core";
import type { CycleContext, Db, Logger } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "@ops/core";
import { createWatchlistCycle, loadWatchlistConfig } from "../src/index.js";
import { captureLogger } from "@ops/core/testing";
import type { LogLine } from "@ops/core/testing";

const NOW = new Date("2024-03-05T15:00:00Z");
const minutesAgo = (m: number): Date => new Date(NOW.getTime() - m * 60_000);
// The service's validated config with its defaults: the seed's 30 / 0.6 / 0.3 / 30 min, buffer 10, backfill.
const config = loadWatchlistConfig({ DATABASE_URL: "pglite:memory" });

let db: Db;
beforeAll(async () => {
  db = await freshPgliteDb();
});
afterAll(async () => db.close());

let logger: Logger;
let lines: LogLine[];
beforeEach(async () => {
  await db.query("TRUNCATE watchlist, features, universe, universe_versions, classifications, news_articles CASCADE");
  ({ logger, lines } = captureLogger("watchlist"));
});

async function universe(...symbols: string[]): Promise<void> {
  await db.query(
    "INSERT INTO universe (symbol, source, status, updated_by) SELECT s, 'config', 'active', 'test' FROM unnest($1::text[]) AS s",
    [symbols],
  );
}

async function features(symbol: string, f: { ageMin?: number; distance: number; volRatio: number; trend: number }): Promise<void> {
  await db.query(
    "INSERT INTO features (symbol, ts, close, distance_sma20, vol_ratio, trend_state) VALUES ($1, $2, 100, $3, $4, $5)",
    [symbol, minutesAgo(f.ageMin ?? 1), f.distance, f.volRatio, f.trend],
  );
}

let articleSeq = 0;
async function news(tickers: string[], label: "positive" | "negative" | "neutral", confidence: number, ageMin: number): Promise<void> {
  const signed = label === "positive" ? confidence : label === "negative" ? -confidence : 0;
  const article = await db.query<{ article_id: number }>(
    "INSERT INTO news_articles (dedupe_key, title, published_at, fetched_at, tickers) VALUES ($1, $2, $3, $3, $4) RETURNING article_id",
    [`k${++articleSeq}`, `headline ${articleSeq}`, minutesAgo(ageMin), tickers],
  );
  await db.query(
    "INSERT INTO classifications (article_id, label, confidence, signed_score, model) VALUES ($1, $2, $3, $4, 'test')",
    [article.rows[0]?.article_id, label, confidence, signed],
  );
}

interface Reason { code: string; in_watchlist: boolean; was_member: boolean; member_minutes: number | null; detail: string }
interface Row { symbol: string; score: number; rank: number; in_watchlist: boolean; components: Record<string, number>; reasons: Reason[]; entered_at: Date | null }
const codes = (row: Row | undefined): string[] | undefined => row?.reasons.map((r) => r.code);
const rows = async (): Promise<Row[]> => (await db.query<Row>("SELECT * FROM watchlist ORDER BY rank")).rows;
const ctx = (now = NOW): CycleContext => ({ now, cycleId: randomUUID(), logger, signal: new AbortController().signal });
const cycle = (over: Partial<typeof config> = {}) => createWatchlistCycle({ db, clock: new ManualClock(NOW), logger, config: { ...config, ...over } });

describe("watchlist cycle", () => {
  it("ranks a tidy setup with aligned bullish news above the same setup with opposed or no news", async () => {
    await universe("AAA", "BBB", "CCC", "DDD");
    const setup = { distance: 0.001, volRatio: 1.2, trend: 1 };
    await features("AAA", setup);
    await features("BBB", setup);
    await features("CCC", setup);
    await features("DDD", { ...setup, ageMin: 60 }); // stale: not scored
    await features("EEE", setup); // not in the tradable universe
    for (let i = 0; i < 3; i++) await news(["AAA"], "positive", 0.9, 10);
    for (let i = 0; i < 3; i++) await news(["CCC"], "negative", 0.9, 10);
    await news(["BBB"], "positive", 0.99, 90); // outside the 60-minute window

    const counts = await cycle()(ctx());
    expect(counts).toMatchObject({ symbols: 4, stale: 1, scored: 3 });

    const list = await rows();
    expect(list.map((r) => r.symbol)).toEqual(["AAA", "CCC", "BBB"]);
    const [aaa, ccc, bbb] = list;
    expect(aaa?.components).toMatchObject({ news_count: 3, avg_signed_score: 0.9, sentimentDirection: 1, trendAlignment: 1 });
    expect(ccc?.components).toMatchObject({ news_count: 3, avg_signed_score: -0.9, sentimentDirection: -1, trendAlignment: 0 });
    expect(bbb?.components).toMatchObject({ news_count: 0 });
    expect(aaa!.score).toBeGreaterThan(ccc!.score);
    // The bearish news still makes CCC more worth watching than silence: pressure counts |sentiment|.
    expect(ccc!.score).toBeGreaterThan(bbb!.score);
    expect(list.map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(list.every((r) => r.in_watchlist)).toBe(true);
    expect(codes(aaa)).toEqual(["entered"]);
    expect(codes(bbb)).toEqual(["backfilled"]);
    expect(aaa?.reasons[0]).toMatchObject({ in_watchlist: true, was_member: false, member_minutes: null });
    expect(aaa?.reasons[0]?.detail).toMatch(/^score 0\.\d{3} >= entry 0\.6, rank 1 <= 30$/);
  });

  it("keeps a weak member through its minimum retention, drops an old weak one, and preserves entered_at", async () => {
    await universe("AAA", "FFF", "GGG");
    await features("AAA", { distance: 0.001, volRatio: 1.2, trend: 1 });
    for (let i = 0; i < 3; i++) await news(["AAA"], "positive", 0.9, 10);
    const weak = { distance: 0.05, volRatio: 0.5, trend: 0 };
    await features("FFF", weak);
    await features("GGG", weak);
    await db.query(
      `INSERT INTO watchlist (symbol, score, rank, in_watchlist, entered_at, computed_at) VALUES
         ('FFF', 0.7, 1, true, $1, $1), ('GGG', 0.7, 2, true, $2, $2), ('ZZZ', 0.9, 3, true, $2, $2)`,
      [minutesAgo(5), minutesAgo(120)],
    );

    await cycle()(ctx());
    const list = await rows();
    const bySymbol = new Map(list.map((r) => [r.symbol, r]));
    expect(bySymbol.get("FFF")).toMatchObject({ in_watchlist: true, entered_at: minutesAgo(5) });
    expect(bySymbol.get("FFF")?.reasons[0]).toMatchObject({ code: "retained_min_hold", was_member: true, member_minutes: 5 });
    expect(bySymbol.get("GGG")).toMatchObject({ in_watchlist: false, entered_at: null });
    expect(bySymbol.get("GGG")?.reasons[0]).toMatchObject({ code: "exited_below_threshold", was_member: true, member_minutes: 120 });
    expect(bySymbol.has("ZZZ")).toBe(false); // no longer tradable: the old row is gone
    const changed = lines.find((l) => l.event === "watchlist.changed");
    expect(changed).toMatchObject({
      entered: ["AAA"],
      exited: ["GGG", "ZZZ"],
      exit_reasons: { GGG: "exited_below_threshold", ZZZ: "no_fresh_features" },
    });

    const enteredAt = bySymbol.get("AAA")?.entered_at;
    await cycle()(ctx(new Date(NOW.getTime() + 60_000)));
    expect((await rows()).find((r) => r.symbol === "AAA")?.entered_at).toEqual(enteredAt);
  });

  it("empties the watchlist when no symbol has fresh features (no data, no watch)", async () => {
    await universe("AAA");
    await features("AAA", { distance: 0.001, volRatio: 1.2, trend: 1, ageMin: 30 });
    await db.query("INSERT INTO watchlist (symbol, score, rank, in_watchlist, entered_at) VALUES ('AAA', 0.8, 1, true, $1)", [minutesAgo(60)]);
    const counts = await cycle()(ctx());
    expect(counts).toMatchObject({ stale: 1, scored: 0, members: 0, exited: 1 });
    expect(await rows()).toEqual([]);
  });

  it("keeps a member that slipped out of the top N while it stays within the rank buffer, from config", async () => {
    await universe("AAA", "BBB", "CCC", "DDD");
    const tidy = { distance: 0.001, volRatio: 1.2, trend: 1 };
    for (const s of ["AAA", "BBB", "CCC"]) await features(s, tidy);
    for (let i = 0; i < 3; i++) await news(["AAA", "BBB"], "positive", 0.9, 10);
    await news(["CCC"], "positive", 0.9, 10);
    await features("DDD", { ...tidy, distance: 0.004 });
    // DDD was a member for two hours; it now ranks 4th.
    await db.query("INSERT INTO watchlist (symbol, score, rank, in_watchlist, entered_at) VALUES ('DDD', 0.7, 1, true, $1)", [minutesAgo(120)]);

    await cycle({ OPS_WATCHLIST_SIZE: 2, OPS_WATCHLIST_EXIT_RANK_BUFFER: 2, OPS_WATCHLIST_BACKFILL: false })(ctx());
    const list = await rows();
    expect(list.map((r) => [r.symbol, r.in_watchlist, codes(r)?.[0]])).toEqual([
      ["AAA", true, "entered"],
      ["BBB", true, "entered"],
      ["CCC", false, "over_capacity"],
      ["DDD", false, "displaced"],
    ]);

    // With room for three and CCC below a stricter entry threshold, the buffered member keeps its place
    // before CCC could be backfilled.
    await db.query("UPDATE watchlist SET in_watchlist = (symbol = 'DDD'), entered_at = CASE WHEN symbol = 'DDD' THEN $1::timestamptz END", [minutesAgo(120)]);
    const counts = await cycle({ OPS_WATCHLIST_SIZE: 3, OPS_WATCHLIST_EXIT_RANK_BUFFER: 1, OPS_WATCHLIST_ENTRY_THRESHOLD: 0.8 })(ctx());
    const after = new Map((await rows()).map((r) => [r.symbol, r]));
    expect(codes(after.get("DDD"))).toEqual(["retained_in_buffer"]);
    expect(after.get("DDD")?.reasons[0]?.detail).toContain("rank 4 is outside the top 3 but within 3 + buffer 1");
    expect(codes(after.get("CCC"))).toEqual(["over_capacity"]);
    expect(counts).toMatchObject({ members: 3, in_buffer: 1 });
  });
});

describe("watchlist config", () => {
  it("takes every membership rule from the environment", () => {
    const c = loadWatchlistConfig({
      DATABASE_URL: "pglite:memory", OPS_WATCHLIST_SIZE: "20", OPS_WATCHLIST_ENTRY_THRESHOLD: "0.7", OPS_WATCHLIST_EXIT_THRESHOLD: "0.25",
      OPS_WATCHLIST_EXIT_RANK_BUFFER: "5", OPS_WATCHLIST_MIN_RETENTION_MIN: "15", OPS_WATCHLIST_BACKFILL: "false",
    });
    expect(c).toMatchObject({
      OPS_WATCHLIST_SIZE: 20, OPS_WATCHLIST_ENTRY_THRESHOLD: 0.7, OPS_WATCHLIST_EXIT_THRESHOLD: 0.25,
      OPS_WATCHLIST_EXIT_RANK_BUFFER: 5, OPS_WATCHLIST_MIN_RETENTION_MIN: 15, OPS_WATCHLIST_BACKFILL: false,
    });
  });

  it.each([
    [{ OPS_WATCHLIST_EXIT_THRESHOLD: "0.7" }, "OPS_WATCHLIST_EXIT_THRESHOLD"],
    [{ OPS_WATCHLIST_ENTRY_THRESHOLD: "1.5" }, "OPS_WATCHLIST_ENTRY_THRESHOLD"],
    [{ OPS_WATCHLIST_EXIT_RANK_BUFFER: "-1" }, "OPS_WATCHLIST_EXIT_RANK_BUFFER"],
    [{ OPS_WATCHLIST_BACKFILL: "maybe" }, "OPS_WATCHLIST_BACKFILL"],
  ])("refuses %o, naming %s", (env, variable) => {
    expect(() => loadWatchlistConfig({ DATABASE_URL: "pglite:memory", ...env })).toThrow(ConfigError);
    expect(() => loadWatchlistConfig({ DATABASE_URL: "pglite:memory", ...env })).toThrow(variable);
  });
});
