// `pnpm ops halt` stops new orders for exactly that account at the dispatcher's next cycle, `resume`
// restores them, and both are in ops_audit_log with who, when and why.
import { describe, expect, it } from "vitest";
import { at, insertRec } from "./helpers/dispatcher-world.js";
import { useOpsWorld } from "./helpers/ops-world.js";

const t = useOpsWorld();
const { ops, rows } = t;

describe("pnpm ops halt / resume", () => {
  it("halt stops the next dispatcher cycle from ordering for that account only; resume restores it; both are audited", async () => {
    const world = await t.startWorld();
    const halted = await ops("halt", "--account", "large-100k", "--reason", "unexpected fills at open", "--actor", "alice", "--now", at("09:59:45").toISOString());
    expect(halted.code).toBe(0);
    expect(halted.out).toMatch(/large-100k halted/);
    expect((await rows(`SELECT trading_enabled, halted_reason, updated_by FROM risk_state WHERE account_id = 'large-100k'`))[0]).toEqual({
      trading_enabled: false, halted_reason: "unexpected fills at open", updated_by: "alice",
    });

    const first = await insertRec(t.db, at("09:59:30"));
    const large = await world.dispatch("large-100k", at("10:00"));
    const tiny = await world.dispatch("tiny-1k", at("10:00"));
    expect(large).toMatchObject({ claimed: 1, ordered: 0, skipped: 1 });
    expect(world.posts("large-100k")).toBe(0);
    expect(await rows(`SELECT status, skip_code FROM recommendation_dispatches WHERE rec_id = $1::bigint AND account_id = 'large-100k'`, [first])).toEqual([
      { status: "skipped", skip_code: "TRADING_DISABLED" },
    ]);
    expect(await rows(`SELECT gate, code FROM risk_gate_evaluations WHERE rec_id = $1::bigint AND account_id = 'large-100k' AND NOT passed`, [first])).toEqual([
      { gate: "trading_enabled", code: "TRADING_DISABLED" },
    ]);
    // The other account is untouched by the halt.
    expect(tiny.claimed).toBe(1);
    expect(await rows(`SELECT skip_code FROM recommendation_dispatches WHERE rec_id = $1::bigint AND account_id = 'tiny-1k' AND skip_code = 'TRADING_DISABLED'`, [first])).toEqual([]);

    const resumed = await ops("resume", "--account", "large-100k", "--reason", "fills reconciled", "--actor", "bob", "--now", at("10:04:00").toISOString());
    expect(resumed.code).toBe(0);
    const second = await insertRec(t.db, at("10:04:30"));
    const after = await world.dispatch("large-100k", at("10:05"));
    expect(after).toMatchObject({ claimed: 1, ordered: 1 });
    expect(world.posts("large-100k")).toBe(1);
    expect(await rows(`SELECT rec_id::text AS rec_id, status FROM orders WHERE account_id = 'large-100k'`)).toEqual([{ rec_id: second, status: "accepted" }]);

    expect(await rows(`SELECT actor, action, target, detail->>'reason' AS reason, at FROM ops_audit_log ORDER BY id`)).toEqual([
      { actor: "alice", action: "halt", target: "large-100k", reason: "unexpected fills at open", at: at("09:59:45") },
      { actor: "bob", action: "resume", target: "large-100k", reason: "fills reconciled", at: at("10:04:00") },
    ]);
  });

  it("refuses without a reason or with an unknown account, and writes nothing", async () => {
    const before = await rows(`SELECT count(*)::int AS n FROM ops_audit_log`);
    expect((await ops("halt", "--account", "large-100k")).code).toBe(64);
    const wrong = await ops("halt", "--account", "large", "--reason", "x");
    expect(wrong.code).toBe(64);
    expect(wrong.err).toMatch(/unknown account "large"/);
    expect(await rows(`SELECT count(*)::int AS n FROM ops_audit_log`)).toEqual(before);
  });

  it("resume of an enabled account changes nothing and is not audited", async () => {
    const before = await rows(`SELECT count(*)::int AS n FROM ops_audit_log`);
    const r = await ops("resume", "--account", "tiny-1k", "--reason", "double check");
    expect(r).toMatchObject({ code: 0, out: "tiny-1k is already enabled; nothing changed\n" });
    expect(await rows(`SELECT count(*)::int AS n FROM ops_audit_log`)).toEqual(before);
  });

  it("records the OS user when no --actor is given", async () => {
    await ops("halt", "--account", "tiny-1k", "--reason", "maintenance");
    expect((await rows(`SELECT actor FROM ops_audit_log ORDER BY id DESC LIMIT 1`))[0]).toEqual({ actor: "ops-tester" });
    await ops("resume", "--account", "tiny-1k", "--reason", "maintenance done");
  });
});
