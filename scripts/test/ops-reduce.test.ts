// `pnpm ops reduce` puts exactly that account in risk mode REDUCING (exits only: the dispatcher denies
// new entries), `resume` returns it to ACTIVE, and both are in ops_audit_log with who, when and why.
import { describe, expect, it } from "vitest";
import { at, insertRec } from "./helpers/dispatcher-world.js";
import { useOpsWorld } from "./helpers/ops-world.js";

const t = useOpsWorld();
const { ops, rows } = t;
const riskRow = async (account: string) =>
  (await rows(`SELECT mode, trading_enabled, halted_reason, mode_reason, mode_set_by, updated_by FROM risk_state WHERE account_id = $1`, [account]))[0];

describe("pnpm ops reduce", () => {
  it("reduce denies new entries for that account only; resume returns it to ACTIVE; both are audited", async () => {
    const world = await t.startWorld();
    const reduced = await ops("reduce", "--account", "large-100k", "--reason", "drawdown review", "--actor", "alice", "--now", at("09:59:45").toISOString());
    expect(reduced.code).toBe(0);
    expect(reduced.out).toMatch(/large-100k reducing \(was ACTIVE\)/);
    expect(await riskRow("large-100k")).toEqual({
      mode: "REDUCING", trading_enabled: true, halted_reason: null, mode_reason: "drawdown review", mode_set_by: "ops", updated_by: "alice",
    });

    const first = await insertRec(t.db, at("09:59:30"));
    expect(await world.dispatch("large-100k", at("10:00"))).toMatchObject({ claimed: 1, ordered: 0, skipped: 1 });
    expect(world.posts("large-100k")).toBe(0);
    expect(await rows(`SELECT gate, code FROM risk_gate_evaluations WHERE rec_id = $1::bigint AND account_id = 'large-100k' AND NOT passed`, [first])).toEqual([
      { gate: "trading_enabled", code: "TRADING_REDUCING" },
    ]);
    // The other account still trades the same recommendation.
    expect(await world.dispatch("tiny-1k", at("10:00"))).toMatchObject({ claimed: 1 });
    expect(await rows(`SELECT skip_code FROM recommendation_dispatches WHERE rec_id = $1::bigint AND account_id = 'tiny-1k' AND skip_code = 'TRADING_REDUCING'`, [first])).toEqual([]);

    const resumed = await ops("resume", "--account", "large-100k", "--reason", "review done", "--actor", "bob", "--now", at("10:04:00").toISOString());
    expect(resumed).toMatchObject({ code: 0, out: expect.stringMatching(/was reducing: "drawdown review"/) });
    expect(await riskRow("large-100k")).toMatchObject({ mode: "ACTIVE", trading_enabled: true, mode_reason: null });
    const second = await insertRec(t.db, at("10:04:30"));
    expect(await world.dispatch("large-100k", at("10:05"))).toMatchObject({ claimed: 1, ordered: 1 });
    expect(await rows(`SELECT rec_id::text AS rec_id FROM orders WHERE account_id = 'large-100k'`)).toEqual([{ rec_id: second }]);

    expect(await rows(`SELECT actor, action, target, detail->>'reason' AS reason, detail->'previous'->>'mode' AS previous FROM ops_audit_log ORDER BY id`)).toEqual([
      { actor: "alice", action: "reduce", target: "large-100k", reason: "drawdown review", previous: "ACTIVE" },
      { actor: "bob", action: "resume", target: "large-100k", reason: "review done", previous: "REDUCING" },
    ]);
  });

  it("reducing a halted account re-enables the switch for exits only, with the halt reason cleared", async () => {
    expect((await ops("halt", "--account", "tiny-1k", "--reason", "maintenance")).code).toBe(0);
    expect(await riskRow("tiny-1k")).toMatchObject({ mode: "HALTED", trading_enabled: false });
    const r = await ops("reduce", "--account", "tiny-1k", "--reason", "let exits run");
    expect(r).toMatchObject({ code: 0, out: expect.stringMatching(/was HALTED/) });
    expect(await riskRow("tiny-1k")).toMatchObject({ mode: "REDUCING", trading_enabled: true, halted_reason: null, mode_reason: "let exits run" });
    expect((await ops("resume", "--account", "tiny-1k", "--reason", "done")).code).toBe(0);
    expect(await riskRow("tiny-1k")).toMatchObject({ mode: "ACTIVE", trading_enabled: true });
  });

  it("refuses to lift a close-all's halt, without a reason, or for an unknown account, and writes nothing", async () => {
    expect((await ops("close-all", "--account", "tiny-1k", "--reason", "end of test day", "--yes")).code).toBe(0);
    const before = await rows(`SELECT count(*)::int AS n FROM ops_audit_log`);
    const lifted = await ops("reduce", "--account", "tiny-1k", "--reason", "exits only instead");
    expect(lifted.code).toBe(1);
    expect(lifted.err).toMatch(/close-all request .* still pending/);
    expect(await riskRow("tiny-1k")).toMatchObject({ mode: "HALTED", trading_enabled: false });
    expect((await ops("reduce", "--account", "large-100k")).code).toBe(64);
    expect((await ops("reduce", "--account", "large", "--reason", "x")).err).toMatch(/unknown account "large"/);
    expect(await rows(`SELECT count(*)::int AS n FROM ops_audit_log`)).toEqual(before);
  });
});
