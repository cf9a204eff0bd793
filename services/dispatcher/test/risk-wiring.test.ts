// Issue 8 wiring: the dispatcher reads the account's risk mode, its active risk_locks and its position
// manager's heartbeat into the gates, and stores what each gate measured. Other accounts' rows never count.
import { DEFAULT_ACCOUNT_RISK } from "@ops/trading";
import { describe, expect, it } from "vitest";
import { createDispatcherCycle, defaultDispatcherSettings } from "../src/index.js";
import { at, count, startSim } from "./helpers/sim.js";
import type { SimHarness } from "./helpers/sim.js";
import { beatPositionManager, captureLogs, cycleContext, insertRec, rows } from "./helpers/world.js";
import { useDispatcherDb } from "./helpers/dispatcher-db.js";

const MAX_HEARTBEAT_AGE_S = DEFAULT_ACCOUNT_RISK["large-100k"].maxPositionManagerHeartbeatAgeSeconds;

const db = useDispatcherDb({ alsoClear: ["DELETE FROM risk_locks", "DELETE FROM service_heartbeats"], enable: ["large-100k", "tiny-1k"] });

function dispatcher(h: SimHarness, account: "large-100k" | "tiny-1k" = "large-100k") {
  const logs = captureLogs(account);
  const cycle = createDispatcherCycle({ db, clock: h.clock, logger: logs.logger, broker: h.broker(account), account, config: defaultDispatcherSettings(account, `test-${account}`) });
  return (now: Date) => cycle(cycleContext(now, logs.logger));
}

const dispatchOf = async (recId: string, account = "large-100k") =>
  (await rows(db, "SELECT status, skip_code FROM recommendation_dispatches WHERE rec_id = $1::bigint AND account_id = $2", [recId, account]))[0];
const gateOf = async (recId: string, gate: string, account = "large-100k") =>
  (await rows(db, "SELECT passed, code, detail FROM risk_gate_evaluations WHERE rec_id = $1::bigint AND account_id = $2 AND gate = $3", [recId, account, gate]))[0];

describe("dispatcher risk wiring", () => {
  it("without any position-manager heartbeat for the account it denies (fail closed), and the denial stays final once one appears", async () => {
    const h = await startSim();
    await db.query(`DELETE FROM service_heartbeats WHERE account = 'large-100k'`);
    // The other account's heartbeat must not stand in for this one's.
    await beatPositionManager(db, "tiny-1k");
    const run = dispatcher(h);
    const denied = await insertRec(db, { createdAt: at("09:59:30") });

    expect(await run(at("10:00"))).toMatchObject({ claimed: 1, skipped: 1, ordered: 0 });
    expect(await dispatchOf(denied)).toEqual({ status: "skipped", skip_code: "POSITION_MANAGER_DOWN" });
    expect(await gateOf(denied, "position_manager_alive")).toMatchObject({
      passed: false, code: "POSITION_MANAGER_DOWN", detail: { value: null, threshold: MAX_HEARTBEAT_AGE_S },
    });

    await beatPositionManager(db, "large-100k");
    const next = await insertRec(db, { symbol: "AAA", action: "BUY_PUT", createdAt: at("10:00:10") });
    const after = await run(at("10:00:30"));
    expect(after).toMatchObject({ claimed: 1, ordered: 1 });
    expect(await dispatchOf(denied)).toEqual({ status: "skipped", skip_code: "POSITION_MANAGER_DOWN" });
    expect(await dispatchOf(next)).toEqual({ status: "ordered", skip_code: null });
    expect(count(h, "POST /v2/orders")).toBe(1);
  });

  it("a heartbeat older than the limit denies, with its age stored as the measured value", async () => {
    const h = await startSim();
    await beatPositionManager(db, "large-100k", MAX_HEARTBEAT_AGE_S + 60);
    const recId = await insertRec(db, { createdAt: at("09:59:30") });
    await dispatcher(h)(at("10:00"));
    const gate = await gateOf(recId, "position_manager_alive");
    expect(gate).toMatchObject({ passed: false, code: "POSITION_MANAGER_DOWN", detail: { threshold: MAX_HEARTBEAT_AGE_S } });
    expect(Number((gate?.detail as { value: number }).value)).toBeGreaterThanOrEqual(MAX_HEARTBEAT_AGE_S + 60);
  });

  it("an account in REDUCING places no new entry while the other account still trades", async () => {
    const h = await startSim();
    await db.query(`UPDATE risk_state SET mode = 'REDUCING', mode_reason = 'daily loss limit' WHERE account_id = 'large-100k'`);
    try {
      const recId = await insertRec(db, { createdAt: at("09:59:30") });
      await dispatcher(h)(at("10:00"));
      await dispatcher(h, "tiny-1k")(at("10:00"));
      expect(await dispatchOf(recId)).toEqual({ status: "skipped", skip_code: "TRADING_REDUCING" });
      expect(await gateOf(recId, "trading_enabled")).toMatchObject({ passed: false, detail: { value: "REDUCING", threshold: "ACTIVE" } });
      expect((await dispatchOf(recId, "tiny-1k"))?.skip_code).not.toBe("TRADING_REDUCING");
    } finally {
      await db.query(`UPDATE risk_state SET mode = 'ACTIVE' WHERE account_id = 'large-100k'`);
    }
  });

  it("an active lock on the rec's symbol denies it; expired locks and the other account's locks do not", async () => {
    const h = await startSim();
    const lock = (account: string, symbol: string | null, from: string, until: string) =>
      db.query(`INSERT INTO risk_locks (account_id, symbol, reason, locked_at, locked_until) VALUES ($1, $2, 'losing_exit', $3, $4)`, [
        account, symbol, at(from).toISOString(), at(until).toISOString(),
      ]);
    await lock("large-100k", "AAA", "09:30", "09:55");
    await lock("tiny-1k", null, "09:30", "11:00");
    const passes = await insertRec(db, { createdAt: at("09:59:30") });
    expect(await dispatcher(h)(at("10:00"))).toMatchObject({ ordered: 1 });
    expect(await gateOf(passes, "risk_locks")).toMatchObject({ passed: true, code: null });

    await lock("large-100k", "AAA", "10:00", "10:30");
    const locked = await insertRec(db, { action: "BUY_PUT", createdAt: at("10:00:40") });
    await dispatcher(h)(at("10:01"));
    expect(await dispatchOf(locked)).toEqual({ status: "skipped", skip_code: "SYMBOL_LOCKED" });
    expect(await dispatchOf(locked, "tiny-1k")).toBeUndefined();
  });

  it("stores each passing gate's measured value and threshold, the exposure including the entry's own notional", async () => {
    const h = await startSim();
    const recId = await insertRec(db, { createdAt: at("09:59:30") });
    await dispatcher(h)(at("10:00"));
    expect(await dispatchOf(recId)).toMatchObject({ status: "ordered" });
    const exposure = await gateOf(recId, "max_exposure");
    const [order] = await rows(db, "SELECT qty, limit_price FROM orders WHERE rec_id = $1::bigint", [recId]);
    expect(exposure).toMatchObject({ passed: true, detail: { threshold: DEFAULT_ACCOUNT_RISK["large-100k"].maxExposureUsd } });
    expect(Number((exposure?.detail as { value: number }).value)).toBeCloseTo(Number(order?.qty) * Number(order?.limit_price) * 100, 6);
    const heartbeat = await gateOf(recId, "position_manager_alive");
    expect((heartbeat?.detail as { value: number }).value).toBeLessThan(MAX_HEARTBEAT_AGE_S);
  });
});
