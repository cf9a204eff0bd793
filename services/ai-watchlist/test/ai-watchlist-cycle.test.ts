import { randomUUID } from "node:crypto";
import { ManualClock } from "@ops/core";
import type { CycleContext, Db, Logger } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { configCandidateSource, createAiWatchlistCycle } from "../src/index.js";
import type { CandidateSource } from "../src/index.js";
import { captureLogger } from "@ops/core/testing";
import type { LogLine } from "@ops/core/testing";

let db: Db;
beforeAll(async () => {
  db = await freshPgliteDb();
});
afterAll(async () => db.close());

let clock: ManualClock;
let logger: Logger;
let lines: LogLine[];
beforeEach(async () => {
  await db.query("TRUNCATE universe, universe_versions CASCADE");
  clock = new ManualClock("2024-03-04T14:00:00Z");
  ({ logger, lines } = captureLogger("ai-watchlist"));
});

const ctx = (): CycleContext => ({ now: clock.now(), cycleId: randomUUID(), logger, signal: new AbortController().signal });
const cycleFor = (candidates: CandidateSource) => createAiWatchlistCycle({ db, clock, logger, candidates, instance: "test-1" });

async function rows(): Promise<Array<{ symbol: string; source: string; status: string }>> {
  return (await db.query<{ symbol: string; source: string; status: string }>(
    "SELECT symbol, source, status FROM universe ORDER BY symbol, source",
  )).rows;
}
const tradable = async (): Promise<string[]> =>
  (await db.query<{ symbol: string }>("SELECT symbol FROM tradable_universe ORDER BY symbol")).rows.map((r) => r.symbol);
const versions = async (): Promise<number> =>
  Number((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM universe_versions")).rows[0]?.n);

describe("ai-watchlist in no-AI mode", () => {
  it("announces no-AI mode once and makes the configured symbols the tradable universe", async () => {
    const cycle = cycleFor(configCandidateSource(["AAPL", "MSFT", "SPY"]));
    const counts = await cycle(ctx());
    expect(counts).toMatchObject({ candidates: 3, activated: 3, deactivated: 0 });
    expect(await rows()).toEqual([
      { symbol: "AAPL", source: "config", status: "active" },
      { symbol: "MSFT", source: "config", status: "active" },
      { symbol: "SPY", source: "config", status: "active" },
    ]);
    expect(await tradable()).toEqual(["AAPL", "MSFT", "SPY"]);

    await cycle(ctx());
    expect(lines.filter((l) => l.event === "ai_watchlist.no_ai_mode")).toHaveLength(1);
  });

  it("is idempotent: an unchanged list writes no rows and no new version", async () => {
    const cycle = cycleFor(configCandidateSource(["AAPL", "MSFT"]));
    await cycle(ctx());
    const before = await rows();
    expect(await versions()).toBe(1);
    clock.advance(3_600_000);
    const counts = await cycle(ctx());
    expect(counts).toMatchObject({ activated: 0, deactivated: 0, unchanged: 2 });
    expect(await rows()).toEqual(before);
    expect(await versions()).toBe(1);
  });

  it("deactivates removed symbols and re-activates returning ones, recording each change as a version", async () => {
    await cycleFor(configCandidateSource(["AAPL", "MSFT", "SPY"]))(ctx());
    clock.advance(60_000);
    const counts = await cycleFor(configCandidateSource(["AAPL", "NVDA"]))(ctx());
    expect(counts).toMatchObject({ activated: 1, deactivated: 2 });
    expect(await tradable()).toEqual(["AAPL", "NVDA"]);
    expect((await rows()).filter((r) => r.status === "inactive").map((r) => r.symbol)).toEqual(["MSFT", "SPY"]);

    await cycleFor(configCandidateSource(["AAPL", "NVDA", "MSFT"]))(ctx());
    expect(await tradable()).toEqual(["AAPL", "MSFT", "NVDA"]);
    const payload = (await db.query<{ payload: { activated: string[]; deactivated: string[] } }>(
      "SELECT payload FROM universe_versions ORDER BY version_id DESC LIMIT 1",
    )).rows[0]?.payload;
    expect(payload).toMatchObject({ activated: ["MSFT"], deactivated: [] });
    expect(await versions()).toBe(3);
  });

  it("never touches ops_pin rows and never re-activates a symbol an operator blocked", async () => {
    await db.query(
      `INSERT INTO universe (symbol, source, status, updated_by) VALUES
         ('TSLA', 'ops_pin', 'active', 'ops'), ('GME', 'config', 'blocked', 'ops')`,
    );
    const counts = await cycleFor(configCandidateSource(["AAPL", "GME"]))(ctx());
    expect(counts).toMatchObject({ activated: 1, blocked: 1 });
    expect(await rows()).toEqual([
      { symbol: "AAPL", source: "config", status: "active" },
      { symbol: "GME", source: "config", status: "blocked" },
      { symbol: "TSLA", source: "ops_pin", status: "active" },
    ]);
    await cycleFor(configCandidateSource(["MSFT"]))(ctx());
    expect((await rows()).find((r) => r.symbol === "TSLA")).toEqual({ symbol: "TSLA", source: "ops_pin", status: "active" });
    expect(await tradable()).toEqual(["MSFT", "TSLA"]);
    expect(lines.some((l) => l.event === "ai_watchlist.blocked_candidates" && l.level === "warn")).toBe(true);
  });

  it("refuses to empty the universe when a source returns no usable candidate", async () => {
    await cycleFor(configCandidateSource(["AAPL"]))(ctx());
    const broken: CandidateSource = {
      name: "broken", source: "config", usesAi: false,
      candidates: () => Promise.resolve([{ symbol: "not a ticker" }, { symbol: "AAPL", confidence: 7 }]),
    };
    const counts = await cycleFor(broken)(ctx());
    expect(counts).toMatchObject({ candidates: 0, invalid: 2, deactivated: 0 });
    expect(await tradable()).toEqual(["AAPL"]);
    expect(lines.filter((l) => l.event === "ai_watchlist.invalid_candidate")).toHaveLength(2);
    expect(lines.find((l) => l.event === "ai_watchlist.no_candidates")).toMatchObject({ level: "error" });
  });
});
