// Migration 0009 (account risk modes) lives with issue 8's work here until the position manager owns
// risk_state writes; it checks that old switch writers and new mode writers stay consistent.
import type { Db } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

let db: Db;
beforeAll(async () => {
  db = await freshPgliteDb();
});
afterAll(async () => db.close());

interface Row {
  trading_enabled: boolean;
  mode: string;
  halted_reason: string | null;
  mode_until: Date | null;
  mode_set_by: string;
}
const row = async (): Promise<Row | undefined> =>
  (
    await db.query<Row>(
      "SELECT trading_enabled, mode, halted_reason, mode_until, mode_set_by FROM risk_state WHERE account_id = 'tiny-1k'",
    )
  ).rows[0];

beforeEach(async () => {
  await db.query("UPDATE risk_state SET trading_enabled = false, halted_reason = 'not enabled yet'");
});

describe("risk_state.mode (migration 0009)", () => {
  it("seeds every account HALTED, matching trading_enabled = false", async () => {
    const rows = (await db.query<{ mode: string; trading_enabled: boolean }>("SELECT mode, trading_enabled FROM risk_state")).rows;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toEqual({ mode: "HALTED", trading_enabled: false });
  });

  it("follows the ops switch: resume → ACTIVE, halt → HALTED", async () => {
    await db.query("UPDATE risk_state SET trading_enabled = true, halted_reason = NULL WHERE account_id = 'tiny-1k'");
    expect(await row()).toMatchObject({ mode: "ACTIVE", trading_enabled: true });
    await db.query("UPDATE risk_state SET trading_enabled = false, halted_reason = 'ops' WHERE account_id = 'tiny-1k'");
    expect(await row()).toMatchObject({ mode: "HALTED", trading_enabled: false, mode_set_by: "ops" });
  });

  it("derives the switch from a mode write: REDUCING stays enabled (exits run), HALTED disables with a reason", async () => {
    const until = new Date("2026-02-11T14:30:00Z");
    await db.query(
      "UPDATE risk_state SET mode = 'REDUCING', mode_until = $1, mode_set_by = 'auto', mode_reason = 'daily loss' WHERE account_id = 'tiny-1k'",
      [until],
    );
    expect(await row()).toMatchObject({ mode: "REDUCING", trading_enabled: true, halted_reason: null, mode_until: until });
    await db.query("UPDATE risk_state SET mode = 'HALTED', mode_set_by = 'auto', mode_reason = 'drawdown' WHERE account_id = 'tiny-1k'");
    expect(await row()).toMatchObject({ mode: "HALTED", trading_enabled: false, halted_reason: "drawdown", mode_until: null });
  });

  it("rejects a row whose mode and switch disagree when both are written", async () => {
    await db.query("UPDATE risk_state SET trading_enabled = true, halted_reason = NULL WHERE account_id = 'tiny-1k'");
    await expect(
      db.query("UPDATE risk_state SET mode = 'REDUCING', trading_enabled = false, halted_reason = 'x' WHERE account_id = 'tiny-1k'"),
    ).rejects.toThrow(/risk_state_mode_matches_switch/);
  });
});
