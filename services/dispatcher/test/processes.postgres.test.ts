// Real PostgreSQL + the simulator + real processes started at the same moment: two dispatcher processes
// of one account (a rolling deploy) place one order per recommendation — the lease makes the second wait
// and then find nothing left to do — while the other account's process acts on the same recommendations
// with its own order, sized for its own account.
import { deterministicClientOrderId } from "@ops/broker-alpaca";
import { describeWithPostgres, freshPostgresDb } from "@ops/core/testing";
import type { FreshPostgresDb } from "@ops/core/testing";
import type { AccountId } from "@ops/trading";
import { afterEach, beforeEach, expect, it } from "vitest";
import { cycleCounts, runDispatcherProcess, simProcessEnv } from "./helpers/process.js";
import { at, startSim } from "./helpers/sim.js";
import { enableTrading, insertRec, rows, seedMarket } from "./helpers/world.js";

describeWithPostgres("dispatcher processes side by side", (adminUrl) => {
  let fresh: FreshPostgresDb;
  beforeEach(async () => {
    fresh = await freshPostgresDb(adminUrl);
    await seedMarket(fresh.db, "AAA", at("10:00"), 10);
    await enableTrading(fresh.db, "large-100k");
    await enableTrading(fresh.db, "tiny-1k");
  });
  afterEach(async () => {
    await fresh.cleanup();
  });

  it("two processes of one account place one order per recommendation; the other account places its own", async () => {
    const h = await startSim();
    const call = await insertRec(fresh.db, { action: "BUY_CALL", confidence: 0.9, createdAt: at("09:59:30") });
    const put = await insertRec(fresh.db, { action: "BUY_PUT", confidence: 0.85, createdAt: at("09:59:40") });
    const start = (account: AccountId, instance: string) =>
      // No ticker cooldown, so the call and the put on AAA are both entered.
      runDispatcherProcess(simProcessEnv({ account, databaseUrl: fresh.url, simUrl: h.sim.url, instance, extra: { OPS_RISK_SYMBOL_COOLDOWN_MINUTES: "0" } }));

    const results = await Promise.all([start("large-100k", "large-a"), start("large-100k", "large-b"), start("tiny-1k", "tiny-a")]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);

    const largeCycles = [...cycleCounts(results[0]?.stdout ?? ""), ...cycleCounts(results[1]?.stdout ?? "")];
    expect(largeCycles.reduce((n, c) => n + (c.claimed ?? 0), 0)).toBe(2);
    const expected = (account: AccountId) =>
      [call, put].map((recId) => deterministicClientOrderId({ recId, account, purpose: "entry", attempt: 1 })).sort();
    expect(h.sim.broker.orders("large-100k").map((o) => o.clientOrderId).sort()).toEqual(expected("large-100k"));
    expect(h.sim.broker.orders("tiny-1k").map((o) => o.clientOrderId).sort()).toEqual(expected("tiny-1k"));

    const orders = await rows(fresh.db, "SELECT account_id, rec_id::text AS rec_id, qty, status, broker_order_id FROM orders ORDER BY account_id, rec_id");
    expect(orders).toHaveLength(4);
    expect(orders.every((o) => o.status === "accepted" && o.broker_order_id !== null)).toBe(true);
    // Each sized for its own account: the tiny account's contracts are fewer than the large one's.
    for (const recId of [call, put]) {
      const large = orders.find((o) => o.account_id === "large-100k" && o.rec_id === recId);
      const tiny = orders.find((o) => o.account_id === "tiny-1k" && o.rec_id === recId);
      expect(Number(tiny?.qty)).toBeGreaterThanOrEqual(1);
      expect(Number(tiny?.qty)).toBeLessThan(Number(large?.qty));
    }
  }, 60_000);
});
