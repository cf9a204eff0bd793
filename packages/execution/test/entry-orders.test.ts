// Entry orders against the real simulator over HTTP: the row is committed before the POST, the
// client_order_id is deterministic, and each of the broker's three outcomes lands in the row.
import { deterministicClientOrderId } from "@ops/broker-alpaca";
import type { Broker, SubmitOrderRequest } from "@ops/broker-alpaca";
import type { Db } from "@ops/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settleOpenOrders, submitEntryOrder } from "../src/index.js";
import type { ExecutionDeps } from "../src/index.js";
import { freshDb } from "./helpers/db.js";
import { captureLogger } from "./helpers/log.js";
import { fillRows, insertRec, orderRows } from "./helpers/rows.js";
import { AAA_CALL, at, count, startSim } from "./helpers/sim.js";

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => {
  await db.close();
});

function deps(broker: Broker): ExecutionDeps & { logger: ReturnType<typeof captureLogger> } {
  return { db, broker, logger: captureLogger() };
}

const callEntry = (recId: string, now: Date) => ({
  account: "large-100k" as const,
  recId,
  symbol: AAA_CALL,
  underlying: "AAA",
  instrumentType: "CALL" as const,
  qty: 2,
  limitPrice: 2.15,
  now,
});

describe("submitEntryOrder", () => {
  it("commits the pending_submit row before the POST and sends the deterministic client order id", async () => {
    const h = await startSim();
    const real = h.broker("large-100k");
    const seenAtPost: Record<string, unknown>[][] = [];
    // A broker that looks at the database at the moment of the POST, from a separate connection.
    const spying: Broker = Object.assign(Object.create(real) as Broker, {
      submitOrder: async (request: SubmitOrderRequest) => {
        seenAtPost.push(await orderRows(db, "client_order_id = $1", [request.clientOrderId]));
        return real.submitOrder(request);
      },
    });
    const recId = await insertRec(db, "AAA", "BUY_CALL", at("09:59"));
    const result = await submitEntryOrder(deps(spying), callEntry(recId, at("10:00")));

    const expectedId = deterministicClientOrderId({ recId, account: "large-100k", purpose: "entry", attempt: 1 });
    expect(result.kind).toBe("accepted");
    expect(seenAtPost).toHaveLength(1);
    expect(seenAtPost[0]?.[0]?.status).toBe("pending_submit");
    const [row] = await orderRows(db, "rec_id = $1::bigint", [recId]);
    expect(row?.client_order_id).toBe(expectedId);
    expect(row?.status).toBe("accepted");
    expect(row?.position_intent).toBe("buy_to_open");
    expect(row?.order_type).toBe("limit");
    expect(Number(row?.limit_price)).toBe(2.15);
    const atSim = h.sim.broker.orders("large-100k").filter((o) => o.clientOrderId === expectedId);
    expect(atSim).toHaveLength(1);
    expect(row?.broker_order_id).toBe(atSim[0]?.id);
  });

  it("records the fill from broker activities once, however often it is settled", async () => {
    const h = await startSim();
    const broker = h.broker("large-100k");
    const d = deps(broker);
    const recId = await insertRec(db, "AAA", "BUY_CALL", at("09:59"));
    const result = await submitEntryOrder(d, callEntry(recId, at("10:00")));
    expect(result.kind).toBe("accepted");

    h.options.setQuote(AAA_CALL, 2.05, 2.15);
    h.advanceTo("10:02");
    const first = await settleOpenOrders(d, "large-100k", at("10:02"), { purpose: "entry" });
    const second = await settleOpenOrders(d, "large-100k", at("10:03"), { purpose: "entry" });

    const [row] = await orderRows(db, "rec_id = $1::bigint", [recId]);
    expect(row?.status).toBe("filled");
    expect(Number(row?.filled_qty)).toBe(2);
    expect(Number(row?.filled_avg_price)).toBe(2.15);
    const fills = await fillRows(db, String(row?.order_id));
    expect(fills.reduce((sum, f) => sum + Number(f.qty), 0)).toBe(2);
    expect(fills.every((f) => f.symbol === AAA_CALL && f.side === "buy" && f.account_id === "large-100k")).toBe(true);
    const simFillIds = h.sim.broker.fills("large-100k").map((f) => f.id);
    expect(fills.map((f) => f.fill_id).every((id) => simFillIds.includes(String(id)))).toBe(true);
    expect(first.fillsInserted).toBe(fills.length);
    expect(second.fillsInserted).toBe(0);
  });

  it("marks a POST whose answer is lost as unresolved and settles it by client order id without a second POST", async () => {
    const h = await startSim();
    const broker = h.broker("large-100k");
    const d = deps(broker);
    const recId = await insertRec(db, "AAA", "BUY_CALL", at("09:59"));
    h.sim.setFaults({ timeoutAfterAcceptRate: 1 });
    const result = await submitEntryOrder(d, callEntry(recId, at("10:00")));
    expect(result.kind).toBe("unresolved");
    const [pending] = await orderRows(db, "rec_id = $1::bigint", [recId]);
    expect(pending?.status).toBe("unresolved");
    expect(pending?.submitted_at).not.toBeNull();

    h.sim.setFaults({ timeoutAfterAcceptRate: 0 });
    const summary = await settleOpenOrders(d, "large-100k", at("10:00"));
    const [settled] = await orderRows(db, "rec_id = $1::bigint", [recId]);
    expect(summary.updated).toBe(1);
    expect(settled?.status).toBe("accepted");
    expect(settled?.broker_order_id).toBe(h.sim.broker.orders("large-100k")[0]?.id);
    expect(count(h, "POST /v2/orders")).toBe(1);
    expect(h.sim.broker.orders("large-100k")).toHaveLength(1);
  });

  it("stores a broker rejection with its reason and never resubmits it", async () => {
    const h = await startSim();
    const d = deps(h.broker("large-100k"));
    const recId = await insertRec(db, "AAA", "BUY_CALL", at("09:59"));
    h.sim.setFaults({ rejectRate: 1 });
    const result = await submitEntryOrder(d, callEntry(recId, at("10:00")));
    h.sim.setFaults({ rejectRate: 0 });
    await settleOpenOrders(d, "large-100k", at("10:05"));

    expect(result.kind).toBe("rejected");
    const [row] = await orderRows(db, "rec_id = $1::bigint", [recId]);
    expect(row?.status).toBe("rejected");
    expect(String(row?.last_error)).toMatch(/^4\d\d: /);
    expect(count(h, "POST /v2/orders")).toBe(1);
    expect(h.sim.broker.orders("large-100k")).toHaveLength(0);
  });

  it("refuses a second entry for the same recommendation and account without calling the broker", async () => {
    const h = await startSim();
    const d = deps(h.broker("large-100k"));
    const recId = await insertRec(db, "AAA", "BUY_CALL", at("09:59"));
    const first = await submitEntryOrder(d, callEntry(recId, at("10:00")));
    const second = await submitEntryOrder(d, { ...callEntry(recId, at("10:00")), qty: 1 });

    expect(first.kind).toBe("accepted");
    expect(second).toMatchObject({ kind: "refused", code: "DUPLICATE_ORDER" });
    expect(count(h, "POST /v2/orders")).toBe(1);
    expect(await orderRows(db, "rec_id = $1::bigint", [recId])).toHaveLength(1);
  });

  it("refuses an order for another account's broker, an off-tick price or an option without its OCC symbol", async () => {
    const h = await startSim();
    const recId = await insertRec(db, "AAA", "BUY_CALL", at("09:59"));
    const tiny = deps(h.broker("tiny-1k"));
    const large = deps(h.broker("large-100k"));

    const wrongBroker = await submitEntryOrder(tiny, callEntry(recId, at("10:00")));
    const offTick = await submitEntryOrder(large, { ...callEntry(recId, at("10:00")), limitPrice: 2.13 });
    const underlyingAsOption = await submitEntryOrder(large, { ...callEntry(recId, at("10:00")), symbol: "AAA" });

    expect(wrongBroker).toMatchObject({ kind: "refused", code: "ACCOUNT_MISMATCH" });
    expect(offTick).toMatchObject({ kind: "refused", code: "INVALID_ORDER" });
    expect(underlyingAsOption).toMatchObject({ kind: "refused", code: "INVALID_ORDER" });
    expect(count(h, "POST /v2/orders")).toBe(0);
    expect(await orderRows(db, "rec_id = $1::bigint", [recId])).toHaveLength(0);
  });

  it("rolls back the order row when the caller's own write in the same transaction fails", async () => {
    const h = await startSim();
    const d = deps(h.broker("large-100k"));
    const recId = await insertRec(db, "AAA", "BUY_CALL", at("09:59"));
    await expect(
      submitEntryOrder(d, {
        ...callEntry(recId, at("10:00")),
        withinTransaction: async () => {
          throw new Error("dispatch row was claimed by someone else");
        },
      }),
    ).rejects.toThrow(/claimed by someone else/);
    expect(await orderRows(db, "rec_id = $1::bigint", [recId])).toHaveLength(0);
    expect(count(h, "POST /v2/orders")).toBe(0);
  });

  it("keeps a completed POST as accepted when recording it fails, and the next settle repairs the row", async () => {
    const h = await startSim();
    const broker = h.broker("large-100k");
    let failUpdates = true;
    // The first transaction (insert) works; the bookkeeping transaction after the POST fails.
    let transactions = 0;
    const flaky: Db = {
      ...db,
      kind: db.kind,
      query: (sql, params) => db.query(sql, params),
      transaction: (fn) => {
        transactions += 1;
        if (failUpdates && transactions === 2) return Promise.reject(new Error("connection reset"));
        return db.transaction(fn);
      },
      listen: (c, f) => db.listen(c, f),
      notify: (c, p) => db.notify(c, p),
      close: () => Promise.resolve(),
    };
    const logger = captureLogger();
    const recId = await insertRec(db, "AAA", "BUY_CALL", at("09:59"));
    const result = await submitEntryOrder({ db: flaky, broker, logger }, callEntry(recId, at("10:00")));
    expect(result.kind).toBe("accepted");
    expect(logger.events()).toContain("order.bookkeeping_failed");
    expect((await orderRows(db, "rec_id = $1::bigint", [recId]))[0]?.status).toBe("pending_submit");

    failUpdates = false;
    await settleOpenOrders({ db, broker, logger }, "large-100k", at("10:00"));
    expect((await orderRows(db, "rec_id = $1::bigint", [recId]))[0]?.status).toBe("accepted");
    expect(count(h, "POST /v2/orders")).toBe(1);
  });
});
