import { randomUUID } from "node:crypto";
import { ManualClock, etDateTime } from "@ops/core";
import type { CycleContext, Db, Logger, Queryable } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import type { Bar } from "@ops/trading";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFeaturesCycle } from "../src/index.js";
import type { FeaturesDeps } from "../src/index.js";
import { captureLogger } from "@ops/core/testing";
import type { LogLine } from "@ops/core/testing";
import { DAY, at, batchAt, config, correctBar, expectRowMatches, insertBars, leanDay, minutes } from "./feature-fixtures.js";
import type { FeatureRow } from "./feature-fixtures.js";

let db: Db;
let spy: Bar[];
let ibm: Bar[];
let logger: Logger;
let lines: LogLine[];

beforeAll(async () => {
  db = await freshPgliteDb();
  [spy, ibm] = await Promise.all([leanDay("SPY"), leanDay("IBM")]);
  await db.query(
    `INSERT INTO universe (symbol, source, status, updated_by)
     SELECT s, 'config', 'active', 'test' FROM unnest(ARRAY['SPY', 'IBM', 'AIG']) AS s`,
  );
});
afterAll(async () => db.close());

beforeEach(async () => {
  await db.query("TRUNCATE features, bars");
  await insertBars(db, [...spy, ...ibm]);
  ({ logger, lines } = captureLogger("features"));
});

const ctxAt = (now: Date): CycleContext => ({ now, cycleId: randomUUID(), logger, signal: new AbortController().signal });
const newCycle = (deps: Partial<FeaturesDeps> = {}) =>
  createFeaturesCycle({ db, clock: new ManualClock(at("09:30")), logger, config, ...deps });
const rowsOf = async (symbol: string): Promise<FeatureRow[]> =>
  (await db.query<FeatureRow>("SELECT * FROM features WHERE symbol = $1 ORDER BY ts", [symbol])).rows;

describe("features cycle on a real Lean day (SPY, IBM 2013-10-08)", () => {
  it("warms up from stored bars and writes rows only for the current minutes, equal to batch features", async () => {
    const now = at("11:00");
    const counts = await newCycle()(ctxAt(now));
    expect(counts).toMatchObject({ symbols: 3, warmed: 3, skipped_no_bars: 1 });

    const spyRows = await rowsOf("SPY");
    // Bars 10:55..11:00 are at most five minutes old; nothing older is rewritten on a restart.
    const expectedTs = spy.filter((b) => b.ts >= new Date(now.getTime() - minutes(5)) && b.ts <= now).map((b) => b.ts);
    expect(spyRows.map((r) => r.ts)).toEqual(expectedTs);
    expect(counts.computed).toBe(expectedTs.length + (await rowsOf("IBM")).length);
    for (const row of spyRows) expectRowMatches(row, batchAt(spy, row.ts));
  });

  it("then reads only the bars that are new, one row per bar that exists", async () => {
    const cycle = newCycle();
    const first = await cycle(ctxAt(at("11:00")));
    expect(first.bars_read).toBeGreaterThan(2 * 80);
    const next = await cycle(ctxAt(at("11:05")));
    const newBars = [...spy, ...ibm].filter((b) => b.ts > at("11:00") && b.ts <= at("11:05"));
    expect(next).toMatchObject({ warmed: 0, bars_read: newBars.length, computed: newBars.length, upserted: newBars.length });
    const idle = await cycle(ctxAt(at("11:05")));
    expect(idle).toMatchObject({ bars_read: 0, computed: 0 });
    for (const b of newBars.filter((x) => x.symbol === "SPY")) {
      expectRowMatches((await rowsOf("SPY")).find((r) => r.ts.getTime() === b.ts.getTime()), batchAt(spy, b.ts));
    }
  });

  it("recomputes a bar telemetry corrected, and every bar after it, as if the correction had come first", async () => {
    const cycle = newCycle();
    await cycle(ctxAt(at("11:00")));
    const target = spy.find((b) => b.ts.getTime() === at("10:58").getTime()) as Bar;
    const corrected = target.close * 1.002;
    await correctBar(db, "SPY", target.ts, corrected);
    const counts = await cycle(ctxAt(at("11:01")));
    expect(counts).toMatchObject({ corrected: 1, rebuilt: 0 });

    const fixed = spy.map((b) => (b === target ? { ...b, close: corrected, high: Math.max(b.high, corrected), low: Math.min(b.low, corrected) } : b));
    const rows = await rowsOf("SPY");
    for (const hhmm of ["10:58", "10:59", "11:00", "11:01"]) {
      expectRowMatches(rows.find((r) => r.ts.getTime() === at(hhmm).getTime()), batchAt(fixed, at(hhmm)));
    }
    // The row before the correction is untouched.
    expectRowMatches(rows.find((r) => r.ts.getTime() === at("10:57").getTime()), batchAt(spy, at("10:57")));
  });

  it("takes a late bar (a minute that arrived after its successors) and recomputes from it", async () => {
    const late = spy.find((b) => b.ts.getTime() === at("11:02").getTime()) as Bar;
    await db.query("DELETE FROM bars WHERE symbol = 'SPY' AND ts = $1", [late.ts]);
    const cycle = newCycle();
    await cycle(ctxAt(at("11:00")));
    await cycle(ctxAt(at("11:04")));
    expect((await rowsOf("SPY")).some((r) => r.ts.getTime() === late.ts.getTime())).toBe(false);

    await db.query("SELECT 1"); // a separate statement, so ingested_at below is later than the cursor
    await insertBars(db, [late]);
    await db.query("UPDATE bars SET ingested_at = now() + interval '1 second' WHERE symbol = 'SPY' AND ts = $1", [late.ts]);
    const counts = await cycle(ctxAt(at("11:04")));
    expect(counts).toMatchObject({ corrected: 1, computed: 3 });
    const rows = await rowsOf("SPY");
    for (const hhmm of ["11:02", "11:03", "11:04"]) {
      expectRowMatches(rows.find((r) => r.ts.getTime() === at(hhmm).getTime()), batchAt(spy, at(hhmm)));
    }
  });

  it("rebuilds a symbol from the table when a correction reaches beyond its in-memory window", async () => {
    const cycle = newCycle({ config: { ...config, OPS_FEATURES_CORRECTION_DEPTH_BARS: 5 } });
    await cycle(ctxAt(at("11:00")));
    await cycle(ctxAt(at("11:30")));
    const target = spy.find((b) => b.ts.getTime() === at("11:05").getTime()) as Bar;
    await correctBar(db, "SPY", target.ts, target.close * 0.998);
    const counts = await cycle(ctxAt(at("11:31")));
    expect(counts).toMatchObject({ rebuilt: 1, warmed: 1 });
    expect(lines.some((l) => l.event === "features.rebuild" && l.symbol === "SPY")).toBe(true);
    const fixed = spy.map((b) => (b === target ? { ...b, close: target.close * 0.998, low: Math.min(b.low, target.close * 0.998) } : b));
    const rows = await rowsOf("SPY");
    for (const hhmm of ["11:05", "11:17", "11:31"]) {
      expectRowMatches(rows.find((r) => r.ts.getTime() === at(hhmm).getTime()), batchAt(fixed, at(hhmm)));
    }
  });

  it("writes nothing after the close: the newest bars are too old to be the current minutes", async () => {
    const counts = await newCycle()(ctxAt(at("17:00")));
    expect(counts).toMatchObject({ computed: 0, upserted: 0, skipped_stale_bars: 2, skipped_no_bars: 1 });
    expect((await db.query("SELECT 1 FROM features")).rowCount).toBe(0);
    const summary = lines.find((l) => l.event === "features.skipped");
    expect(summary?.skipped).toEqual({ STALE_BARS: ["IBM", "SPY"], NO_BARS: ["AIG"] });
  });

  it("needs 50 bars: ten minutes after the open there are no features yet", async () => {
    const counts = await newCycle()(ctxAt(at("09:41")));
    expect(counts).toMatchObject({ computed: 0, skipped_insufficient_bars: 2 });
  });

  it("publishes one NOTIFY features with the newest row's bar time", async () => {
    const payloads: string[] = [];
    const unlisten = await db.listen("features", (p) => payloads.push(p));
    try {
      await newCycle()(ctxAt(at("11:00")));
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      await unlisten();
    }
    expect(payloads).toEqual([at("11:00").toISOString()]);
  });

  it("logs and skips a malformed bar without losing the others", async () => {
    const bad = spy.find((b) => b.ts.getTime() === at("11:01").getTime()) as Bar;
    // The table's checks allow this one: a close above the bar's high.
    await db.query("UPDATE bars SET close = high * 2, ingested_at = now() + interval '1 second' WHERE symbol = 'SPY' AND ts = $1", [bad.ts]);
    const cycle = newCycle();
    await cycle(ctxAt(at("11:00")));
    const counts = await cycle(ctxAt(at("11:02")));
    expect(counts).toMatchObject({ skipped_malformed_bar: 1 });
    expect(lines.some((l) => l.event === "features.bad_bar" && l.level === "error" && l.symbol === "SPY")).toBe(true);
    const rows = await rowsOf("SPY");
    expect(rows.some((r) => r.ts.getTime() === bad.ts.getTime())).toBe(false);
    const withoutBad = spy.filter((b) => b !== bad);
    expectRowMatches(rows.find((r) => r.ts.getTime() === at("11:02").getTime()), batchAt(withoutBad, at("11:02")));
  });

  it("loses no row when the write fails: the symbols rebuild from their first lost bar next cycle", async () => {
    let failNext = false;
    const flaky: Db = Object.create(db, {
      transaction: {
        value: async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
          if (failNext) {
            failNext = false;
            throw new Error("connection reset");
          }
          return db.transaction(fn);
        },
      },
    }) as Db;
    const cycle = newCycle({ db: flaky });
    await cycle(ctxAt(at("11:00")));
    failNext = true;
    await expect(cycle(ctxAt(at("11:03")))).rejects.toThrow("connection reset");
    const counts = await cycle(ctxAt(at("11:04")));
    expect(counts).toMatchObject({ rebuilt: 2 });
    const rows = await rowsOf("SPY");
    for (const hhmm of ["11:01", "11:02", "11:03", "11:04"]) {
      expectRowMatches(rows.find((r) => r.ts.getTime() === at(hhmm).getTime()), batchAt(spy, at(hhmm)));
    }
  });
});

describe("features cycle across AAPL's 7:1 split (2014-06-06 → 06-09)", () => {
  let splitDb: Db;
  beforeAll(async () => {
    splitDb = await freshPgliteDb();
    const before = await leanDay("AAPL", "2014-06-06");
    // The split day is not in the fixtures: the real 06-05 minutes in post-split units, on 06-09
    // (packages/trading's feature-gaps test checks this construction against the real daily bars).
    const shape = await leanDay("AAPL", "2014-06-05");
    const shift = etDateTime("2014-06-09", "00:00").getTime() - etDateTime("2014-06-05", "00:00").getTime();
    const after = shape.map((b) => ({
      ...b, ts: new Date(b.ts.getTime() + shift), open: b.open / 7, high: b.high / 7, low: b.low / 7, close: b.close / 7, volume: b.volume * 7,
    }));
    await insertBars(splitDb, [...before, ...after]);
    await splitDb.query("INSERT INTO universe (symbol, source, status, updated_by) VALUES ('AAPL', 'config', 'active', 'test')");
  });
  afterAll(async () => splitDb.close());

  it("resets at the split, writes nothing while re-warming, then features in post-split units", async () => {
    const cycle = createFeaturesCycle({ db: splitDb, clock: new ManualClock(etDateTime("2014-06-09", "09:30")), logger, config });
    const dayAt = (hhmm: string): Date => etDateTime("2014-06-09", hhmm);
    const warming = await cycle(ctxAt(dayAt("10:00")));
    expect(warming).toMatchObject({ computed: 0, skipped_insufficient_bars: 1, resets: 1 });
    expect(lines.find((l) => l.event === "features.reset")).toMatchObject({ level: "warn", symbol: "AAPL", reason: "SESSION_PRICE_JUMP" });

    await cycle(ctxAt(dayAt("10:30")));
    const rows = (await splitDb.query<FeatureRow>("SELECT * FROM features ORDER BY ts")).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]?.ts.getTime()).toBeGreaterThanOrEqual(dayAt("10:19").getTime());
    for (const row of rows) {
      expect(row.close).toBeLessThan(100);
      expect(Math.abs(row.distance_sma20)).toBeLessThan(0.02);
      expect(Number(row.bar_count)).toBeLessThanOrEqual(61);
    }
  });
});
