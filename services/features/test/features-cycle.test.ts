import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseLeanTradeZip } from "@ops/alpaca-sim";
import { ManualClock, etDateTime } from "@ops/core";
import type { CycleContext, Db, Logger } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import type { Bar } from "@ops/trading";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFeaturesCycle } from "../src/index.js";
import { captureLogger } from "./capture-logger.js";
import type { LogLine } from "./capture-logger.js";

const LEAN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../shared/data/bars/intraday_1min/lean");
const DAY = "2013-10-08";

async function leanDay(symbol: string): Promise<Bar[]> {
  const zip = await readFile(path.join(LEAN_DIR, symbol.toLowerCase(), `${DAY.replaceAll("-", "")}_trade.zip`));
  return parseLeanTradeZip(zip, { symbol, day: DAY, rthOnly: true }).bars;
}

async function insertBars(db: Db, bars: readonly Bar[]): Promise<void> {
  await db.query(
    `INSERT INTO bars (symbol, ts, open, high, low, close, volume)
     SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::bigint[])`,
    [bars.map((b) => b.symbol), bars.map((b) => b.ts), bars.map((b) => b.open), bars.map((b) => b.high),
      bars.map((b) => b.low), bars.map((b) => b.close), bars.map((b) => b.volume)],
  );
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const config = { OPS_FEATURES_MAX_BAR_AGE_S: 300, OPS_FEATURES_HISTORY_BARS: 400, OPS_FEATURES_MAX_HISTORY_AGE_H: 96 };

let db: Db;
let spy: Bar[];
let ibm: Bar[];
beforeAll(async () => {
  db = await freshPgliteDb();
  [spy, ibm] = await Promise.all([leanDay("SPY"), leanDay("IBM")]);
  await insertBars(db, [...spy, ...ibm]);
  await db.query(
    `INSERT INTO universe (symbol, source, status, updated_by)
     SELECT s, 'config', 'active', 'test' FROM unnest(ARRAY['SPY', 'IBM', 'AIG']) AS s`,
  );
});
afterAll(async () => db.close());

let logger: Logger;
let lines: LogLine[];
beforeEach(async () => {
  await db.query("TRUNCATE features");
  ({ logger, lines } = captureLogger("features"));
});

const ctxAt = (now: Date): CycleContext => ({ now, cycleId: randomUUID(), logger, signal: new AbortController().signal });

interface FeatureRow {
  symbol: string; ts: Date; close: number; sma20: number; sma50: number; volume_ratio: number;
  volume_current: number; rsi14: number; trend_state: number; bar_count: number;
}

describe("features cycle on a real Lean day (SPY, IBM 2013-10-08)", () => {
  it("computes sma20, sma50 and volume_ratio from the newest bars available at the clock's now", async () => {
    const now = etDateTime(DAY, "11:00");
    const clock = new ManualClock(now);
    const counts = await createFeaturesCycle({ db, clock, logger, config })(ctxAt(now));
    expect(counts).toMatchObject({ symbols: 3, computed: 2, upserted: 2, skipped_no_bars: 1 });

    const rows = (await db.query<FeatureRow>("SELECT * FROM features ORDER BY symbol")).rows;
    expect(rows.map((r) => r.symbol)).toEqual(["IBM", "SPY"]);
    const spyRow = rows.find((r) => r.symbol === "SPY");
    // Independent check against the raw bars up to (and including) the clock's now.
    const seen = spy.filter((b) => b.ts.getTime() <= now.getTime());
    const last = seen[seen.length - 1] as Bar;
    const closes = seen.map((b) => b.close);
    const volumes = seen.map((b) => b.volume);
    expect(spyRow?.ts).toEqual(last.ts);
    expect(spyRow?.close).toBeCloseTo(last.close, 10);
    expect(spyRow?.sma20).toBeCloseTo(mean(closes.slice(-20)), 9);
    expect(spyRow?.sma50).toBeCloseTo(mean(closes.slice(-50)), 9);
    expect(spyRow?.volume_ratio).toBeCloseTo(last.volume / mean(volumes.slice(-20)), 9);
    expect(Number(spyRow?.bar_count)).toBe(seen.length);
    expect(spyRow?.rsi14).toBeGreaterThanOrEqual(0);
    expect(spyRow?.rsi14).toBeLessThanOrEqual(100);
  });

  it("upserts: a second cycle at the same time keeps one row per (symbol, ts)", async () => {
    const now = etDateTime(DAY, "12:30");
    const cycle = createFeaturesCycle({ db, clock: new ManualClock(now), logger, config });
    await cycle(ctxAt(now));
    await cycle(ctxAt(now));
    const n = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM features")).rows[0]?.n;
    expect(n).toBe(2);
  });

  it("computes nothing from stale bars: after the close the newest bar is too old", async () => {
    const now = etDateTime(DAY, "17:00");
    const counts = await createFeaturesCycle({ db, clock: new ManualClock(now), logger, config })(ctxAt(now));
    expect(counts).toMatchObject({ computed: 0, upserted: 0, skipped_stale_bars: 2, skipped_no_bars: 1 });
    expect((await db.query("SELECT 1 FROM features")).rowCount).toBe(0);
    const summary = lines.find((l) => l.event === "features.skipped");
    expect(summary?.skipped).toEqual({ STALE_BARS: ["IBM", "SPY"], NO_BARS: ["AIG"] });
  });

  it("needs 50 bars: ten minutes after the open there are no features yet", async () => {
    const now = etDateTime(DAY, "09:41");
    const counts = await createFeaturesCycle({ db, clock: new ManualClock(now), logger, config })(ctxAt(now));
    expect(counts).toMatchObject({ computed: 0, skipped_insufficient_bars: 2 });
  });
});
