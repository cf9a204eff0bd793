// The account protections run by the position manager (issue 8), against the simulator: a stop-out
// beyond the daily loss limit switches the account to REDUCING until the next session and locks the
// ticker; a drawdown from the day's peak equity halts it; nothing is written twice; an operator's
// decision is not overruled. Runs on PGlite and on real PostgreSQL (the risk_state row lock).
import { describeWithPostgres, freshPostgresDb } from "@ops/core/testing";
import type { FreshPostgresDb } from "@ops/core/testing";
import type { Db } from "@ops/core";
import { DEFAULT_ACCOUNT_RISK } from "@ops/trading";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AAA_CALL, ACCOUNT, at, emptyDb, emptyTables, positionRows, startHarness } from "./helpers/harness.js";
import type { Harness } from "./helpers/harness.js";

const limit = DEFAULT_ACCOUNT_RISK[ACCOUNT].maxDailyLossUsd;

async function resetRisk(db: Db): Promise<Db> {
  await db.query(`DELETE FROM risk_locks`);
  await db.query(`DELETE FROM ops_audit_log`);
  await db.query(
    `UPDATE risk_state SET trading_enabled = true, halted_reason = NULL, mode = 'ACTIVE', mode_set_by = 'ops',
       day = NULL, daily_realized_pnl = 0, loss_streak = 0, updated_at = $1::timestamptz, updated_by = 'test'`,
    [at("09:00").toISOString()],
  );
  return db;
}

async function riskState(db: Db): Promise<Record<string, unknown>> {
  const result = await db.query(
    `SELECT mode, trading_enabled, halted_reason, mode_reason, mode_until, mode_set_by, updated_by, day::text AS day,
            daily_realized_pnl::float8 AS daily_realized_pnl, loss_streak
     FROM risk_state WHERE account_id = $1`,
    [ACCOUNT],
  );
  return result.rows[0] ?? {};
}

async function locks(db: Db): Promise<Record<string, unknown>[]> {
  return (await db.query(`SELECT symbol, reason, locked_at, locked_until, created_by FROM risk_locks WHERE account_id = $1 ORDER BY id`, [ACCOUNT])).rows;
}

async function audits(db: Db): Promise<Record<string, unknown>[]> {
  return (await db.query(`SELECT actor, action, target, detail FROM ops_audit_log ORDER BY id`)).rows;
}

/** Buys 5 AAA calls at ~2.05 and lets the option stop (−60 %) close them at a 0.50 mid: about −$800. */
async function stopOutFiveCalls(h: Harness): Promise<void> {
  await h.enter({ symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 5, limitPrice: 2.05 });
  await h.cycle(at("10:02"));
  h.options.setMid(AAA_CALL, at("10:05"), 0.5);
  await h.cycle(at("10:05:30"));
  await h.cycle(at("10:06:30"));
}

function suite(label: string, database: () => Promise<Db>): void {
  describe(`position manager protections (${label})`, () => {
    it("a stop-out beyond the daily loss limit: REDUCING until the next open, the ticker locked, the day's figures stored, each written once", async () => {
      const db = await resetRisk(await database());
      const h = await startHarness({ db });
      await stopOutFiveCalls(h);

      const [closed] = await positionRows(db);
      expect(closed).toMatchObject({ status: "closed", close_reason: "option_stop_loss" });
      const realized = Number(closed?.realized_pnl);
      expect(realized).toBeLessThanOrEqual(-limit);

      const state = await riskState(db);
      expect(state).toMatchObject({ mode: "REDUCING", trading_enabled: true, halted_reason: null, mode_set_by: "auto", updated_by: "position-manager", day: "2024-03-05", loss_streak: 1 });
      expect(Number(state.daily_realized_pnl)).toBeCloseTo(realized, 2);
      // The next regular open after Tuesday 2024-03-05 is Wednesday 09:30 ET.
      expect(new Date(String(state.mode_until)).toISOString()).toBe(at("09:30", "2024-03-06").toISOString());
      expect(String(state.mode_reason)).toContain(`−${limit}`);

      const written = await locks(db);
      expect(written).toHaveLength(1);
      expect(written[0]).toMatchObject({ symbol: "AAA", reason: "losing_exit", created_by: "position-manager" });
      const lockedAt = new Date(String(written[0]?.locked_at)).getTime();
      const lockedUntil = new Date(String(written[0]?.locked_until)).getTime();
      expect(lockedUntil - lockedAt).toBe(DEFAULT_ACCOUNT_RISK[ACCOUNT].protections.tickerLockAfterLossMinutes * 60_000);

      const changes = (await audits(db)).filter((a) => a.action === "risk_mode.auto");
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({ actor: "position-manager", target: ACCOUNT, detail: expect.objectContaining({ from: "ACTIVE", to: "REDUCING", event: "DAILY_LOSS_LIMIT" }) });
      expect(h.log.events("risk_mode.changed")).toHaveLength(1);

      // Later cycles re-derive the same facts and change nothing.
      const again = await h.cycle(at("10:20"));
      expect(again).toMatchObject({ risk_mode_changes: 0, risk_locks_added: 0, protection_errors: 0 });
      expect(await locks(db)).toHaveLength(1);
      expect((await riskState(db)).mode).toBe("REDUCING");
    });

    it("the automatic REDUCING lapses at the next session's open, not before", async () => {
      const db = await resetRisk(await database());
      const h = await startHarness({ db });
      await stopOutFiveCalls(h);
      expect((await riskState(db)).mode).toBe("REDUCING");

      await h.cycle(at("09:29", "2024-03-06"));
      expect((await riskState(db)).mode).toBe("REDUCING");
      const reopened = await h.cycle(at("09:31", "2024-03-06"));
      expect(reopened.risk_mode_changes).toBe(1);
      expect(await riskState(db)).toMatchObject({ mode: "ACTIVE", mode_until: null, mode_reason: null, mode_set_by: "auto", trading_enabled: true });
    });

    it("an account an operator halted stays HALTED whatever the losses (only a person resumes)", async () => {
      const db = await resetRisk(await database());
      await db.query(`UPDATE risk_state SET trading_enabled = false, halted_reason = 'ops: looking into fills', updated_by = 'ops'`);
      const h = await startHarness({ db });
      await stopOutFiveCalls(h);
      expect(await riskState(db)).toMatchObject({ mode: "HALTED", trading_enabled: false, halted_reason: "ops: looking into fills", mode_set_by: "ops" });
      // Locks are still written: they outlive a resume.
      expect(await locks(db)).toHaveLength(1);
    });

    it("a drawdown from the day's peak equity beyond the limit halts the account; an operator's resume resets the peak", async () => {
      const db = await resetRisk(await database());
      const h = await startHarness({ db });
      await h.cycle(at("10:00"));
      const [snapshot] = (await db.query(`SELECT equity::float8 AS equity FROM account_snapshots WHERE account_id = $1`, [ACCOUNT])).rows;
      const equity = Number(snapshot?.equity);
      expect(equity).toBeGreaterThan(0);
      // An earlier snapshot today 3 % higher: a 2.9 % drawdown against large-100k's 1.5 % limit.
      await db.query(`INSERT INTO account_snapshots (account_id, at, equity, cash, buying_power) VALUES ($1, $2, $3, $3, $3)`, [
        ACCOUNT, at("09:45").toISOString(), String(equity * 1.03),
      ]);
      const halted = await h.cycle(at("10:01"));
      expect(halted.risk_mode_changes).toBe(1);
      const state = await riskState(db);
      expect(state).toMatchObject({ mode: "HALTED", trading_enabled: false, mode_set_by: "auto" });
      expect(String(state.halted_reason)).toMatch(/^drawdown 2\.9\d% from day peak/);

      // Ops resumes at 10:02 (as `pnpm ops resume` writes it); the 09:45 peak no longer counts.
      await db.query(`UPDATE risk_state SET mode = 'ACTIVE', mode_set_by = 'ops', trading_enabled = true, halted_reason = NULL, updated_at = $1, updated_by = 'ops'`, [at("10:02").toISOString()]);
      const resumed = await h.cycle(at("10:03"));
      expect(resumed.risk_mode_changes).toBe(0);
      expect((await riskState(db)).mode).toBe("ACTIVE");
    });

    it("counts only this account: the other account's loss moves nothing here", async () => {
      const db = await resetRisk(await database());
      await db.query(
        `INSERT INTO positions (account_id, symbol, underlying, instrument_type, option_expiry, option_strike, option_right, qty, multiplier,
           avg_entry_price, opened_at, status, close_reason, exit_price, realized_pnl, closed_at)
         VALUES ('tiny-1k', $1, 'AAA', 'CALL', '2024-03-15', 100, 'call', 5, 100, 2.0, $2, 'closed', 'option_stop_loss', 0.4, -800, $3)`,
        [AAA_CALL, at("09:50").toISOString(), at("09:55").toISOString()],
      );
      await db.query(
        `INSERT INTO position_history (position_id, account_id, symbol, underlying, instrument_type, qty, multiplier, entry_price, exit_price,
           pnl_usd, pnl_pct, opened_at, closed_at, holding_s, exit_reason)
         SELECT position_id, account_id, symbol, underlying, instrument_type, qty, multiplier, 2.0, 0.4, -800, -80, opened_at, closed_at, 300, 'option_stop_loss'
         FROM positions WHERE account_id = 'tiny-1k'`,
      );
      const h = await startHarness({ db });
      const quiet = await h.cycle(at("10:00"));
      expect(quiet).toMatchObject({ risk_mode_changes: 0, risk_locks_added: 0, protection_errors: 0 });
      expect((await riskState(db)).mode).toBe("ACTIVE");
    });
  });
}

suite("PGlite", async () => emptyDb());

describeWithPostgres("position manager protections on PostgreSQL", (url) => {
  let fresh: FreshPostgresDb | undefined;
  beforeAll(async () => {
    fresh = await freshPostgresDb(url);
  });
  afterAll(async () => {
    await fresh?.cleanup();
  });
  suite("PostgreSQL", async () => {
    if (fresh === undefined) throw new Error("PostgreSQL database not created");
    return emptyTables(fresh.db);
  });
});
