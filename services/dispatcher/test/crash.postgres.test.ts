// Real PostgreSQL + the simulator + real processes: a dispatcher SIGKILLed at each point of an entry
// (after the intent commit, after the POST, after the broker's fill) and then restarted as a NEW
// instance never sends a second order for the (rec, account), and ends with the row matching the broker.
// The kill comes from the process itself (OPS_TEST_CRASH_AT), so it lands exactly at the point.
import { deterministicClientOrderId } from "@ops/broker-alpaca";
import { describeWithPostgres, freshPostgresDb } from "@ops/core/testing";
import type { FreshPostgresDb } from "@ops/core/testing";
import { afterEach, beforeEach, expect, it } from "vitest";
import { cycleCounts, runDispatcherProcess, simProcessEnv } from "./helpers/process.js";
import { CALL_1DTE, at, startSim } from "./helpers/sim.js";
import type { SimHarness } from "./helpers/sim.js";
import { enableTrading, insertRec, rows, seedMarket } from "./helpers/world.js";

const TIMEOUT_MS = 60_000;

describeWithPostgres("dispatcher process killed mid-order, then restarted", (adminUrl) => {
  let fresh: FreshPostgresDb;
  let recId: string;
  let clientOrderId: string;
  let restarts = 0;
  beforeEach(async () => {
    fresh = await freshPostgresDb(adminUrl);
    await seedMarket(fresh.db, "AAA", at("10:00"), 10);
    await enableTrading(fresh.db, "large-100k");
    recId = await insertRec(fresh.db, { createdAt: at("09:59:30") });
    clientOrderId = deterministicClientOrderId({ recId, account: "large-100k", purpose: "entry", attempt: 1 });
  });
  afterEach(async () => {
    await fresh.cleanup();
  });

  /** One process, one cycle; a restart is a new instance that takes over once the dead one's lease expired. */
  async function runOnce(h: SimHarness, crashAt?: string) {
    restarts += 1;
    // The killed process cannot release its lease; time its TTL out instead of waiting for it.
    await fresh.db.query("UPDATE service_leases SET expires_at = now() WHERE service = 'dispatcher'");
    return runDispatcherProcess(
      simProcessEnv({
        account: "large-100k", databaseUrl: fresh.url, simUrl: h.sim.url, instance: `crash-test-${restarts}`,
        extra: crashAt !== undefined ? { OPS_TEST_CRASH_AT: crashAt } : {},
      }),
    );
  }

  const orderRows = () => rows(fresh.db, "SELECT order_id::text AS order_id, client_order_id, status, broker_order_id, last_error, qty, filled_qty FROM orders");
  const dispatchStatus = async () => (await rows(fresh.db, "SELECT status FROM recommendation_dispatches WHERE rec_id = $1::bigint", [recId]))[0]?.status;

  // Every order the simulator holds came from an accepted POST (a reused client_order_id is refused there),
  // so the simulator's order list is the count of orders sent across all the processes.
  it("killed after the intent commit: the restart never posts it and rejects it as not_at_broker after the grace period", async () => {
    const h = await startSim();
    const killed = await runOnce(h, "after_intent");
    expect(killed.signal, killed.stderr).toBe("SIGKILL");
    expect(await orderRows()).toMatchObject([{ client_order_id: clientOrderId, status: "pending_submit", broker_order_id: null }]);
    expect(await dispatchStatus()).toBe("ordered");

    const withinGrace = await runOnce(h);
    expect(withinGrace.code, withinGrace.stderr).toBe(0);
    expect((await orderRows())[0]?.status).toBe("pending_submit");

    h.advanceTo("10:02");
    const afterGrace = await runOnce(h);
    expect(afterGrace.code, afterGrace.stderr).toBe(0);
    expect(cycleCounts(afterGrace.stdout)[0]).toMatchObject({ not_at_broker: 1, claimed: 0, ordered: 0 });
    expect(await orderRows()).toMatchObject([{ status: "rejected", last_error: "not_at_broker" }]);
    expect(h.sim.broker.orders("large-100k")).toHaveLength(0);
  }, TIMEOUT_MS);

  it("killed after the POST: the restart adopts the broker's order by client_order_id instead of sending another", async () => {
    const h = await startSim();
    const killed = await runOnce(h, "after_post");
    expect(killed.signal, killed.stderr).toBe("SIGKILL");
    expect((await orderRows())[0]?.status).toBe("pending_submit");
    const [atSim] = h.sim.broker.orders("large-100k");
    expect(atSim?.clientOrderId).toBe(clientOrderId);

    const restarted = await runOnce(h);
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(cycleCounts(restarted.stdout)[0]).toMatchObject({ settle_updated: 1, claimed: 0, ordered: 0 });
    expect(await orderRows()).toMatchObject([{ client_order_id: clientOrderId, status: "accepted", broker_order_id: atSim?.id }]);
    expect(h.sim.broker.orders("large-100k")).toHaveLength(1);
  }, TIMEOUT_MS);

  it("killed after reading the broker's fill: the restart records the fill once and the row ends filled like the broker", async () => {
    const h = await startSim();
    expect((await runOnce(h, "after_post")).signal).toBe("SIGKILL");
    h.options.setQuote(CALL_1DTE, { bid: 2.05, ask: 2.15 });
    h.advanceTo("10:02");

    const killed = await runOnce(h, "after_fill");
    expect(killed.signal, killed.stderr).toBe("SIGKILL");
    // Nothing of the fill was written: the settle transaction never ran.
    expect(await rows(fresh.db, "SELECT fill_id FROM fills")).toEqual([]);

    const restarted = await runOnce(h);
    expect(restarted.code, restarted.stderr).toBe(0);
    const [row] = await orderRows();
    const [filledAtSim] = h.sim.broker.orders("large-100k");
    expect(filledAtSim?.status).toBe("filled");
    expect(row).toMatchObject({ status: "filled", broker_order_id: filledAtSim?.id });
    expect(Number(row?.filled_qty)).toBe(Number(row?.qty));
    const fills = await rows(fresh.db, "SELECT qty FROM fills WHERE order_id = $1::bigint", [String(row?.order_id)]);
    expect(fills.reduce((s, f) => s + Number(f.qty), 0)).toBe(Number(row?.qty));

    // A further restart changes nothing: no new order, no duplicate fill.
    await runOnce(h);
    expect(await rows(fresh.db, "SELECT qty FROM fills")).toHaveLength(fills.length);
    expect(h.sim.broker.orders("large-100k")).toHaveLength(1);
    expect(await dispatchStatus()).toBe("ordered");
  }, TIMEOUT_MS);
});
