import { describe, expect, it } from "vitest";
import { AAA_BARS, at, atSeconds, rejection, startTestSim } from "./broker-fixtures.js";
import { errors } from "./server-sdk-client.js";

const barAt = (hhmm: string) => {
  const b = AAA_BARS.find((x) => x.ts.getTime() === at(hhmm).getTime());
  if (!b) throw new Error(`no fixture bar at ${hhmm}`);
  return b;
};
const cents = (n: number): number => Math.round(n * 100) / 100;

describe("stock market orders", () => {
  it("fill at the next bar's open plus slippage, only once the clock reaches that bar", async () => {
    const { large, clock } = await startTestSim(atSeconds("09:31", 30), { slippageBps: 5 });
    const placed = await large.trading.orders.market({ symbol: "AAA", qty: 10, side: "buy", clientOrderId: "mkt-1" });
    expect(placed.status).toBe("new");
    expect(placed.filledQty).toBe("0");
    expect(placed.filledAvgPrice).toBeUndefined();

    clock.advanceTo(atSeconds("09:31", 59));
    const stillWaiting = await large.trading.orders.getOrderByOrderID({ orderId: placed.id as string });
    expect(stillWaiting.status).toBe("new");

    clock.advanceTo(at("09:32"));
    const filled = await large.trading.orders.getOrderByOrderID({ orderId: placed.id as string });
    const expected = cents(barAt("09:32").open * (1 + 5 / 10_000));
    expect(filled.status).toBe("filled");
    expect(filled.filledQty).toBe("10");
    expect(Number(filled.filledAvgPrice)).toBe(expected);
    expect(filled.filledAt?.toISOString()).toBe(at("09:32").toISOString());
  });

  it("sells receive the open minus slippage and cash moves by the fill value", async () => {
    const { large, clock } = await startTestSim(atSeconds("09:30", 10), { slippageBps: 20 });
    await large.trading.orders.market({ symbol: "AAA", qty: 5, side: "buy" });
    clock.advanceTo(atSeconds("09:31", 30));
    const sell = await large.trading.orders.market({ symbol: "AAA", qty: 5, side: "sell" });
    clock.advanceTo(at("09:32"));
    const sold = await large.trading.orders.getOrderByOrderID({ orderId: sell.id as string });
    const buyPrice = cents(barAt("09:31").open * 1.002);
    const sellPrice = cents(barAt("09:32").open * 0.998);
    expect(Number(sold.filledAvgPrice)).toBe(sellPrice);
    const account = await large.trading.account.getAccount();
    expect(Number(account.cash)).toBeCloseTo(100_000 - 5 * buyPrice + 5 * sellPrice, 6);
    expect(await large.trading.positions.getAllOpenPositions()).toEqual([]);
  });

  it("stay accepted while the market is closed and fill at the first regular-hours bar", async () => {
    const { large, clock } = await startTestSim(at("08:45"));
    const placed = await large.trading.orders.market({ symbol: "AAA", qty: 1, side: "buy" });
    expect(placed.status).toBe("accepted");
    clock.advanceTo(atSeconds("09:29", 59));
    expect((await large.trading.orders.getOrderByOrderID({ orderId: placed.id as string })).status).toBe("accepted");
    clock.advanceTo(at("09:30"));
    const filled = await large.trading.orders.getOrderByOrderID({ orderId: placed.id as string });
    // The 09:00 pre-market bar at $90 must not fill a regular-hours order.
    expect(filled.status).toBe("filled");
    expect(Number(filled.filledAvgPrice)).toBe(cents(barAt("09:30").open * 1.0005));
  });
});

describe("stock limit orders", () => {
  it("fill only when a complete bar trades through the limit, at the better of open and limit", async () => {
    const { large, clock } = await startTestSim(atSeconds("09:31", 30));
    const placed = await large.trading.orders.limit({ symbol: "AAA", qty: 3, side: "buy", limitPrice: 99.5 });
    clock.advanceTo(atSeconds("09:33", 30)); // 09:32 (low 99.80) complete; 09:33 still forming
    expect((await large.trading.orders.getOrderByOrderID({ orderId: placed.id as string })).status).toBe("new");
    clock.advanceTo(at("09:34")); // 09:33 complete: low 99.40 <= 99.50
    const filled = await large.trading.orders.getOrderByOrderID({ orderId: placed.id as string });
    expect(filled.status).toBe("filled");
    expect(Number(filled.filledAvgPrice)).toBe(Math.min(barAt("09:33").open, 99.5));
    expect(filled.filledAt?.toISOString()).toBe(at("09:34").toISOString());
  });

  it("a sell limit above every high never fills and a day order expires at the close", async () => {
    const { large, clock } = await startTestSim(atSeconds("09:30", 5));
    await large.trading.orders.market({ symbol: "AAA", qty: 2, side: "buy" });
    clock.advanceTo(at("09:31"));
    const placed = await large.trading.orders.limit({ symbol: "AAA", qty: 2, side: "sell", limitPrice: 150 });
    clock.advanceTo(at("15:59"));
    expect((await large.trading.orders.getOrderByOrderID({ orderId: placed.id as string })).status).toBe("new");
    clock.advanceTo(at("16:00"));
    const expired = await large.trading.orders.getOrderByOrderID({ orderId: placed.id as string });
    expect(expired.status).toBe("expired");
    expect(expired.filledQty).toBe("0");
  });

  it("sub-penny limit prices are rejected with 422", async () => {
    const { large } = await startTestSim(atSeconds("09:31", 30));
    const err = await rejection(large.trading.orders.limit({ symbol: "AAA", qty: 1, side: "buy", limitPrice: 99.555 }));
    expect(err).toBeInstanceOf(errors.ValidationError);
    expect((err as InstanceType<typeof errors.ApiError>).status).toBe(422);
  });
});

describe("client order ids and order lifecycle", () => {
  it("a client_order_id can never be reused, not even after the order was canceled", async () => {
    const { large } = await startTestSim(atSeconds("09:31", 30));
    const first = await large.trading.orders.limit({ symbol: "AAA", qty: 1, side: "buy", limitPrice: 90, clientOrderId: "rec-42-large" });
    const dup = await rejection(large.trading.orders.limit({ symbol: "AAA", qty: 1, side: "buy", limitPrice: 90, clientOrderId: "rec-42-large" }));
    expect((dup as InstanceType<typeof errors.ApiError>).status).toBe(422);

    await large.trading.orders.deleteOrderByOrderID({ orderId: first.id as string });
    const canceled = await large.trading.orders.getOrderByClientOrderId({ clientOrderId: "rec-42-large" });
    expect(canceled.status).toBe("canceled");
    const again = await rejection(large.trading.orders.market({ symbol: "AAA", qty: 1, side: "buy", clientOrderId: "rec-42-large" }));
    expect(again).toBeInstanceOf(errors.ValidationError);
  });

  it("client order ids are per account", async () => {
    const { large, tiny } = await startTestSim(atSeconds("09:31", 30));
    await large.trading.orders.limit({ symbol: "AAA", qty: 1, side: "buy", limitPrice: 90, clientOrderId: "same-id" });
    const other = await tiny.trading.orders.limit({ symbol: "AAA", qty: 1, side: "buy", limitPrice: 90, clientOrderId: "same-id" });
    expect(other.clientOrderId).toBe("same-id");
    const tinyOrders = await tiny.trading.orders.getAllOrders({ status: "all" });
    expect(tinyOrders.map((o) => o.id)).toEqual([other.id]);
  });

  it("unknown order ids answer 404 and finished orders cannot be canceled", async () => {
    const { large, clock } = await startTestSim(atSeconds("09:31", 30));
    const missing = await rejection(large.trading.orders.getOrderByOrderID({ orderId: "5e0f4a3c-0000-4000-8000-000000000000" }));
    expect(missing).toBeInstanceOf(errors.NotFoundError);
    const missingCid = await rejection(large.trading.orders.getOrderByClientOrderId({ clientOrderId: "never-sent" }));
    expect(missingCid).toBeInstanceOf(errors.NotFoundError);

    const placed = await large.trading.orders.market({ symbol: "AAA", qty: 1, side: "buy" });
    clock.advanceTo(at("09:32"));
    const late = await rejection(large.trading.orders.deleteOrderByOrderID({ orderId: placed.id as string }));
    expect((late as InstanceType<typeof errors.ApiError>).status).toBe(422);
  });

  it("replacing an order creates a new order and marks the old one replaced", async () => {
    const { large } = await startTestSim(atSeconds("09:31", 30));
    const old = await large.trading.orders.limit({ symbol: "AAA", qty: 2, side: "buy", limitPrice: 95 });
    const replacement = await large.trading.orders.patchOrderByOrderId({
      orderId: old.id as string,
      patchOrderRequest: { qty: "3", limitPrice: "96" },
    });
    expect(replacement.id).not.toBe(old.id);
    expect(replacement.replaces).toBe(old.id);
    expect(replacement.qty).toBe("3");
    expect(replacement.limitPrice).toBe("96");
    const after = await large.trading.orders.getOrderByOrderID({ orderId: old.id as string });
    expect(after.status).toBe("replaced");
    expect(after.replacedBy).toBe(replacement.id);
    const open = await large.trading.orders.getAllOrders({ status: "open" });
    expect(open.map((o) => o.id)).toEqual([replacement.id]);
  });

  it("cancel-all cancels every open order and lists them", async () => {
    const { large } = await startTestSim(atSeconds("09:31", 30));
    await large.trading.orders.limit({ symbol: "AAA", qty: 1, side: "buy", limitPrice: 90 });
    await large.trading.orders.limit({ symbol: "AAA", qty: 1, side: "buy", limitPrice: 91 });
    const canceled = await large.trading.orders.deleteAllOrders();
    expect(canceled).toHaveLength(2);
    expect(await large.trading.orders.getAllOrders({ status: "open" })).toEqual([]);
    const closed = await large.trading.orders.getAllOrders({ status: "closed" });
    expect(closed.map((o) => o.status)).toEqual(["canceled", "canceled"]);
  });
});

describe("buying power and position checks", () => {
  it("a buy costing more than buying power is refused with 403; open orders hold buying power back", async () => {
    const { tiny } = await startTestSim(atSeconds("09:31", 30));
    // Reference price is the last complete bar's close (09:30: 100.20) plus slippage.
    const tooBig = await rejection(tiny.trading.orders.market({ symbol: "AAA", qty: 10, side: "buy" }));
    expect(tooBig).toBeInstanceOf(errors.PermissionError);
    expect((tooBig as Error).message).toMatch(/buying power/);

    await tiny.trading.orders.limit({ symbol: "AAA", qty: 6, side: "buy", limitPrice: 95 }); // holds $570
    const account = await tiny.trading.account.getAccount();
    expect(Number(account.buyingPower)).toBeCloseTo(1_000 - 570, 6);
    expect(Number(account.cash)).toBe(1_000);
    const second = await rejection(tiny.trading.orders.limit({ symbol: "AAA", qty: 5, side: "buy", limitPrice: 95 }));
    expect(second).toBeInstanceOf(errors.PermissionError);
  });

  it("selling more than held is refused (no shorting), and closing a position sells exactly the held qty", async () => {
    const { large, clock } = await startTestSim(atSeconds("09:30", 30));
    await large.trading.orders.market({ symbol: "AAA", qty: 7, side: "buy" });
    clock.advanceTo(atSeconds("09:31", 10));
    const position = await large.trading.positions.getOpenPosition({ symbolOrAssetId: "AAA" });
    expect(position.qty).toBe("7");
    expect(position.side).toBe("long");
    expect(Number(position.avgEntryPrice)).toBe(cents(barAt("09:31").open * 1.0005));

    const tooMany = await rejection(large.trading.orders.market({ symbol: "AAA", qty: 8, side: "sell" }));
    expect(tooMany).toBeInstanceOf(errors.PermissionError);
    const shortIntent = await rejection(large.trading.orders.market({ symbol: "AAA", qty: 1, side: "sell", positionIntent: "sell_to_open" }));
    expect(shortIntent).toBeInstanceOf(errors.PermissionError);
    const noPosition = await rejection(large.trading.orders.market({ symbol: "AAA", qty: 1, side: "buy", positionIntent: "buy_to_close" }));
    expect(noPosition).toBeInstanceOf(errors.PermissionError);

    const closing = await large.trading.positions.deleteOpenPosition({ symbolOrAssetId: "AAA" });
    expect(closing.qty).toBe("7");
    expect(closing.side).toBe("sell");
    expect(closing.positionIntent).toBe("sell_to_close");
    clock.advanceTo(at("09:32"));
    expect(await large.trading.positions.getAllOpenPositions()).toEqual([]);
    const gone = await rejection(large.trading.positions.getOpenPosition({ symbolOrAssetId: "AAA" }));
    expect(gone).toBeInstanceOf(errors.NotFoundError);
  });

  it("close-all with cancel_orders cancels open orders, then sells every holding", async () => {
    const { large, clock } = await startTestSim(atSeconds("09:30", 30));
    await large.trading.orders.market({ symbol: "AAA", qty: 3, side: "buy" });
    clock.advanceTo(atSeconds("09:31", 10));
    const resting = await large.trading.orders.limit({ symbol: "AAA", qty: 3, side: "sell", limitPrice: 150 });
    const results = await large.trading.positions.deleteAllOpenPositions({ cancelOrders: true });
    expect(results.map((r) => [r.symbol, r.status, r.body?.qty, r.body?.side])).toEqual([["AAA", 200, "3", "sell"]]);
    expect((await large.trading.orders.getOrderByOrderID({ orderId: resting.id as string })).status).toBe("canceled");
    clock.advanceTo(at("09:32"));
    expect(await large.trading.positions.getAllOpenPositions()).toEqual([]);
  });

  it("positions are marked at the last complete bar's close", async () => {
    const { large, clock } = await startTestSim(atSeconds("09:30", 30), { slippageBps: 0 });
    await large.trading.orders.market({ symbol: "AAA", qty: 4, side: "buy" });
    clock.advanceTo(atSeconds("09:33", 30));
    const p = await large.trading.positions.getOpenPosition({ symbolOrAssetId: "AAA" });
    const entry = barAt("09:31").open;
    const mark = barAt("09:32").close;
    expect(Number(p.currentPrice)).toBe(mark);
    expect(Number(p.marketValue)).toBeCloseTo(4 * mark, 6);
    expect(Number(p.costBasis)).toBeCloseTo(4 * entry, 6);
    expect(Number(p.unrealizedPl)).toBeCloseTo(4 * (mark - entry), 6);
    expect(p.assetClass).toBe("us_equity");
    const account = await large.trading.account.getAccount();
    expect(Number(account.equity)).toBeCloseTo(100_000 - 4 * entry + 4 * mark, 2);
    expect(Number(account.longMarketValue)).toBeCloseTo(4 * mark, 2);
  });

  it("fills appear as FILL account activities", async () => {
    const { large, clock } = await startTestSim(atSeconds("09:30", 30));
    const order = await large.trading.orders.market({ symbol: "AAA", qty: 2, side: "buy" });
    clock.advanceTo(at("09:32"));
    const activities = await large.trading.accountActivities.getAccountActivities({ activityTypes: ["FILL"] });
    expect(activities).toHaveLength(1);
    const fill = activities[0]!;
    expect(fill.activityType).toBe("FILL");
    expect(fill.orderId).toBe(order.id);
    expect(fill.symbol).toBe("AAA");
    expect(fill.side).toBe("buy");
    expect(fill.qty).toBe("2");
    expect(fill.cumQty).toBe("2");
    expect(fill.leavesQty).toBe("0");
    expect(fill.transactionTime?.toISOString()).toBe(at("09:31").toISOString());
  });
});
