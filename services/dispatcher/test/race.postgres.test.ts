// Real PostgreSQL: two dispatcher instances of one account racing on the same recommendations (separate
// connections, cycles run concurrently) place exactly one order per recommendation and never two
// entries on one underlying and type; the two accounts each get their own claim (seed 32).
import { openDb } from "@ops/core";
import type { Db } from "@ops/core";
import { describeWithPostgres, freshPostgresDb } from "@ops/core/testing";
import type { FreshPostgresDb } from "@ops/core/testing";
import type { AccountId } from "@ops/trading";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createDispatcherCycle, defaultDispatcherSettings } from "../src/index.js";
import type { DispatcherSettings } from "../src/index.js";
import { at, startSim } from "./helpers/sim.js";
import type { SimHarness } from "./helpers/sim.js";
import { captureLogs, cycleContext, enableTrading, insertRec, rows, seedMarket } from "./helpers/world.js";

describeWithPostgres("dispatcher on PostgreSQL", (adminUrl) => {
  let fresh: FreshPostgresDb;
  let second: Db;
  beforeEach(async () => {
    fresh = await freshPostgresDb(adminUrl);
    second = await openDb(fresh.url);
    await seedMarket(fresh.db, "AAA", at("10:00"), 10);
    await enableTrading(fresh.db, "large-100k");
    await enableTrading(fresh.db, "tiny-1k");
  });
  afterEach(async () => {
    await second.close();
    await fresh.cleanup();
  });

  function cycleOn(db: Db, h: SimHarness, account: AccountId, instance: string, settings: Partial<DispatcherSettings> = {}) {
    const logs = captureLogs(account);
    const config = { ...defaultDispatcherSettings(account, instance), ...settings };
    const cycle = createDispatcherCycle({ db, clock: h.clock, logger: logs.logger, broker: h.broker(account), account, config });
    return (now: Date) => cycle(cycleContext(now, logs.logger));
  }

  it("two instances of one account racing on the same recommendations place exactly one order per recommendation", async () => {
    const h = await startSim();
    const call = await insertRec(fresh.db, { action: "BUY_CALL", confidence: 0.9, createdAt: at("09:59:30") });
    const put = await insertRec(fresh.db, { action: "BUY_PUT", confidence: 0.85, createdAt: at("09:59:30") });
    const secondCall = await insertRec(fresh.db, { action: "BUY_CALL", confidence: 0.8, createdAt: at("09:59:40") });
    // One claim per cycle each, and no cooldown, so the two instances really split and race.
    const racing = { maxRecsPerCycle: 1, risk: { ...defaultDispatcherSettings("large-100k").risk, symbolCooldownMinutes: 0 } };
    const a = cycleOn(fresh.db, h, "large-100k", "instance-a", racing);
    const b = cycleOn(second, h, "large-100k", "instance-b", racing);

    // A claim lost to the other instance leaves that instance without one this round, so run three.
    const results = [];
    for (const t of ["10:00:00", "10:00:20", "10:00:40"]) results.push(...(await Promise.all([a(at(t)), b(at(t))])));
    const claims = results.map((c) => c.claimed);

    const orders = await rows(fresh.db, "SELECT rec_id::text AS rec_id, symbol, client_order_id FROM orders ORDER BY rec_id");
    const dispatches = await rows(fresh.db, "SELECT rec_id::text AS rec_id, status, skip_code FROM recommendation_dispatches WHERE account_id = 'large-100k' ORDER BY rec_id");
    expect(claims.reduce((x, y) => x + y, 0)).toBe(3);
    expect(orders.map((o) => o.rec_id)).toEqual([call, put]);
    expect(dispatches).toEqual([
      { rec_id: call, status: "ordered", skip_code: null },
      { rec_id: put, status: "ordered", skip_code: null },
      { rec_id: secondCall, status: "skipped", skip_code: "DUPLICATE_POSITION" },
    ]);
    const atSim = h.sim.broker.orders("large-100k").map((o) => o.clientOrderId).sort();
    expect(atSim).toEqual(orders.map((o) => String(o.client_order_id)).sort());
  });

  it("two instances holding different claims on the same underlying and type never both place an entry", async () => {
    const h = await startSim();
    const first = await insertRec(fresh.db, { action: "BUY_CALL", confidence: 0.9, createdAt: at("09:59:30") });
    const other = await insertRec(fresh.db, { action: "BUY_CALL", confidence: 0.8, createdAt: at("09:59:40") });
    // Each instance already holds one claim (as after a lease hand-over), so both decide at once.
    for (const [recId, instance] of [[first, "instance-a"], [other, "instance-b"]] as const) {
      await fresh.db.query(
        "INSERT INTO recommendation_dispatches (rec_id, account_id, status, claimed_by, claimed_at) VALUES ($1::bigint, 'large-100k', 'claimed', $2, $3)",
        [recId, instance, at("09:59:50").toISOString()],
      );
    }
    const noCooldown = { risk: { ...defaultDispatcherSettings("large-100k").risk, symbolCooldownMinutes: 0 } };
    const a = cycleOn(fresh.db, h, "large-100k", "instance-a", noCooldown);
    const b = cycleOn(second, h, "large-100k", "instance-b", noCooldown);

    await Promise.all([a(at("10:00")), b(at("10:00"))]);

    const dispatches = await rows(fresh.db, "SELECT status, skip_code FROM recommendation_dispatches ORDER BY status");
    expect(dispatches).toEqual([{ status: "ordered", skip_code: null }, { status: "skipped", skip_code: "DUPLICATE_POSITION" }]);
    expect(await rows(fresh.db, "SELECT order_id FROM orders")).toHaveLength(1);
    expect(h.sim.broker.orders("large-100k")).toHaveLength(1);
  });

  it("both accounts claim and act on the same recommendation independently", async () => {
    const h = await startSim();
    const recId = await insertRec(fresh.db, { createdAt: at("09:59:30") });
    const large = cycleOn(fresh.db, h, "large-100k", "large-1");
    const tiny = cycleOn(second, h, "tiny-1k", "tiny-1");

    const [cl, ct] = await Promise.all([large(at("10:00")), tiny(at("10:00"))]);

    expect([cl.claimed, ct.claimed]).toEqual([1, 1]);
    const dispatches = await rows(fresh.db, "SELECT account_id, status FROM recommendation_dispatches WHERE rec_id = $1::bigint ORDER BY account_id", [recId]);
    expect(dispatches).toEqual([{ account_id: "large-100k", status: "ordered" }, { account_id: "tiny-1k", status: "ordered" }]);
    expect(h.sim.broker.orders("large-100k")).toHaveLength(1);
    expect(h.sim.broker.orders("tiny-1k")).toHaveLength(1);
    const tinyOrder = (await rows(fresh.db, "SELECT qty FROM orders WHERE account_id = 'tiny-1k'"))[0];
    expect(Number(tinyOrder?.qty)).toBe(1);
  });
});
