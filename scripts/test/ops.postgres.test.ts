// On real PostgreSQL (TEST_DATABASE_URL): operator actions racing each other serialise per account (and
// per position for resolve-review), the halt reaches the dispatcher's next cycle, and pnpm status reads
// PostgreSQL's types into a valid report.
import type { Db } from "@ops/core";
import { describeWithPostgres, freshPostgresDb } from "@ops/core/testing";
import type { FreshPostgresDb } from "@ops/core/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { requestCloseAll } from "../ops/actions/request-close-all.js";
import { resolveReview } from "../ops/actions/resolve-review.js";
import { buildStatusReport } from "../ops/status/build-status-report.js";
import { statusReportProblems } from "../ops/status/status-report.js";
import { at, insertRec, seedMarket, startDispatcherWorld } from "./helpers/dispatcher-world.js";
import { runOps } from "./helpers/ops-cli.js";

describeWithPostgres("pnpm ops and pnpm status on PostgreSQL", (adminUrl) => {
  let fresh: FreshPostgresDb;
  let db: Db;
  beforeAll(async () => {
    fresh = await freshPostgresDb(adminUrl);
    db = fresh.db;
    await seedMarket(db, at("10:00"));
    await seedMarket(db, at("10:05"), 5);
    await db.query(`UPDATE risk_state SET trading_enabled = true, halted_reason = NULL, updated_by = 'test'`);
  });
  afterAll(async () => {
    await fresh?.cleanup();
  });

  it("halt stops the next dispatcher cycle and resume restores it", async () => {
    const world = await startDispatcherWorld(db);
    try {
      expect((await runOps(db, ["halt", "--account", "large-100k", "--reason", "pg halt", "--now", at("09:59:40").toISOString()])).code).toBe(0);
      await insertRec(db, at("09:59:30"));
      expect(await world.dispatch("large-100k", at("10:00"))).toMatchObject({ claimed: 1, ordered: 0, skipped: 1 });
      expect((await runOps(db, ["resume", "--account", "large-100k", "--reason", "pg resume", "--now", at("10:04").toISOString()])).code).toBe(0);
      await insertRec(db, at("10:04:30"));
      expect(await world.dispatch("large-100k", at("10:05"))).toMatchObject({ claimed: 1, ordered: 1 });
      expect(world.posts("large-100k")).toBe(1);
      expect((await db.query(`SELECT action FROM ops_audit_log ORDER BY id`)).rows).toEqual([{ action: "halt" }, { action: "resume" }]);
    } finally {
      await world.close();
    }
  });

  it("two operators asking close-all at once create one request: the second is refused", async () => {
    const request = (actor: string) => requestCloseAll(db, { account: "tiny-1k", actor, reason: "race", now: at("10:10") });
    const results = await Promise.all([request("a"), request("b"), request("c")]);
    expect(results.map((r) => r.outcome).sort()).toEqual(["done", "refused", "refused"]);
    expect((await db.query(`SELECT count(*)::int AS n FROM close_requests WHERE account_id = 'tiny-1k'`)).rows).toEqual([{ n: 1 }]);
    expect((await db.query(`SELECT count(*)::int AS n FROM ops_audit_log WHERE action = 'close-all'`)).rows).toEqual([{ n: 1 }]);
  });

  it("two operators resolving the same review row at once: the row lock lets one close it, the other is refused", async () => {
    const inserted = await db.query<{ position_id: unknown }>(
      `INSERT INTO positions (account_id, symbol, underlying, instrument_type, option_expiry, option_strike, option_right, qty,
         multiplier, avg_entry_price, opened_at, status, review_since, strategy_type)
       VALUES ('large-100k', 'AAA240315C00100000', 'AAA', 'CALL', '2024-03-15', 100, 'call', 3, 100, 2.5, $1, 'open', $2, 'day_trade')
       RETURNING position_id`,
      [at("09:40"), at("09:50")],
    );
    const positionId = String(inserted.rows[0]?.position_id);
    const resolve = (actor: string, exitPrice: string) =>
      resolveReview(db, { account: "large-100k", positionId, exitPrice, closedAt: at("09:55"), actor, reason: "race", now: at("10:11") });
    const results = await Promise.all([resolve("a", "2.75"), resolve("b", "2.80"), resolve("c", "2.85")]);
    expect(results.map((r) => r.outcome).sort()).toEqual(["done", "refused", "refused"]);
    expect(results.filter((r) => r.outcome === "refused").every((r) => /is already closed/.test(r.message))).toBe(true);
    const winner = results.find((r) => r.outcome === "done");
    const history = (await db.query(`SELECT exit_price::text AS exit_price, pnl_usd::text AS pnl_usd, exit_price_source, holding_s FROM position_history WHERE position_id = $1::bigint`, [positionId])).rows;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ exit_price_source: "operator", exit_price: winner?.detail.exitPrice });
    expect(Number(history[0]?.pnl_usd)).toBeCloseTo((Number(winner?.detail.exitPrice) - 2.5) * 3 * 100, 8);
    expect(Number(history[0]?.holding_s)).toBe(15 * 60);
    expect((await db.query(`SELECT count(*)::int AS n FROM ops_audit_log WHERE action = 'resolve-review'`)).rows).toEqual([{ n: 1 }]);
  });

  it("earnings dates keep their calendar day through PostgreSQL's date type", async () => {
    expect((await runOps(db, ["earnings", "add", "AAA", "2024-03-07", "--time", "before_open", "--now", at("10:12").toISOString()])).code).toBe(0);
    const listed = await runOps(db, ["earnings", "list", "--from", "2024-03-07", "--json"]);
    expect(JSON.parse(listed.out)).toMatchObject({ events: [{ symbol: "AAA", reportDate: "2024-03-07", reportTime: "before_open" }] });
  });

  it("status reads bigint, numeric and jsonb from PostgreSQL into a report that validates", async () => {
    await db.query(
      `INSERT INTO service_heartbeats (service, account, instance, build_id, started_at, cycle_started_at, cycle_finished_at, last_success_at, cycles, counts, updated_at)
       VALUES ('telemetry', '', 'pg', 'b1', $1, $2, $3, $3, 9007199254740, '{"bars": 4}', $3)`,
      [at("09:00"), at("10:04:58"), at("10:05")],
    );
    await db.query(`INSERT INTO risk_locks (account_id, symbol, reason, locked_at, locked_until, created_by) VALUES ('large-100k', 'AAA', 'cooldown', $1, $2, 'pm')`, [at("10:00"), at("10:30")]);
    const report = await buildStatusReport(db, { now: at("10:05:10"), databaseTarget: "postgres://test" });
    expect(statusReportProblems(report)).toEqual([]);
    expect(report.clock?.mode).toBe("live");
    expect(report.services.find((s) => s.service === "telemetry")).toMatchObject({ cycles: 9007199254740, lastCycleDurationMs: 2000, lastCounts: { bars: 4 }, state: "ok" });
    expect(report.trading?.orders.counts).toEqual([{ account: "large-100k", purpose: "entry", status: "accepted", count: 1 }]);
    expect(report.trading?.locks).toMatchObject([{ account: "large-100k", symbol: "AAA", reason: "cooldown" }]);
    expect(report.trading?.closeRequests).toMatchObject([{ account: "tiny-1k", reason: "race" }]);
    expect(report.trading?.accounts.find((a) => a.account === "tiny-1k")).toMatchObject({ tradingEnabled: false, haltedReason: expect.stringMatching(/^close-all #\d+: race$/) });
    expect(report.data?.bars.symbols).toMatchObject([{ symbol: "AAA", newestAt: new Date(at("10:05").getTime() - 60_000).toISOString(), stale: false }]);
  });
});
