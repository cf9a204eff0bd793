// pnpm status: each account's risk mode (risk_state.mode, reason, until, set by) and the volatility gate's
// source with the reading the dispatcher's gate would get now, in the table and in --json.
import type { Db } from "@ops/core";
import { etDateTime, loadVolatilityConfig } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildStatusReport } from "../ops/status/build-status-report.js";
import { VOLATILITY_NOT_CONFIGURED_NOTE } from "../ops/status/read-volatility.js";
import { renderStatus } from "../ops/status/render-status.js";
import { runStatusCli } from "../ops/status/run-status-cli.js";
import { statusReportProblems } from "../ops/status/status-report.js";
import type { StatusReport } from "../ops/status/status-report.js";
import { createPaint } from "../ops/shared/paint.js";

const at = (hhmm: string): Date => etDateTime("2024-03-05", hhmm);
const NOW = at("10:00");

let db: Db;
beforeAll(async () => {
  db = await freshPgliteDb();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await db.query("DELETE FROM bars");
  await db.query(`UPDATE risk_state SET trading_enabled = true, halted_reason = NULL, mode_reason = NULL, updated_by = 'test'`);
});

/** One bar per minute before `until`, oldest first. */
async function seedCloses(symbol: string, until: Date, closes: readonly number[]): Promise<void> {
  for (const [i, close] of closes.entries()) {
    const ts = new Date(until.getTime() - (closes.length - i) * 60_000);
    await db.query(`INSERT INTO bars (symbol, ts, open, high, low, close, volume) VALUES ($1, $2, $3, $3, $3, $3, 100)`, [symbol, ts.toISOString(), close]);
  }
}

const report = (env: Record<string, string> = {}) =>
  buildStatusReport(db, { now: NOW, databaseTarget: "pglite:test", volatility: loadVolatilityConfig(env) });
const text = (r: StatusReport) => renderStatus(r, createPaint(false));

async function cliJson(env: Record<string, string>): Promise<StatusReport> {
  const out: string[] = [];
  await runStatusCli(["--json", "--now", NOW.toISOString()], {
    stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => undefined }, env: { DATABASE_URL: "pglite:test", ...env },
    openDatabase: async () => ({ db, close: async () => undefined }),
  });
  return JSON.parse(out.join("")) as StatusReport;
}

describe("status: risk mode per account", () => {
  it("shows ACTIVE, and REDUCING with its reason, end and who set it, in the table and the JSON", async () => {
    const until = at("16:00");
    await db.query(
      `UPDATE risk_state SET mode = 'REDUCING', mode_reason = 'daily loss limit reached', mode_until = $1, mode_set_by = 'auto' WHERE account_id = 'tiny-1k'`,
      [until.toISOString()],
    );
    const r = await cliJson({});
    expect(statusReportProblems(r)).toEqual([]);
    const byAccount = Object.fromEntries(r.trading!.accounts.map((a) => [a.account, a]));
    expect(byAccount["large-100k"]).toMatchObject({ mode: "ACTIVE", modeUntil: null });
    expect(byAccount["tiny-1k"]).toMatchObject({
      mode: "REDUCING", modeReason: "daily loss limit reached", modeUntil: until.toISOString(), modeSetBy: "auto", tradingEnabled: true,
    });
    const shown = text(r);
    expect(shown).toMatch(/large-100k\s+ACTIVE\s+enabled/);
    expect(shown).toContain(`tiny-1k REDUCING until ${until.toISOString()}, set by auto: daily loss limit reached`);
  });

  it("a halt by ops shows HALTED with the switch off", async () => {
    await db.query(`UPDATE risk_state SET trading_enabled = false, halted_reason = 'ops halt for maintenance', updated_by = 'ops' WHERE account_id = 'large-100k'`);
    const r = await report();
    expect(r.trading!.accounts.find((a) => a.account === "large-100k")).toMatchObject({ mode: "HALTED", tradingEnabled: false, modeSetBy: "ops" });
    expect(text(r)).toMatch(/large-100k\s+HALTED\s+halted: ops halt for maintenance/);
  });
});

describe("status: the volatility source", () => {
  it("without a source says the gate passes without data", async () => {
    const r = await report();
    expect(r.trading!.volatility).toMatchObject({ source: "none", configured: false, reading: null, note: VOLATILITY_NOT_CONFIGURED_NOTE });
    expect(text(r)).toContain(`volatility: ${VOLATILITY_NOT_CONFIGURED_NOTE}`);
  });

  it("with realized:SPY shows the regime, level and age computed from the stored bars", async () => {
    // Log returns ±0.001 over 4 returns: 0.001·√(4/3)·√98280·100 ≈ 36.20 → high under the seed's 15/20/30/40.
    const a = 0.001;
    await seedCloses("SPY", at("10:00"), [100, 100 * Math.exp(a), 100, 100 * Math.exp(a), 100]);
    const r = await cliJson({ OPS_VOLATILITY_SOURCE: "realized:SPY", OPS_VOLATILITY_REALIZED_WINDOW: "4" });
    expect(statusReportProblems(r)).toEqual([]);
    const v = r.trading!.volatility;
    expect(v).toMatchObject({ source: "realized:SPY", configured: true, error: null, levels: [15, 20, 30, 40], maxAgeS: 300 });
    expect(v.reading).toMatchObject({ regime: "high", asOf: at("09:59").toISOString(), ageS: 60 });
    expect(v.reading?.level).toBeCloseTo(a * Math.sqrt(4 / 3) * Math.sqrt(98_280) * 100, 1);
    expect(text(r)).toMatch(/volatility: realized:SPY: high \(level 36\.2; bounds 15\/20\/30\/40\), 60 s old/);
  });

  it("a stale source shows no reading and that the gate passes flagged", async () => {
    await seedCloses("VIXY", at("09:50"), [45]);
    const r = await report({ OPS_VOLATILITY_SOURCE: "close:VIXY" });
    expect(r.trading!.volatility).toMatchObject({ source: "close:VIXY", configured: true, reading: null, newestBarAt: at("09:49").toISOString() });
    expect(r.trading!.volatility.note).toMatch(/no reading \(newest VIXY bar 660 s old, max 300 s.*passes, flagged no_reading/);
  });

  it("shows what the dispatchers' gate last judged on, whatever this process's own variables say", async () => {
    await db.query(`DELETE FROM risk_gate_evaluations; DELETE FROM recommendation_dispatches; DELETE FROM recommendations`);
    const rec = await db.query<{ rec_id: unknown }>(
      `INSERT INTO recommendations (symbol, action, instrument_type, strategy_type, confidence, signal_ts, created_at, expires_at)
       VALUES ('AAA', 'BUY_CALL', 'CALL', 'swing_trade', 0.7, $1, $1, $2) RETURNING rec_id`,
      [at("09:40").toISOString(), at("10:40").toISOString()],
    );
    const recId = String(rec.rows[0]?.rec_id);
    await db.query(`INSERT INTO recommendation_dispatches (rec_id, account_id, status, claimed_by, claimed_at, decided_at, skip_code)
       VALUES ($1::bigint, 'tiny-1k', 'skipped', 'test', $2, $2, 'VOLATILITY_REGIME')`, [recId, at("09:41").toISOString()]);
    await db.query(
      `INSERT INTO risk_gate_evaluations (rec_id, account_id, gate, passed, code, detail, evaluated_at)
       VALUES ($1::bigint, 'tiny-1k', 'volatility_regime', false, 'VOLATILITY_REGIME', $2::jsonb, $3)`,
      [recId, JSON.stringify({ value: "extreme", threshold: "extreme", reading: { source: "realized:SPY", regime: "extreme", level: 44.5, as_of: at("09:40").toISOString() } }), at("09:41").toISOString()],
    );
    const r = await cliJson({});
    expect(statusReportProblems(r)).toEqual([]);
    expect(r.trading!.volatility).toMatchObject({
      source: "none",
      lastGateReading: { account: "tiny-1k", evaluatedAt: at("09:41").toISOString(), source: "realized:SPY", regime: "extreme", level: 44.5, flag: null },
    });
    expect(text(r)).toContain(`volatility the dispatchers last judged on (tiny-1k, ${at("09:41").toISOString()}): realized:SPY: extreme (level 44.5)`);
  });

  it("reports an invalid variable instead of failing, naming it", async () => {
    const r = await cliJson({ OPS_VOLATILITY_SOURCE: "vix" });
    expect(statusReportProblems(r)).toEqual([]);
    expect(r.trading!.volatility).toMatchObject({ source: "invalid", configured: false });
    expect(r.trading!.volatility.error).toMatch(/OPS_VOLATILITY_SOURCE/);
  });
});
