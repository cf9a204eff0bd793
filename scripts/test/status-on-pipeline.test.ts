// pnpm status on a database the real pipeline filled (every service's cycle, the simulator over
// 127.0.0.1, a replayed real morning): every section carries real numbers, --json validates, and the exit
// code follows the heartbeats.
import type { Db } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildStatusReport } from "../ops/status/build-status-report.js";
import { renderStatus } from "../ops/status/render-status.js";
import { runStatusCli } from "../ops/status/run-status-cli.js";
import { statusReportProblems } from "../ops/status/status-report.js";
import type { StatusReport } from "../ops/status/status-report.js";
import { createPaint } from "../ops/shared/paint.js";
import { HAVE_FIXTURES, runPipeline } from "./helpers/run-pipeline.js";

let db: Db;
let failedCycles = 0;

if (!HAVE_FIXTURES) console.log("skipping \"pnpm status on a database filled by the pipeline\": ../shared/data (the replayed day) is not beside the checkout");

beforeAll(async () => {
  if (!HAVE_FIXTURES) return;
  db = await freshPgliteDb();
  ({ failedCycles } = await runPipeline(db, "11:40"));
}, 120_000);
afterAll(async () => {
  await db?.close();
});

const count = async (sql: string): Promise<number> => Number((await db.query<{ n: unknown }>(sql)).rows[0]?.n);
const report = (options: { staleAfterS?: number } = {}) => buildStatusReport(db, { now: new Date(), databaseTarget: "pglite:test", ...options });

/** Runs fn with one heartbeat row changed, then puts the row back. */
async function withHeartbeat<T>(set: string, where: string, fn: () => Promise<T>): Promise<T> {
  await db.query(`CREATE TEMP TABLE IF NOT EXISTS hb_backup AS SELECT * FROM service_heartbeats WITH NO DATA`);
  await db.query(`DELETE FROM hb_backup`);
  await db.query(`INSERT INTO hb_backup SELECT * FROM service_heartbeats`);
  try {
    await db.query(`UPDATE service_heartbeats SET ${set} WHERE ${where}`);
    return await fn();
  } finally {
    await db.query(`DELETE FROM service_heartbeats`);
    await db.query(`INSERT INTO service_heartbeats SELECT * FROM hb_backup`);
  }
}

describe.skipIf(!HAVE_FIXTURES)("pnpm status on a database filled by the pipeline", () => {
  it("ran the pipeline without failed cycles and traded", async () => {
    expect(failedCycles).toBe(0);
    expect(await count("SELECT count(*) AS n FROM fills")).toBeGreaterThan(0);
  });

  it("recognises the replay and ages market data from its end, not from today", async () => {
    const r = await report();
    const newestBar = (await db.query<{ ts: Date }>("SELECT max(ts) AS ts FROM bars")).rows[0]?.ts as Date;
    expect(r.clock?.mode).toBe("replay");
    expect(r.clock?.marketAsOf).toBe(new Date(newestBar.getTime() + 60_000).toISOString());
    expect(r.clock?.note).toMatch(/replay database/);
    expect(r.data?.bars.symbols.every((s) => s.ageS !== null && s.ageS < 3600)).toBe(true);
  });

  it("shows every service, data, trading and account section with the numbers in the tables", async () => {
    const r = await report();
    expect(r.services.map((s) => `${s.service}/${s.account ?? ""}`).sort()).toEqual([
      "ai-watchlist/", "classifier/", "dispatcher/large-100k", "dispatcher/tiny-1k", "features/", "news/",
      "position-manager/large-100k", "position-manager/tiny-1k", "signal-engine/", "telemetry/", "watchlist/",
    ]);
    const telemetry = r.services.find((s) => s.service === "telemetry");
    expect(telemetry?.cycles).toBe(await count("SELECT cycles AS n FROM service_heartbeats WHERE service = 'telemetry'"));
    expect(telemetry?.lastCycleDurationMs).toBeGreaterThanOrEqual(0);
    expect(r.services.every((s) => s.state === "ok")).toBe(true);

    const data = r.data!;
    expect(data.bars.symbols.map((s) => s.symbol).sort()).toEqual(["AIG", "BAC", "IBM", "SPY"]);
    expect(data.features.symbols.every((s) => s.newestAt !== null)).toBe(true);
    expect(data.news.articles).toBe(await count("SELECT count(*) AS n FROM news_articles"));
    expect(data.news.unclassified).toBe(await count("SELECT count(*) AS n FROM news_articles WHERE classified_at IS NULL"));
    expect(data.classifier.models.reduce((s, m) => s + m.count, 0)).toBe(await count("SELECT count(*) AS n FROM classifications"));
    expect(data.classifier.mode).not.toBe("none");

    const t = r.trading!;
    expect(t.watchlist.length).toBe(Math.min(10, await count("SELECT count(*) AS n FROM watchlist")));
    expect(t.watchlist.map((w) => w.rank)).toEqual([...t.watchlist.map((w) => w.rank)].sort((a, b) => a - b));
    for (const a of t.recommendations.perAccount) {
      expect(Object.values(a.outcomes).reduce((x, y) => x + y, 0)).toBe(t.recommendations.total);
    }
    expect(t.orders.counts.reduce((s, c) => s + c.count, 0)).toBe(await count("SELECT count(*) AS n FROM orders"));
    expect(t.fills.reduce((s, f) => s + f.count, 0)).toBe(await count("SELECT count(*) AS n FROM fills"));
    expect(t.positions.length).toBe(await count("SELECT count(*) AS n FROM positions WHERE status <> 'closed'"));
    for (const p of t.positions.filter((x) => x.markPrice !== null)) {
      expect(p.unrealizedPnlUsd).toBeCloseTo((p.markPrice! - p.avgEntryPrice) * p.qty * p.multiplier, 2);
    }
    expect(t.accounts.map((a) => a.account)).toEqual(["large-100k", "tiny-1k"]);
    expect(t.accounts.every((a) => a.tradingEnabled && a.equityUsd !== null)).toBe(true);

    const text = renderStatus(r, createPaint(false));
    for (const heading of ["Services", "Data freshness", "Watchlist", "Recommendations, last hour", "Orders and fills", "Open positions", "Accounts"]) {
      expect(text).toContain(heading);
    }
    expect(text).not.toMatch(/\u001b\[/);
  });

  it("prints JSON that validates against the report schema, and the schema rejects a renamed field", async () => {
    const out: string[] = [];
    const code = await runStatusCli(["--json"], {
      stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => undefined }, env: { DATABASE_URL: "pglite:test" },
      openDatabase: async () => ({ db, close: async () => undefined }),
    });
    const parsed = JSON.parse(out.join("")) as StatusReport;
    expect(statusReportProblems(parsed)).toEqual([]);
    expect(code).toBe(parsed.health.exitCode);
    const { services, ...renamed } = parsed;
    expect(statusReportProblems({ ...renamed, service: services })).toEqual(expect.arrayContaining(["$.services: missing", "$.service: unexpected key"]));
    expect(statusReportProblems({ ...parsed, health: { ...parsed.health, exitCode: 3 } })).toHaveLength(1);
  });

  it("the pipeline's realized:SPY source gave the dispatchers real readings, and status shows the current one", async () => {
    // Every stored volatility row carries a reading; rows flagged not_supplied would mean the source was not wired.
    expect(await count(`SELECT count(*) AS n FROM risk_gate_evaluations WHERE gate = 'volatility_regime' AND detail->>'flag' = 'not_supplied'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM risk_gate_evaluations WHERE gate = 'volatility_regime' AND detail->'reading'->>'source' = 'realized:SPY' AND detail->'reading' ? 'regime'`)).toBeGreaterThan(0);

    const out: string[] = [];
    await runStatusCli(["--json"], {
      stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => undefined }, env: { DATABASE_URL: "pglite:test", OPS_VOLATILITY_SOURCE: "realized:SPY" },
      openDatabase: async () => ({ db, close: async () => undefined }),
    });
    const volatility = (JSON.parse(out.join("")) as StatusReport).trading?.volatility;
    expect(volatility).toMatchObject({ source: "realized:SPY", configured: true, error: null });
    expect(volatility?.reading?.level).toBeGreaterThan(0);
    expect((await report()).trading?.accounts.map((a) => a.mode)).toEqual(["ACTIVE", "ACTIVE"]);
  });

  it("exits 0 when healthy, 1 when a heartbeat is stale or a service keeps failing, 2 when a service is down or missing", async () => {
    expect((await report()).health).toMatchObject({ overall: "ok", exitCode: 0, reasons: [] });

    const stale = await withHeartbeat("updated_at = updated_at - interval '10 minutes'", "service = 'features'", report);
    expect(stale.health.exitCode).toBe(1);
    expect(stale.services.find((s) => s.service === "features")?.state).toBe("stale");
    expect(stale.health.reasons).toEqual([expect.stringMatching(/^degraded: features: heartbeat 10 min old/)]);

    const failing = await withHeartbeat("consecutive_failures = 3, last_error = 'broker timeout'", "service = 'telemetry'", report);
    expect(failing.health.exitCode).toBe(1);
    expect(failing.health.reasons[0]).toMatch(/telemetry: 3 consecutive failed cycles \(last error: broker timeout\)/);

    const down = await withHeartbeat("updated_at = updated_at - interval '2 hours'", "service = 'dispatcher' AND account = 'tiny-1k'", report);
    expect(down.health.exitCode).toBe(2);
    expect(down.services.find((s) => s.service === "dispatcher" && s.account === "tiny-1k")?.state).toBe("down");

    await db.query(`CREATE TEMP TABLE pm_backup AS SELECT * FROM service_heartbeats WHERE service = 'position-manager' AND account = 'large-100k'`);
    await db.query(`DELETE FROM service_heartbeats WHERE service = 'position-manager' AND account = 'large-100k'`);
    try {
      const missing = await report();
      expect(missing.health.exitCode).toBe(2);
      expect(missing.health.reasons).toContain("down: position-manager (large-100k): no heartbeat ever written");
    } finally {
      await db.query(`INSERT INTO service_heartbeats SELECT * FROM pm_backup`);
    }
  });

  it("--stale-after-s replaces every service's stale threshold", async () => {
    const r = await withHeartbeat("updated_at = updated_at - interval '100 seconds'", "service = 'news'", () => report({ staleAfterS: 60 }));
    expect(r.services.every((s) => s.staleAfterS === 60 && s.downAfterS === 300)).toBe(true);
    expect(r.services.find((s) => s.service === "news")?.state).toBe("stale");
  });
});
