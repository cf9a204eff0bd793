import { randomUUID } from "node:crypto";
import { ManualClock } from "@ops/core";
import type { CycleContext } from "@ops/core";
import { describeWithPostgres, freshPostgresDb } from "@ops/core/testing";
import type { FreshPostgresDb } from "@ops/core/testing";
import type { Bar } from "@ops/trading";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createFeaturesCycle } from "../src/index.js";
import { captureLogger } from "@ops/core/testing";
import { at, batchAt, config, correctBar, expectRowMatches, insertBars, leanDay } from "./feature-fixtures.js";
import type { FeatureRow } from "./feature-fixtures.js";

// The same SQL on real PostgreSQL (the server's planner and type inference differ from PGlite's): warm-up,
// new bars only, a telemetry correction found through the ingested_at index, one NOTIFY to another connection.
describeWithPostgres("features cycle on PostgreSQL", (adminUrl) => {
  let fresh: FreshPostgresDb;
  let spy: Bar[];
  beforeAll(async () => {
    fresh = await freshPostgresDb(adminUrl);
    spy = await leanDay("SPY");
    await insertBars(fresh.db, spy);
    await fresh.db.query("INSERT INTO universe (symbol, source, status, updated_by) VALUES ('SPY', 'config', 'active', 'test')");
  });
  afterAll(async () => fresh?.cleanup());

  it("warms up, then reads only new and corrected bars, and notifies listeners", async () => {
    const { db } = fresh;
    const { logger } = captureLogger("features");
    const ctx = (now: Date): CycleContext => ({ now, cycleId: randomUUID(), logger, signal: new AbortController().signal });
    const cycle = createFeaturesCycle({ db, clock: new ManualClock(at("11:00")), logger, config });
    const payloads: string[] = [];
    const unlisten = await db.listen("features", (p) => payloads.push(p));
    try {
      expect(await cycle(ctx(at("11:00")))).toMatchObject({ warmed: 1 });
      const target = spy.find((b) => b.ts.getTime() === at("10:59").getTime()) as Bar;
      await correctBar(db, "SPY", target.ts, target.close * 1.001);
      const counts = await cycle(ctx(at("11:02")));
      expect(counts).toMatchObject({ warmed: 0, corrected: 1, bars_read: 3, computed: 4 });
      const fixed = spy.map((b) => (b === target ? { ...b, close: target.close * 1.001, high: Math.max(b.high, target.close * 1.001) } : b));
      const rows = (await db.query<FeatureRow>("SELECT * FROM features WHERE ts >= $1 ORDER BY ts", [at("10:59")])).rows;
      expect(rows.map((r) => r.ts)).toEqual([at("10:59"), at("11:00"), at("11:01"), at("11:02")]);
      for (const row of rows) expectRowMatches(row, batchAt(fixed, row.ts));
      await new Promise((r) => setTimeout(r, 200));
      expect(payloads).toEqual([at("11:00").toISOString(), at("11:02").toISOString()]);
    } finally {
      await unlisten();
    }
  });
});
