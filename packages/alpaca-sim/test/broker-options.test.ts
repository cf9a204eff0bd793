import { describe, expect, it } from "vitest";
import { AAA_CALL, at, atSeconds, LARGE, rejection, startTestSim, StubOptionMarket } from "./broker-fixtures.js";
import { errors, sdkClient } from "./server-sdk-client.js";

const AAA_PUT = "AAA131011P00100000";
const quotes = new StubOptionMarket();
const quoteAt = (hhmm: string) => {
  const q = quotes.quote(AAA_CALL, at(hhmm));
  if (!q) throw new Error("fixture has no quote");
  return q;
};
const status = (err: unknown): number => (err as InstanceType<typeof errors.ApiError>).status;

describe("option orders", () => {
  it("a market buy_to_open fills at the ask of the next minute's quote; cash moves by premium x 100", async () => {
    const { large, clock } = await startTestSim(atSeconds("09:31", 30));
    const placed = await large.trading.orders.market({ symbol: AAA_CALL, qty: 2, side: "buy", positionIntent: "buy_to_open" });
    expect(placed.assetClass).toBe("us_option");
    expect(placed.status).toBe("new");
    clock.advanceTo(at("09:32"));
    const filled = await large.trading.orders.getOrderByOrderID({ orderId: placed.id as string });
    const ask = quoteAt("09:32").ask;
    expect(filled.status).toBe("filled");
    expect(Number(filled.filledAvgPrice)).toBe(ask);
    expect(filled.positionIntent).toBe("buy_to_open");
    const account = await large.trading.account.getAccount();
    expect(Number(account.cash)).toBeCloseTo(100_000 - 2 * ask * 100, 6);

    clock.advanceTo(atSeconds("09:33", 30));
    const position = await large.trading.positions.getOpenPosition({ symbolOrAssetId: AAA_CALL });
    const q = quotes.quote(AAA_CALL, atSeconds("09:33", 30))!;
    expect(position.assetClass).toBe("us_option");
    expect(position.qty).toBe("2");
    expect(Number(position.currentPrice)).toBeCloseTo((q.bid + q.ask) / 2, 6);
    expect(Number(position.marketValue)).toBeCloseTo(((q.bid + q.ask) / 2) * 100 * 2, 2);
  });

  it("a limit buy fills only once the ask falls to the limit", async () => {
    const { large, clock } = await startTestSim(atSeconds("09:31", 30));
    const placed = await large.trading.orders.limit({ symbol: AAA_CALL, qty: 1, side: "buy", limitPrice: 2.05 });
    clock.advanceTo(atSeconds("09:34", 30)); // asks so far: 2.30, 2.20, 2.10
    expect((await large.trading.orders.getOrderByOrderID({ orderId: placed.id as string })).status).toBe("new");
    clock.advanceTo(at("09:35")); // ask 2.00 <= 2.05
    const filled = await large.trading.orders.getOrderByOrderID({ orderId: placed.id as string });
    expect(filled.status).toBe("filled");
    expect(Number(filled.filledAvgPrice)).toBe(quoteAt("09:35").ask);
  });

  it("sell_to_close above the held qty, sell_to_open, buy_to_close and naked sells are refused", async () => {
    const { large, clock } = await startTestSim(atSeconds("09:31", 30));
    await large.trading.orders.market({ symbol: AAA_CALL, qty: 2, side: "buy", positionIntent: "buy_to_open" });
    clock.advanceTo(atSeconds("09:32", 10));

    const tooMany = await rejection(large.trading.orders.market({ symbol: AAA_CALL, qty: 3, side: "sell", positionIntent: "sell_to_close" }));
    expect(tooMany).toBeInstanceOf(errors.PermissionError);
    const writeCall = await rejection(large.trading.orders.market({ symbol: AAA_CALL, qty: 1, side: "sell", positionIntent: "sell_to_open" }));
    expect(writeCall).toBeInstanceOf(errors.PermissionError);
    const nakedPut = await rejection(large.trading.orders.market({ symbol: AAA_PUT, qty: 1, side: "sell" }));
    expect(nakedPut).toBeInstanceOf(errors.PermissionError);
    const buyToClose = await rejection(large.trading.orders.market({ symbol: AAA_PUT, qty: 1, side: "buy", positionIntent: "buy_to_close" }));
    expect(buyToClose).toBeInstanceOf(errors.PermissionError);
    const mismatch = await rejection(large.trading.orders.market({ symbol: AAA_CALL, qty: 1, side: "sell", positionIntent: "buy_to_open" }));
    expect(status(mismatch)).toBe(422);

    // Exactly the held qty closes; the position then disappears.
    const close = await large.trading.orders.market({ symbol: AAA_CALL, qty: 2, side: "sell", positionIntent: "sell_to_close" });
    clock.advanceTo(at("09:33"));
    const closed = await large.trading.orders.getOrderByOrderID({ orderId: close.id as string });
    expect(Number(closed.filledAvgPrice)).toBe(quoteAt("09:33").bid);
    expect(await large.trading.positions.getAllOpenPositions()).toEqual([]);
  });

  it("closing an option position sells the contract itself, never the underlying", async () => {
    const { large, clock } = await startTestSim(atSeconds("09:31", 30));
    await large.trading.orders.market({ symbol: AAA_CALL, qty: 1, side: "buy", positionIntent: "buy_to_open" });
    clock.advanceTo(atSeconds("09:32", 10));
    const order = await large.trading.positions.deleteOpenPosition({ symbolOrAssetId: AAA_CALL });
    expect(order.symbol).toBe(AAA_CALL);
    expect(order.assetClass).toBe("us_option");
    expect(order.side).toBe("sell");
    expect(order.positionIntent).toBe("sell_to_close");
    expect(order.qty).toBe("1");
  });

  it("option prices off the $0.05 grid, fractional contracts and gtc are refused with 422", async () => {
    const { large } = await startTestSim(atSeconds("09:31", 30));
    expect(status(await rejection(large.trading.orders.limit({ symbol: AAA_CALL, qty: 1, side: "buy", limitPrice: 1.23 })))).toBe(422);
    expect(status(await rejection(large.trading.orders.market({ symbol: AAA_CALL, qty: 1.5, side: "buy" })))).toBe(422);
    expect(status(await rejection(large.trading.orders.limit({ symbol: AAA_CALL, qty: 1, side: "buy", limitPrice: 1.25, timeInForce: "gtc" })))).toBe(422);
  });

  it("penny-pilot underlyings accept $0.01 increments", async () => {
    const { large } = await startTestSim(atSeconds("09:31", 30), { pennyPilot: ["AAA"] });
    const placed = await large.trading.orders.limit({ symbol: AAA_CALL, qty: 1, side: "buy", limitPrice: 1.23 });
    expect(placed.limitPrice).toBe("1.23");
  });

  it("an account below options level 2 cannot buy options", async () => {
    const restricted = { ...LARGE, optionsLevel: 1 };
    const { sim } = await startTestSim(atSeconds("09:31", 30), { accounts: [restricted] });
    const client = sdkClient(sim.url, { keyId: restricted.keyId, secret: restricted.secretKey });
    const err = await rejection(client.trading.orders.market({ symbol: AAA_CALL, qty: 1, side: "buy" }));
    expect(err).toBeInstanceOf(errors.PermissionError);
    expect((await client.trading.account.getAccount()).optionsTradingLevel).toBe(1);
  });
});

describe("option contracts endpoint", () => {
  it("defaults to contracts expiring before the next weekend and filters by expiry, type and strike", async () => {
    const { large } = await startTestSim(atSeconds("09:31", 30));
    const thisWeek = await large.trading.assets.getOptionsContracts({ underlyingSymbols: "AAA" });
    expect(thisWeek.optionContracts.map((c) => c.symbol).sort()).toEqual([AAA_CALL, AAA_PUT].sort());

    const calls = await large.trading.assets.getOptionsContracts({
      underlyingSymbols: "AAA",
      expirationDateLte: new Date("2013-10-31T00:00:00Z"),
      type: "call",
      strikePriceGte: 101,
    });
    expect(calls.optionContracts.map((c) => c.symbol)).toEqual(["AAA131018C00105000"]);
    const c = calls.optionContracts[0]!;
    expect(c.underlyingSymbol).toBe("AAA");
    expect(c.strikePrice).toBe("105");
    expect(c.multiplier).toBe("100");
    expect(c.expirationDate.toISOString().slice(0, 10)).toBe("2013-10-18");
  });

  it("pages with next_page_token", async () => {
    const { large } = await startTestSim(atSeconds("09:31", 30));
    const all = { underlyingSymbols: "AAA", expirationDateLte: new Date("2013-10-31T00:00:00Z") };
    const first = await large.trading.assets.getOptionsContracts({ ...all, limit: 2 });
    expect(first.optionContracts).toHaveLength(2);
    expect(first.nextPageToken).toBeTruthy();
    const second = await large.trading.assets.getOptionsContracts({ ...all, limit: 2, pageToken: first.nextPageToken as string });
    expect(second.optionContracts).toHaveLength(1);
    expect(second.nextPageToken).toBeUndefined();
    const symbols = [...first.optionContracts, ...second.optionContracts].map((x) => x.symbol);
    expect(new Set(symbols).size).toBe(3);
  });
});
