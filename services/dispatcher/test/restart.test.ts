// A dispatcher that died between committing the order row and sending the POST: the next cycle settles
// the row by client_order_id (adopting the order if the POST did go out, rejecting it as not_at_broker
// after the grace period if not) and never sends the order itself.
import { deterministicClientOrderId } from "@ops/broker-alpaca";
import { describe, expect, it } from "vitest";
import { createDispatcherCycle, defaultDispatcherSettings } from "../src/index.js";
import { CALL_1DTE, at, count, startSim } from "./helpers/sim.js";
import type { SimHarness } from "./helpers/sim.js";
import { captureLogs, cycleContext, insertRec, rows } from "./helpers/world.js";
import { useDispatcherDb } from "./helpers/dispatcher-db.js";

const db = useDispatcherDb({ enable: ["large-100k"] });

/** Exactly what the dying process had committed: its claim decided 'ordered' and the pending_submit row. */
async function leftBehind(recId: string, now: Date): Promise<string> {
  const clientOrderId = deterministicClientOrderId({ recId, account: "large-100k", purpose: "entry", attempt: 1 });
  await db.query(
    `INSERT INTO recommendation_dispatches (rec_id, account_id, status, claimed_by, claimed_at, decided_at) VALUES ($1::bigint, 'large-100k', 'ordered', 'dead-instance', $2, $2)`,
    [recId, now.toISOString()],
  );
  await db.query(
    `INSERT INTO orders (client_order_id, account_id, rec_id, purpose, attempt, symbol, underlying, instrument_type, side, position_intent, qty, order_type, limit_price, status, created_at, updated_at)
     VALUES ($1, 'large-100k', $2::bigint, 'entry', 1, $3, 'AAA', 'CALL', 'buy', 'buy_to_open', 2, 'limit', 2.15, 'pending_submit', $4, $4)`,
    [clientOrderId, recId, CALL_1DTE, now.toISOString()],
  );
  return clientOrderId;
}

function dispatcher(h: SimHarness) {
  const logs = captureLogs("large-100k");
  const cycle = createDispatcherCycle({
    db, clock: h.clock, logger: logs.logger, broker: h.broker("large-100k"), account: "large-100k",
    config: { ...defaultDispatcherSettings("large-100k", "restarted"), unresolvedGraceS: 60 },
  });
  return (now: Date) => cycle(cycleContext(now, logs.logger));
}

describe("dispatcher restart mid-cycle", () => {
  it("a row committed but never posted is rejected as not_at_broker after the grace period and is never posted", async () => {
    const h = await startSim();
    const run = dispatcher(h);
    const recId = await insertRec(db, { createdAt: at("09:59:30") });
    await leftBehind(recId, at("10:00"));

    const withinGrace = await run(new Date(at("10:00").getTime() + 30_000));
    expect((await rows(db, "SELECT status FROM orders WHERE rec_id = $1::bigint", [recId]))[0]?.status).toBe("pending_submit");
    const afterGrace = await run(new Date(at("10:00").getTime() + 90_000));

    expect(withinGrace).toMatchObject({ not_at_broker: 0, claimed: 0 });
    expect(afterGrace).toMatchObject({ not_at_broker: 1, claimed: 0 });
    expect(await rows(db, "SELECT status, last_error FROM orders WHERE rec_id = $1::bigint", [recId])).toEqual([{ status: "rejected", last_error: "not_at_broker" }]);
    expect(count(h, "POST /v2/orders")).toBe(0);
    expect(h.sim.broker.orders("large-100k")).toHaveLength(0);
  });

  it("a row whose POST did reach the broker before the crash is adopted, not resent", async () => {
    const h = await startSim();
    const run = dispatcher(h);
    const recId = await insertRec(db, { createdAt: at("09:59:30") });
    const clientOrderId = await leftBehind(recId, at("10:00"));
    const posted = await h.broker("large-100k").submitOrder({ clientOrderId, symbol: CALL_1DTE, qty: 2, side: "buy", type: "limit", limitPrice: 2.15, timeInForce: "day" });

    const counts = await run(at("10:00"));
    expect(counts.settle_updated).toBe(1);
    const [row] = await rows(db, "SELECT status, broker_order_id FROM orders WHERE rec_id = $1::bigint", [recId]);
    expect(row).toEqual({ status: "accepted", broker_order_id: posted.kind === "accepted" ? posted.order.id : "?" });
    expect(count(h, "POST /v2/orders")).toBe(1);
  });

  it("a claim left undecided by a dead process is closed as failed after the abandon window", async () => {
    const h = await startSim();
    const run = dispatcher(h);
    const recId = await insertRec(db, { createdAt: at("09:50") });
    await db.query(
      `INSERT INTO recommendation_dispatches (rec_id, account_id, status, claimed_by, claimed_at) VALUES ($1::bigint, 'large-100k', 'claimed', 'dead-instance', $2)`,
      [recId, at("09:50").toISOString()],
    );
    const counts = await run(at("10:00"));
    expect(counts.abandoned).toBe(1);
    expect((await rows(db, "SELECT status, skip_code FROM recommendation_dispatches WHERE rec_id = $1::bigint", [recId]))[0]).toEqual({ status: "failed", skip_code: "CLAIM_ABANDONED" });
  });
});
