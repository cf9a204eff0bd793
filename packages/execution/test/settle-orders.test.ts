// Settling after crashes and lost answers: a committed row is resolved from the broker by its
// client_order_id, never by a second POST; a row the broker never received is rejected only after
// the grace period (clock time), and a late broker answer still wins.
import { FakeBroker, deterministicClientOrderId } from "@ops/broker-alpaca";
import type { Db } from "@ops/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settleOpenOrders } from "../src/index.js";
import { insertPendingOrder } from "../src/order-queries.js";
import type { OrderSpec } from "../src/order-spec.js";
import { freshDb } from "./helpers/db.js";
import { captureLogger } from "./helpers/log.js";
import { insertRec, orderRows } from "./helpers/rows.js";
import { AAA_CALL, at, count, startSim } from "./helpers/sim.js";

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => {
  await db.close();
});

function callSpec(recId: string): OrderSpec {
  return {
    account: "large-100k", recId, positionId: null, purpose: "entry", attempt: 1, symbol: AAA_CALL, underlying: "AAA",
    instrumentType: "CALL", side: "buy", positionIntent: "buy_to_open", qty: 1, orderType: "limit", limitPrice: 2.15,
    timeInForce: "day", detail: {},
  };
}

/** What a process leaves behind when it dies right after committing the row: no POST was sent. */
async function pendingRow(recId: string, now: Date): Promise<string> {
  const clientOrderId = deterministicClientOrderId({ recId, account: "large-100k", purpose: "entry", attempt: 1 });
  return db.transaction(async (tx) => (await insertPendingOrder(tx, callSpec(recId), clientOrderId, now)).clientOrderId);
}

describe("settleOpenOrders", () => {
  it("a restart after the commit but before the POST rejects the row as not_at_broker only after the grace period, and never posts", async () => {
    const h = await startSim();
    const d = { db, broker: h.broker("large-100k"), logger: captureLogger(), unresolvedGraceS: 60 };
    const recId = await insertRec(db, "AAA", "BUY_CALL", at("09:59"));
    await pendingRow(recId, at("10:00"));

    const early = await settleOpenOrders(d, "large-100k", new Date(at("10:00").getTime() + 30_000));
    expect((await orderRows(db, "rec_id = $1::bigint", [recId]))[0]?.status).toBe("pending_submit");
    const late = await settleOpenOrders(d, "large-100k", new Date(at("10:00").getTime() + 61_000));
    const [row] = await orderRows(db, "rec_id = $1::bigint", [recId]);

    expect(early.notAtBroker).toBe(0);
    expect(late.notAtBroker).toBe(1);
    expect(row).toMatchObject({ status: "rejected", last_error: "not_at_broker" });
    expect(count(h, "POST /v2/orders")).toBe(0);
    expect(count(h, "GET /v2/orders:by_client_order_id")).toBe(2);
  });

  it("a restart after the POST but before recording it adopts the broker's order", async () => {
    const h = await startSim();
    const broker = h.broker("large-100k");
    const d = { db, broker, logger: captureLogger() };
    const recId = await insertRec(db, "AAA", "BUY_CALL", at("09:59"));
    const clientOrderId = await pendingRow(recId, at("10:00"));
    const posted = await broker.submitOrder({ clientOrderId, symbol: AAA_CALL, qty: 1, side: "buy", type: "limit", limitPrice: 2.15, timeInForce: "day" });

    await settleOpenOrders(d, "large-100k", at("10:00"));
    const [row] = await orderRows(db, "rec_id = $1::bigint", [recId]);
    expect(posted.kind).toBe("accepted");
    expect(row?.status).toBe("accepted");
    expect(row?.broker_order_id).toBe(posted.kind === "accepted" ? posted.order.id : "none");
    expect(row?.submitted_at).not.toBeNull();
  });

  it("an order declared not_at_broker that later appears at the broker follows the broker", async () => {
    const h = await startSim();
    const broker = h.broker("large-100k");
    const d = { db, broker, logger: captureLogger(), unresolvedGraceS: 60 };
    const recId = await insertRec(db, "AAA", "BUY_CALL", at("09:59"));
    const clientOrderId = await pendingRow(recId, at("10:00"));
    await settleOpenOrders(d, "large-100k", at("10:02"));
    expect((await orderRows(db, "rec_id = $1::bigint", [recId]))[0]?.status).toBe("rejected");

    await broker.submitOrder({ clientOrderId, symbol: AAA_CALL, qty: 1, side: "buy", type: "limit", limitPrice: 2.15, timeInForce: "day" });
    await settleOpenOrders(d, "large-100k", at("10:03"));
    const [row] = await orderRows(db, "rec_id = $1::bigint", [recId]);
    expect(row?.status).toBe("accepted");
    expect(String(row?.last_error)).toContain("later found at broker");
  });

  it("settles only the purpose it is asked for", async () => {
    const h = await startSim();
    const d = { db, broker: h.broker("large-100k"), logger: captureLogger(), unresolvedGraceS: 1 };
    const recId = await insertRec(db, "AAA", "BUY_CALL", at("09:59"));
    await pendingRow(recId, at("10:00"));
    const summary = await settleOpenOrders(d, "large-100k", at("10:05"), { purpose: "exit" });
    expect(summary.checked).toBe(0);
    expect((await orderRows(db, "rec_id = $1::bigint", [recId]))[0]?.status).toBe("pending_submit");
  });

  it("a failing broker lookup is counted and logged, leaves the row alone and does not throw", async () => {
    const broker = new FakeBroker({ account: "large-100k", now: () => at("10:00") });
    broker.getOrderByClientOrderId = () => Promise.reject(new Error("socket hang up"));
    const logger = captureLogger();
    const recId = await insertRec(db, "AAA", "BUY_CALL", at("09:59"));
    await pendingRow(recId, at("10:00"));

    const summary = await settleOpenOrders({ db, broker, logger, unresolvedGraceS: 1 }, "large-100k", at("10:10"), { purpose: "entry" });
    expect(summary.errors).toBeGreaterThanOrEqual(1);
    expect(logger.events()).toContain("order.lookup_failed");
    expect((await orderRows(db, "rec_id = $1::bigint", [recId]))[0]?.status).toBe("pending_submit");
  });
});
