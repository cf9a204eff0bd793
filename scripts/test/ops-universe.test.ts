// pin / block / unpin / unblock write the operator's universe rows; tradable_universe (what telemetry,
// features and the watchlist trade) follows, and every change is audited and versioned.
import type { Db } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOps } from "./helpers/ops-cli.js";

let db: Db;
beforeAll(async () => {
  db = await freshPgliteDb();
  await db.query(`INSERT INTO universe (symbol, source, status, updated_by) VALUES ('AIG', 'ai', 'active', 'ai-watchlist'), ('IBM', 'ai', 'inactive', 'ai-watchlist')`);
});
afterAll(async () => {
  await db.close();
});

const tradable = async (): Promise<string[]> => (await db.query<{ symbol: string }>(`SELECT symbol FROM tradable_universe ORDER BY symbol`)).rows.map((r) => r.symbol);
const ops = (...argv: string[]) => runOps(db, argv);
const lastAudit = async () => (await db.query(`SELECT actor, action, target, detail FROM ops_audit_log ORDER BY id DESC LIMIT 1`)).rows[0];

describe("pnpm ops pin / block", () => {
  it("block removes an AI pick from the tradable universe and unblock gives it back", async () => {
    expect(await tradable()).toEqual(["AIG"]);
    const blocked = await ops("block", "aig", "--reason", "SEC investigation headline", "--actor", "carol");
    expect(blocked).toMatchObject({ code: 0, out: "AIG blocked by ops; it is not in the tradable universe now\n" });
    expect(await tradable()).toEqual([]);
    expect(await lastAudit()).toMatchObject({
      actor: "carol", action: "block", target: "AIG", detail: { reason: "SEC investigation headline", status: "blocked", previous: null, tradable: false },
    });
    const version = (await db.query(`SELECT source, created_by, payload FROM universe_versions ORDER BY version_id DESC LIMIT 1`)).rows[0];
    expect(version).toMatchObject({ source: "ops_pin", created_by: "carol", payload: { action: "block", symbol: "AIG", status: "blocked" } });

    expect((await ops("unblock", "AIG", "--reason", "cleared")).code).toBe(0);
    expect(await tradable()).toEqual(["AIG"]);
    expect((await db.query(`SELECT status FROM universe WHERE symbol = 'AIG' AND source = 'ops_pin'`)).rows).toEqual([{ status: "inactive" }]);
  });

  it("pin keeps a symbol the AI dropped tradable until unpinned", async () => {
    expect(await tradable()).not.toContain("IBM");
    expect((await ops("pin", "IBM", "--reason", "earnings play")).code).toBe(0);
    expect(await tradable()).toContain("IBM");
    expect((await db.query(`SELECT pinned FROM tradable_universe WHERE symbol = 'IBM'`)).rows).toEqual([{ pinned: true }]);
    expect((await ops("unpin", "IBM", "--reason", "earnings done")).code).toBe(0);
    expect(await tradable()).not.toContain("IBM");
  });

  it("a block beats a pin of the same symbol from config", async () => {
    await db.query(`INSERT INTO universe (symbol, source, status, updated_by) VALUES ('SPY', 'config', 'active', 'sync')`);
    expect((await ops("block", "SPY", "--reason", "halted by exchange")).code).toBe(0);
    expect(await tradable()).not.toContain("SPY");
  });

  it("refuses what does not match the current state, and writes nothing for it", async () => {
    const audits = async () => (await db.query(`SELECT count(*)::int AS n FROM ops_audit_log`)).rows[0];
    const before = await audits();
    const unpin = await ops("unpin", "SPY", "--reason", "x");
    expect(unpin.code).toBe(1);
    expect(unpin.err).toBe("refused: SPY is blocked by ops; unpin needs it pinned\n");
    expect((await ops("unblock", "BAC", "--reason", "x")).code).toBe(1);
    const bad = await ops("pin", "not a ticker", "--reason", "x");
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/is not a ticker/);
    const again = await ops("block", "SPY", "--reason", "x");
    expect(again).toMatchObject({ code: 0, out: "SPY is already blocked; nothing changed\n" });
    expect(await audits()).toEqual(before);
  });
});
