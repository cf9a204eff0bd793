import { describe, expect, it } from "vitest";
import { AuthError, FakeBroker, BrokerTransientError, deterministicClientOrderId } from "../src/index.js";
import type { SubmitOrderRequest } from "../src/index.js";

const NOW = new Date("2026-01-15T15:30:00Z");
const CALL = "AAPL260116C00250000";
const entry = (rec: number): SubmitOrderRequest => ({
  clientOrderId: deterministicClientOrderId({ recId: rec, account: "tiny-1k", purpose: "entry", attempt: 1 }),
  symbol: CALL,
  qty: 1,
  side: "buy",
  type: "limit",
  limitPrice: 3.4,
  timeInForce: "day",
});

describe("FakeBroker", () => {
  it("fills a priced order at once and books the position, cash and fill", async () => {
    const broker = new FakeBroker({ account: "tiny-1k", now: () => NOW, cash: 1_000 });
    const outcome = await broker.submitOrder(entry(1));
    expect(outcome.kind === "accepted" && outcome.order.status).toBe("filled");
    const [position] = await broker.listPositions();
    expect(position).toMatchObject({ symbol: CALL, instrumentType: "CALL", underlying: "AAPL", qty: 1, avgEntryPrice: 3.4 });
    expect((await broker.getAccount()).cash).toBeCloseTo(1_000 - 3.4 * 100, 6);
    expect(await broker.listFills(new Date(NOW.getTime() - 1))).toHaveLength(1);
  });

  it("keeps orders resting in rest mode until filled by the test", async () => {
    const broker = new FakeBroker({ account: "tiny-1k", now: () => NOW, fillMode: "rest" });
    const outcome = await broker.submitOrder(entry(2));
    if (outcome.kind !== "accepted") throw new Error("expected accepted");
    expect((await broker.listOpenOrders()).map((o) => o.id)).toEqual([outcome.order.id]);
    broker.fillOrder(outcome.order.id, 3.3);
    expect((await broker.getOrder(outcome.order.id))?.status).toBe("filled");
    expect(await broker.listOpenOrders()).toEqual([]);
  });

  it("scripts an unresolved submission that was placed, which a lookup then finds", async () => {
    const broker = new FakeBroker({ account: "tiny-1k", now: () => NOW }).scriptNextSubmit({ kind: "unresolved", placed: true });
    const request = entry(3);
    expect((await broker.submitOrder(request)).kind).toBe("unresolved");
    expect((await broker.getOrderByClientOrderId(request.clientOrderId))?.clientOrderId).toBe(request.clientOrderId);
    const again = await broker.submitOrder(request);
    expect(again.kind).toBe("accepted");
    expect(broker.orders).toHaveLength(1);
  });

  it("scripts an unresolved submission that never arrived", async () => {
    const broker = new FakeBroker({ account: "tiny-1k", now: () => NOW }).scriptNextSubmit({ kind: "unresolved", placed: false });
    const request = entry(4);
    expect((await broker.submitOrder(request)).kind).toBe("unresolved");
    expect(await broker.getOrderByClientOrderId(request.clientOrderId)).toBeUndefined();
  });

  it("applies the same validation as the real adapter", async () => {
    const broker = new FakeBroker({ account: "tiny-1k", now: () => NOW });
    expect(await broker.submitOrder({ ...entry(5), side: "sell" })).toMatchObject({ kind: "rejected", status: 0 });
    expect(broker.orders).toHaveLength(0);
  });

  it("closes only the exact instrument, never more than held", async () => {
    const broker = new FakeBroker({ account: "large-100k", now: () => NOW }).addPosition({ symbol: CALL, qty: 2, avgEntryPrice: 3, currentPrice: 3.5 });
    expect(await broker.closePosition("AAPL")).toMatchObject({ kind: "rejected", status: 404 });
    expect(await broker.closePosition(CALL, { qty: 3 })).toMatchObject({ kind: "rejected", status: 0 });
    const closed = await broker.closePosition(CALL);
    expect(closed.kind === "accepted" && closed.order).toMatchObject({ symbol: CALL, side: "sell", positionIntent: "sell_to_close", status: "filled" });
    expect(await broker.listPositions()).toEqual([]);
    expect(broker.orders.some((o) => o.symbol === "AAPL")).toBe(false);
  });

  it("throws scripted errors once, in order", async () => {
    const broker = new FakeBroker({ account: "large-100k" }).failNext("getAccount", new AuthError("expired", 401)).failNext("getAccount");
    await expect(broker.getAccount()).rejects.toBeInstanceOf(AuthError);
    await expect(broker.getAccount()).rejects.toBeInstanceOf(BrokerTransientError);
    await expect(broker.getAccount()).resolves.toMatchObject({ status: "ACTIVE" });
    expect(broker.calls.filter((c) => c.method === "getAccount")).toHaveLength(3);
  });

  it("serves bars in the requested window only", async () => {
    const ts = (m: number) => new Date(NOW.getTime() + m * 60_000);
    const broker = new FakeBroker({ account: "large-100k" }).addBars(
      [0, 1, 2, 3].flatMap((m) => ["AAA", "BBB"].map((symbol) => ({ symbol, ts: ts(m), open: 1, high: 1, low: 1, close: 1, volume: 1 }))),
    );
    const bars = await broker.getStockBars({ symbols: ["AAA"], start: ts(1), end: ts(2), timeframe: "1Min" });
    expect(bars.map((b) => `${b.symbol}${b.ts.getTime() - NOW.getTime()}`)).toEqual(["AAA60000", "AAA120000"]);
  });

  it("knows only the assets it was given, with their scripted state", async () => {
    const broker = new FakeBroker({ account: "tiny-1k", now: () => NOW }).setAsset("AAPL").setAsset("HALT", { status: "inactive", tradable: false, hasOptions: false });
    expect(await broker.getAsset("AAPL")).toMatchObject({ symbol: "AAPL", status: "active", tradable: true, hasOptions: true, attributes: ["has_options"] });
    expect(await broker.getAsset("HALT")).toMatchObject({ status: "inactive", tradable: false, hasOptions: false, attributes: [] });
    expect(await broker.getAsset("ZZZZ")).toBeUndefined();
    broker.failNext("getAsset");
    await expect(broker.getAsset("AAPL")).rejects.toBeInstanceOf(BrokerTransientError);
  });
});
