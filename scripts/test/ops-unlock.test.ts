// unlock ends a risk lock early: the dispatcher's gate, which denied while the lock held, lets the next
// recommendation through, and the lock's original end is kept in the audit log.
import type { Db } from "@ops/core";
import { freshPgliteDb } from "@ops/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, insertRec, seedMarket, startDispatcherWorld } from "./helpers/dispatcher-world.js";
import { runOps } from "./helpers/ops-cli.js";

let db: Db;
beforeAll(async () => {
  db = await freshPgliteDb();
  await seedMarket(db, at("10:00"));
  await seedMarket(db, at("10:05"), 5);
  await db.query(`UPDATE risk_state SET trading_enabled = true, halted_reason = NULL, updated_by = 'test'`);
});
afterAll(async () => {
  await db.close();
});

async function insertLock(lockedAt: Date, lockedUntil: Date, symbol: string | null = null): Promise<string> {
  const { rows } = await db.query<{ id: unknown }>(
    `INSERT INTO risk_locks (account_id, symbol, reason, locked_at, locked_until, created_by) VALUES ('large-100k', $1, 'loss streak pause', $2, $3, 'position-manager') RETURNING id`,
    [symbol, lockedAt.toISOString(), lockedUntil.toISOString()],
  );
  return String(rows[0]?.id);
}

describe("pnpm ops unlock", () => {
  it("releases an active lock so the next dispatcher cycle may order again, and audits the lock it ended", async () => {
    const world = await startDispatcherWorld(db);
    try {
      const lockId = await insertLock(at("09:45"), at("15:00"));
      await insertRec(db, at("09:59:30"));
      const locked = await world.dispatch("large-100k", at("10:00"));
      expect(locked).toMatchObject({ claimed: 1, ordered: 0, skipped: 1 });
      expect((await db.query(`SELECT skip_code FROM recommendation_dispatches WHERE account_id = 'large-100k'`)).rows).toEqual([{ skip_code: "ACCOUNT_LOCKED" }]);

      const r = await runOps(db, ["unlock", lockId, "--reason", "streak reviewed", "--actor", "dave", "--now", at("10:03").toISOString()]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`risk lock ${lockId} .* released; it was due to end ${at("15:00").toISOString()}`));
      expect((await db.query(`SELECT locked_until FROM risk_locks WHERE id = $1::bigint`, [lockId])).rows).toEqual([{ locked_until: at("10:03") }]);

      await insertRec(db, at("10:04:30"));
      expect(await world.dispatch("large-100k", at("10:05"))).toMatchObject({ claimed: 1, ordered: 1 });
      expect(world.posts("large-100k")).toBe(1);
      const audit = (await db.query(`SELECT actor, action, target, detail FROM ops_audit_log ORDER BY id DESC LIMIT 1`)).rows[0];
      expect(audit).toMatchObject({
        actor: "dave", action: "unlock", target: `risk_lock:${lockId}`,
        detail: { reason: "streak reviewed", previous_locked_until: at("15:00").toISOString(), locked_until: at("10:03").toISOString(), account: "large-100k" },
      });
    } finally {
      await world.close();
    }
  });

  it("voids a lock that has not started yet without ever making it longer", async () => {
    const lockId = await insertLock(at("12:00"), at("13:00"), "AAA");
    expect((await runOps(db, ["unlock", lockId, "--reason", "not needed", "--now", at("10:10").toISOString()])).code).toBe(0);
    const [row] = (await db.query<{ locked_at: Date; locked_until: Date }>(`SELECT locked_at, locked_until FROM risk_locks WHERE id = $1::bigint`, [lockId])).rows;
    expect(row!.locked_until.getTime() - row!.locked_at.getTime()).toBe(1);
  });

  it("refuses an unknown, malformed or already ended lock and writes nothing", async () => {
    const ended = await insertLock(at("09:00"), at("09:30"));
    const before = (await db.query(`SELECT count(*)::int AS n FROM ops_audit_log`)).rows;
    const late = await runOps(db, ["unlock", ended, "--reason", "x", "--now", at("10:00").toISOString()]);
    expect(late.code).toBe(1);
    expect(late.err).toMatch(/already ended/);
    expect((await runOps(db, ["unlock", "999999", "--reason", "x"])).err).toBe("refused: no risk lock 999999\n");
    expect((await runOps(db, ["unlock", "abc", "--reason", "x"])).code).toBe(1);
    expect((await db.query(`SELECT count(*)::int AS n FROM ops_audit_log`)).rows).toEqual(before);
    expect((await db.query(`SELECT locked_until FROM risk_locks WHERE id = $1::bigint`, [ended])).rows).toEqual([{ locked_until: at("09:30") }]);
  });
});
