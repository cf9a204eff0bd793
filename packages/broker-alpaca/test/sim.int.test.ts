// AlpacaBroker against the local Alpaca-compatible simulator over real HTTP (127.0.0.1 only).
import { describe, expect, it } from "vitest";
import { BrokerTransientError, deterministicClientOrderId } from "../src/index.js";
import type { SubmitOrderRequest } from "../src/index.js";
import { AAA_CALL, AAA_PUT, DAILY_VOLUME, DAY, LAST_TRADE_SIZE, at, startSim } from "./helpers/sim.js";

const entryId = (rec: number, attempt = 1) => deterministicClientOrderId({ recId: rec, account: "large-100k", purpose: "entry", attempt });
const callEntry = (clientOrderId: string): SubmitOrderRequest => ({
  clientOrderId,
  symbol: AAA_CALL,
  qty: 2,
  side: "buy",
  type: "market",
  timeInForce: "day",
});

describe("AlpacaBroker against alpaca-sim", () => {

  it("looks assets up through the SDK: listed symbols with their options flag, undefined for unknown ones", async () => {
    const h = await startSim();
    const broker = h.broker("tiny-1k");
    expect(await broker.getAsset("AAA")).toMatchObject({
      symbol: "AAA", assetClass: "us_equity", status: "active", tradable: true, hasOptions: true,
    });
    // BBB has bars but no option chain in this market.
    expect(await broker.getAsset("BBB")).toMatchObject({ symbol: "BBB", tradable: true, hasOptions: false });
    expect(await broker.getAsset("ZZZZ")).toBeUndefined();
    expect(h.requests.filter((r) => r.startsWith("GET /v2/assets/"))).toEqual(["GET /v2/assets/AAA", "GET /v2/assets/BBB", "GET /v2/assets/ZZZZ"]);

    h.sim.setFaults({ errorRate: 1 });
    await expect(broker.getAsset("AAA")).rejects.toBeInstanceOf(BrokerTransientError);
  });
  it("submits an order and finds it again by its client order id", async () => {
    const h = await startSim();
    const broker = h.broker("large-100k");
    const clientOrderId = entryId(101);
    const outcome = await broker.submitOrder({ ...callEntry(clientOrderId), type: "limit", limitPrice: 2.25 });
    expect(outcome.kind).toBe("accepted");
    if (outcome.kind !== "accepted") return;
    expect(outcome.order.positionIntent).toBe("buy_to_open");
    const found = await broker.getOrderByClientOrderId(clientOrderId);
    expect(found?.id).toBe(outcome.order.id);
    expect(found?.symbol).toBe(AAA_CALL);
    expect(await broker.getOrderByClientOrderId(entryId(999))).toBeUndefined();
    expect((await broker.getOrder(outcome.order.id))?.clientOrderId).toBe(clientOrderId);
  });

  it("reports a POST whose response is lost after acceptance as unresolved, then settles it by client order id", async () => {
    const h = await startSim();
    const broker = h.broker("large-100k");
    h.sim.setFaults({ timeoutAfterAcceptRate: 1 });
    const clientOrderId = entryId(202);
    const outcome = await broker.submitOrder(callEntry(clientOrderId));
    expect(outcome.kind).toBe("unresolved");
    expect(h.requests.filter((r) => r === "POST /v2/orders")).toHaveLength(1);

    h.sim.setFaults({ timeoutAfterAcceptRate: 0 });
    const settled = await broker.getOrderByClientOrderId(clientOrderId);
    expect(settled?.clientOrderId).toBe(clientOrderId);
    // Resubmitting the same deterministic id cannot create a second order: it resolves to the first.
    const again = await broker.submitOrder(callEntry(clientOrderId));
    expect(again.kind === "accepted" && again.order.id).toBe(settled?.id);
    expect(h.sim.broker.orders("large-100k").filter((o) => o.clientOrderId === clientOrderId)).toHaveLength(1);
  });

  it("collects every bar of a paged window exactly once", async () => {
    const h = await startSim(at("15:00"));
    const broker = h.broker("tiny-1k");
    const start = at("09:30");
    const end = at("10:30");
    const bars = await broker.getStockBars({ symbols: ["BBB", "AAA"], start, end, timeframe: "1Min", feed: "iex", limit: 7 });
    const expected = h.bars.filter((b) => b.ts >= start && b.ts <= end && b.ts.getTime() + 60_000 <= h.clock.now().getTime());
    const key = (b: { symbol: string; ts: Date }) => `${b.symbol}@${b.ts.toISOString()}`;
    expect(bars.map(key).sort()).toEqual(expected.map(key).sort());
    expect(new Set(bars.map(key)).size).toBe(bars.length);
    expect(h.requests.filter((r) => r === "GET /v2/stocks/bars").length).toBeGreaterThan(expected.length / 7);
    const first = bars.find((b) => b.symbol === "AAA");
    const source = h.bars.find((b) => b.symbol === "AAA" && b.ts.getTime() === first?.ts.getTime());
    expect(first?.close).toBe(source?.close);
  });

  it("closes an option position by its OCC symbol and never sends an equity order for it", async () => {
    const h = await startSim();
    const broker = h.broker("large-100k");
    const opened = await broker.submitOrder(callEntry(entryId(303)));
    expect(opened.kind).toBe("accepted");
    h.clock.advanceTo(at("10:02"));
    const [position] = await broker.listPositions();
    expect(position).toMatchObject({ symbol: AAA_CALL, instrumentType: "CALL", underlying: "AAA", qty: 2 });

    // Closing the underlying's ticker finds nothing to close: no order on AAA is created.
    expect(await broker.closePosition("AAA")).toMatchObject({ kind: "rejected", status: 404 });
    // More than held is refused before any request.
    expect(await broker.closePosition(AAA_CALL, { qty: 3 })).toMatchObject({ kind: "rejected", status: 0 });

    const closed = await broker.closePosition(AAA_CALL, { qty: 1 });
    expect(closed.kind).toBe("accepted");
    if (closed.kind !== "accepted") return;
    expect(closed.order).toMatchObject({ symbol: AAA_CALL, assetClass: "us_option", side: "sell", qty: 1 });
    h.clock.advanceTo(at("10:04"));
    const closeAll = await broker.closePosition(AAA_CALL);
    expect(closeAll.kind).toBe("accepted");
    h.clock.advanceTo(at("10:06"));

    const orders = h.sim.broker.orders("large-100k");
    expect(orders.some((o) => o.symbol === "AAA")).toBe(false);
    expect(orders.every((o) => o.symbol === AAA_CALL)).toBe(true);
    expect(await broker.listPositions()).toEqual([]);
  });

  it("reads account, clock, calendar, fills and option data in domain types", async () => {
    const h = await startSim();
    const broker = h.broker("tiny-1k");
    const account = await broker.getAccount();
    expect(account.cash).toBe(h.sim.accounts.find((a) => a.id === "tiny-1k")?.cash);
    const clock = await broker.getClock();
    expect(clock.isOpen).toBe(true);
    expect(clock.timestamp.getTime()).toBe(h.clock.now().getTime());
    const days = await broker.getCalendar(DAY, "2024-03-08");
    expect(days.map((d) => d.date)).toEqual(["2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08"]);
    expect(days[0]?.open.getTime()).toBe(at("09:30").getTime());

    const chain = await broker.getOptionSnapshots("AAA", { type: "call" });
    expect(chain.map((s) => s.symbol)).toEqual([AAA_CALL]);
    expect(chain[0]?.dailyVolume).toBe(DAILY_VOLUME);
    expect(chain[0]?.dailyVolume).not.toBe(LAST_TRADE_SIZE);
    expect(chain[0]?.quote?.bid).toBeGreaterThan(0);
    const quotes = await broker.getLatestOptionQuotes([AAA_CALL, "AAA240308C00999000"]);
    expect([...quotes.keys()]).toEqual([AAA_CALL]);
    const contracts = await broker.getOptionContracts({ underlyings: ["AAA"], expirationFrom: DAY, expirationTo: "2024-03-08" });
    expect(contracts.map((c) => c.symbol).sort()).toEqual([AAA_CALL, AAA_PUT].sort());
    expect(contracts.find((c) => c.symbol === AAA_PUT)).toMatchObject({ instrumentType: "PUT", strike: 95, expiration: "2024-03-08" });

    // The simulator may stamp the fill at the submission instant; `after` is exclusive.
    const since = new Date(h.clock.now().getTime() - 1_000);
    const buy = await broker.submitOrder({ clientOrderId: "ops-e-r5-tiny-1k-a1", symbol: "AAA", qty: 1, side: "buy", type: "market", timeInForce: "day" });
    expect(buy.kind).toBe("accepted");
    h.clock.advanceTo(at("10:02"));
    const fills = await broker.listFills(since);
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ symbol: "AAA", side: "buy", qty: 1 });
    expect((await broker.getOrderByClientOrderId("ops-e-r5-tiny-1k-a1"))?.status).toBe("filled");
  });
});
