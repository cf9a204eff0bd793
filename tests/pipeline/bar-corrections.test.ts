// Telemetry and features meet only in the bars table: features reads `ingested_at > its cursor`. A real
// telemetry cycle commits twice (two fetch groups); a features cycle runs between the two commits (its timer,
// e.g. during a rate-limit wait); the second commit corrects a bar. The correction must still reach the
// features row: each commit is stamped strictly later than the one before.
import { randomUUID } from "node:crypto";
import { ManualClock } from "@ops/core";
import type { CycleContext, Db } from "@ops/core";
import { freshPgliteDb, captureLogger } from "@ops/core/testing";
import type { Bar } from "@ops/trading";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFeaturesCycle } from "../../services/features/src/index.js";
import { createTelemetryCycle } from "../../services/telemetry/src/index.js";
import { toBarColumns } from "../../services/telemetry/src/bar-columns.js";
import { upsertBars } from "../../services/telemetry/src/queries.js";
import { at, config, leanDay } from "../../services/features/test/feature-fixtures.js";

let db: Db;
let spy: Bar[];
let other: Bar[];
beforeAll(async () => {
  db = await freshPgliteDb();
  spy = await leanDay("SPY");
  other = (await leanDay("IBM")).map((b) => ({ ...b, symbol: "NEWCO" }));
  await db.query(`INSERT INTO universe (symbol, source, status, updated_by) VALUES ('SPY','config','active','test'), ('NEWCO','config','active','test')`);
});
afterAll(async () => db.close());

describe("a bar corrected by telemetry reaches the features table", () => {
  it("even when features read its cursor between two commits of one telemetry cycle", async () => {
    const { logger } = captureLogger("bar-corrections");
    const ctxAt = (now: Date): CycleContext => ({ now, cycleId: randomUUID(), logger, signal: new AbortController().signal });
    // Earlier telemetry cycle stored SPY through a still-forming 10:59 bar.
    await db.transaction((tx) => upsertBars(tx, toBarColumns(spy.filter((b) => b.ts <= at("10:59"))), "alpaca", new Date(at("10:59").getTime() + 30_000)));
    const features = createFeaturesCycle({ db, clock: new ManualClock(at("10:59")), logger, config });
    await features(ctxAt(new Date(at("10:59").getTime() + 40_000)));

    const target = spy.find((b) => b.ts.getTime() === at("10:59").getTime()) as Bar;
    const corrected = { ...target, close: target.close * 1.003, high: Math.max(target.high, target.close * 1.003) };
    const T = new Date(at("11:00").getTime() + 30_000);
    const broker = {
      async getStockBars(req: { symbols: string[]; start: Date; end: Date }): Promise<Bar[]> {
        const inRange = (b: Bar) => b.ts >= req.start && b.ts <= req.end;
        if (req.symbols.includes("NEWCO")) return other.filter(inRange);
        // SPY's group: the features loop's own timer fires while telemetry is still fetching (e.g. a 429 wait).
        await features(ctxAt(new Date(T.getTime() + 1_000)));
        return spy.filter(inRange).map((b) => (b.ts.getTime() === target.ts.getTime() ? corrected : b));
      },
    };
    const telemetry = createTelemetryCycle({ db, clock: new ManualClock(T), logger, config: { OPS_TELEMETRY_LOOKBACK_MIN: 120, OPS_TELEMETRY_FEED: "iex" }, broker: broker as never });
    const counts = await telemetry(ctxAt(T));
    expect(counts.groups).toBe(2);
    expect(counts.corrected).toBe(1);
    expect((await db.query<{ close: number }>("SELECT close FROM bars WHERE symbol='SPY' AND ts=$1", [target.ts])).rows[0]?.close).toBeCloseTo(corrected.close, 10);

    // Woken by NOTIFY bars, and again by its timer.
    await features(ctxAt(new Date(at("11:01").getTime() + 5_000)));
    await features(ctxAt(new Date(at("11:01").getTime() + 35_000)));
    const row = (await db.query<{ close: number }>("SELECT close FROM features WHERE symbol='SPY' AND ts=$1", [target.ts])).rows[0];
    expect(row?.close).toBeCloseTo(corrected.close, 10);
  });
});
