// Exit orders: the exact held instrument, never more than held, sell_to_close for options, one live
// exit per position, and numbered retries (seed 21, 22, 24).
import { deterministicClientOrderId } from "@ops/broker-alpaca";
import type { Broker } from "@ops/broker-alpaca";
import type { Db } from "@ops/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelOrder, settleOpenOrders, submitExitOrder } from "../src/index.js";
import type { ExecutionDeps } from "../src/index.js";
import { freshDb } from "./helpers/db.js";
import { holdCalls } from "./helpers/held-option.js";
import { captureLogger } from "./helpers/log.js";
import { fillRows, insertPosition, orderRows } from "./helpers/rows.js";
import { AAA_CALL, at, count, startSim } from "./helpers/sim.js";

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => {
  await db.close();
});

const deps = (broker: Broker): ExecutionDeps => ({ db, broker, logger: captureLogger() });

describe("submitExitOrder", () => {
  it("closing an option sells exactly the held contract with sell_to_close and never creates an equity order", async () => {
    const h = await startSim();
    const d = deps(h.broker("large-100k"));
    const positionId = await holdCalls(db, h, d, "large-100k", 2);

    const result = await submitExitOrder(d, { account: "large-100k", positionId, reason: "option_profit_target", now: at("10:03") });
    h.advanceTo("10:05");
    await settleOpenOrders(d, "large-100k", at("10:05"), { purpose: "exit" });

    expect(result).toMatchObject({ kind: "accepted", attempt: 1, clientOrderId: deterministicClientOrderId({ positionId, account: "large-100k", purpose: "exit", attempt: 1 }) });
    const [exit] = await orderRows(db, "position_id = $1::bigint", [positionId]);
    expect(exit).toMatchObject({ symbol: AAA_CALL, side: "sell", position_intent: "sell_to_close", purpose: "exit", status: "filled" });
    expect(Number(exit?.qty)).toBe(2);
    const simOrders = h.sim.broker.orders("large-100k");
    expect(simOrders.some((o) => o.symbol === "AAA")).toBe(false);
    expect(h.sim.broker.positions("large-100k", at("10:05"))).toHaveLength(0);
    const fills = await fillRows(db, String(exit?.order_id));
    expect(fills.map((f) => f.side)).toEqual(fills.map(() => "sell"));
    expect(fills.reduce((s, f) => s + Number(f.qty), 0)).toBe(2);
  });

  it("refuses to sell more than the position holds without calling the broker", async () => {
    const h = await startSim();
    const d = deps(h.broker("large-100k"));
    const positionId = await insertPosition(db, { account: "large-100k", symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 1, avgEntryPrice: 2, openedAt: at("09:45"), status: "closed" });
    const openId = await insertPosition(db, { account: "tiny-1k", symbol: AAA_CALL, underlying: "AAA", instrumentType: "CALL", qty: 1, avgEntryPrice: 2, openedAt: at("09:45") });

    const tooMany = await submitExitOrder(deps(h.broker("tiny-1k")), { account: "tiny-1k", positionId: openId, qty: 2, reason: "stop_loss", now: at("10:03") });
    const closed = await submitExitOrder(d, { account: "large-100k", positionId, reason: "stop_loss", now: at("10:03") });
    const otherAccount = await submitExitOrder(d, { account: "large-100k", positionId: openId, reason: "stop_loss", now: at("10:03") });
    const missing = await submitExitOrder(d, { account: "large-100k", positionId: "999999", reason: "stop_loss", now: at("10:03") });

    expect(tooMany).toMatchObject({ kind: "refused", code: "QTY_EXCEEDS_HELD" });
    expect(closed).toMatchObject({ kind: "refused", code: "POSITION_CLOSED" });
    expect(otherAccount).toMatchObject({ kind: "refused", code: "ACCOUNT_MISMATCH" });
    expect(missing).toMatchObject({ kind: "refused", code: "POSITION_NOT_FOUND" });
    expect(count(h, "POST /v2/orders")).toBe(0);
  });

  it("allows one live exit per position, and after a cancel the retry gets attempt 2 and a new client order id", async () => {
    const h = await startSim();
    const d = deps(h.broker("large-100k"));
    const positionId = await holdCalls(db, h, d, "large-100k", 1);

    // A sell limit far above the bid rests at the broker.
    const resting = await submitExitOrder(d, { account: "large-100k", positionId, reason: "take_profit", orderType: "limit", limitPrice: 5, now: at("10:03") });
    const second = await submitExitOrder(d, { account: "large-100k", positionId, reason: "stop_loss", now: at("10:03") });
    expect(resting.kind).toBe("accepted");
    expect(second).toMatchObject({ kind: "refused", code: "LIVE_EXIT_EXISTS" });

    if (resting.kind !== "accepted") return;
    expect(await cancelOrder(d, { account: "large-100k", orderId: resting.orderId, now: at("10:04") })).toBe("canceled");
    const retry = await submitExitOrder(d, { account: "large-100k", positionId, reason: "stop_loss", now: at("10:04") });

    expect(retry).toMatchObject({ kind: "accepted", attempt: 2 });
    expect(retry.kind === "accepted" && retry.clientOrderId).not.toBe(resting.clientOrderId);
    const rows = await orderRows(db, "position_id = $1::bigint", [positionId]);
    expect(rows.map((r) => [Number(r.attempt), r.status === "canceled"])).toEqual([[1, true], [2, false]]);
  });

  it("numbers a retry after a rejected exit and never reuses the rejected client order id", async () => {
    const h = await startSim();
    const d = deps(h.broker("large-100k"));
    const positionId = await holdCalls(db, h, d, "large-100k", 1);
    h.sim.setFaults({ rejectRate: 1 });
    const rejected = await submitExitOrder(d, { account: "large-100k", positionId, reason: "stop_loss", now: at("10:03") });
    h.sim.setFaults({ rejectRate: 0 });
    const retry = await submitExitOrder(d, { account: "large-100k", positionId, reason: "stop_loss", now: at("10:04") });

    expect(rejected).toMatchObject({ kind: "rejected", attempt: 1 });
    expect(retry).toMatchObject({ kind: "accepted", attempt: 2 });
    expect(retry.kind === "accepted" && retry.clientOrderId).toBe(deterministicClientOrderId({ positionId, account: "large-100k", purpose: "exit", attempt: 2 }));
  });
});
