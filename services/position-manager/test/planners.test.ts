// The pure decisions behind a cycle: reconciliation, closing resolution, marks and entry → position.
import { describe, expect, it } from "vitest";
import { planClosing } from "../src/plan-closing.js";
import { planReconciliation } from "../src/plan-reconciliation.js";
import { markDivergence, pickMark } from "../src/pick-mark.js";
import { positionFromEntry } from "../src/position-from-entry.js";
import type { FilledEntry } from "../src/queries.js";
import { T0, brokerPosition, exitOrder, fill, positionRow } from "./helpers/builders.js";

const none = new Map();

describe("planReconciliation", () => {
  it("treats a row missing at the broker as a phantom only when no exit of ours explains it", () => {
    const open = positionRow({ positionId: "1" });
    const exiting = positionRow({ positionId: "2", symbol: "AAA240315P00095000", instrumentType: "PUT", status: "closing" });
    const exited = positionRow({ positionId: "3", symbol: "BBB", underlying: "BBB", instrumentType: "STOCK", multiplier: 1 });
    const plan = planReconciliation({
      positions: [open, exiting, exited],
      latestExitOrders: new Map([["2", exitOrder("accepted", { positionId: "2" })], ["3", exitOrder("filled", { positionId: "3" })]]),
      brokerPositions: [],
      pendingEntrySymbols: new Set(),
      brokerFills: [fill({ qty: 2, price: 2.3 })],
      now: T0,
    });
    expect(plan.phantoms.map((p) => p.position.positionId)).toEqual(["1"]);
    expect(plan.phantoms[0]).toMatchObject({ exitPriceText: "2.300000", evidenceQty: 2, fillIds: ["f1"] });
  });

  it("closes a missing row only at the broker's own sell fills since it opened, volume-weighted", () => {
    const plan = planReconciliation({
      positions: [positionRow({ qty: 3, qtyText: "3" })],
      latestExitOrders: none,
      brokerPositions: [],
      pendingEntrySymbols: new Set(),
      brokerFills: [
        // Before the row opened, another instrument, and a buy: none of them is evidence.
        fill({ id: "old", qty: 3, price: 9, transactionTime: new Date(T0.getTime() - 7_200_000) }),
        fill({ id: "other", symbol: "AAA240315P00095000", qty: 3, price: 9 }),
        fill({ id: "buy", side: "buy", qty: 3, price: 9 }),
        fill({ id: "a", qty: 1, price: 2.1 }),
        fill({ id: "b", qty: 2, price: 2.4 }),
      ],
      now: T0,
    });
    expect(plan.reviews).toEqual([]);
    expect(plan.phantoms).toHaveLength(1);
    expect(Number(plan.phantoms[0]?.exitPriceText)).toBeCloseTo((2.1 + 2 * 2.4) / 3, 6);
    expect(plan.phantoms[0]?.fillIds).toEqual(["a", "b"]);
  });

  it("flags a missing row for review without closing it when the broker shows no (or too little) close evidence", () => {
    const none1 = positionRow({ positionId: "1" });
    const partial = positionRow({ positionId: "2", symbol: "BBB", underlying: "BBB", instrumentType: "STOCK", multiplier: 1, qty: 10, qtyText: "10" });
    const plan = planReconciliation({
      positions: [none1, partial],
      latestExitOrders: none,
      brokerPositions: [],
      pendingEntrySymbols: new Set(),
      brokerFills: [fill({ symbol: "BBB", qty: 4, price: 50 })],
      now: T0,
    });
    expect(plan.phantoms).toEqual([]);
    expect(plan.reviews.map((r) => [r.position.positionId, r.reason, r.evidenceQty])).toEqual([
      ["1", "no_close_evidence", 0],
      ["2", "partial_close_evidence", 4],
    ]);
  });

  it("fails closed: without the broker's fills a missing row is neither closed nor flagged", () => {
    const plan = planReconciliation({
      positions: [positionRow()],
      latestExitOrders: none,
      brokerPositions: [],
      pendingEntrySymbols: new Set(),
      brokerFills: undefined,
      now: T0,
    });
    expect(plan.phantoms).toEqual([]);
    expect(plan.reviews).toEqual([]);
    expect(plan.unverified.map((p) => p.positionId)).toEqual(["1"]);
  });

  it("lifts the review flag when the broker holds the instrument again", () => {
    const plan = planReconciliation({
      positions: [positionRow({ reviewSince: T0 })],
      latestExitOrders: none,
      brokerPositions: [brokerPosition()],
      pendingEntrySymbols: new Set(),
      brokerFills: [],
      now: T0,
    });
    expect(plan.reviewsCleared.map((p) => p.positionId)).toEqual(["1"]);
    expect(plan.phantoms).toEqual([]);
  });

  it("gives a broker listing time to catch up: no phantom for a brand-new row, no adoption of a just-closed instrument", () => {
    const plan = planReconciliation({
      positions: [positionRow({ openedAt: new Date(T0.getTime() - 30_000) })],
      latestExitOrders: none,
      brokerPositions: [brokerPosition({ symbol: "BBB", underlying: "BBB", instrumentType: "STOCK", assetClass: "us_equity" })],
      pendingEntrySymbols: new Set(),
      recentlyClosedSymbols: new Set(["BBB"]),
      brokerFills: [],
      now: T0,
    });
    expect(plan.phantoms).toEqual([]);
    expect(plan.reviews).toEqual([]);
    expect(plan.adoptions).toEqual([]);
    expect(plan.skipped).toEqual([expect.objectContaining({ symbol: "BBB", reason: "recently_closed" })]);
  });

  it("adopts broker-only holdings with their OCC fields and no strategy, but never shorts, odd assets or entries in flight", () => {
    const plan = planReconciliation({
      positions: [],
      latestExitOrders: none,
      brokerPositions: [
        brokerPosition({ symbol: "AAA240315P00095000", instrumentType: "PUT", qty: 3, avgEntryPrice: 1.2 }),
        brokerPosition({ symbol: "CCC", underlying: "CCC", instrumentType: "STOCK", assetClass: "us_equity", side: "short", qty: 5 }),
        brokerPosition({ symbol: "BTCUSD", underlying: "BTCUSD", instrumentType: "OTHER", assetClass: "crypto" }),
        brokerPosition({ symbol: "AAA240315C00100000", qty: 2 }),
        brokerPosition({ symbol: "DDD", underlying: "DDD", instrumentType: "STOCK", assetClass: "us_equity", qty: 0.5, avgEntryPrice: 40 }),
      ],
      pendingEntrySymbols: new Set(["AAA240315C00100000"]),
      brokerFills: [],
      now: T0,
    });
    expect(plan.adoptions).toEqual([
      expect.objectContaining({ symbol: "AAA240315P00095000", underlying: "AAA", instrumentType: "PUT", optionRight: "put", optionStrike: 95, optionExpiry: "2024-03-15", multiplier: 100, qtyText: "3", avgEntryPriceText: "1.2", strategyType: null, recId: null }),
      expect.objectContaining({ symbol: "DDD", instrumentType: "STOCK", multiplier: 1, qtyText: "0.5", optionExpiry: null }),
    ]);
    expect(Object.fromEntries(plan.skipped.map((s) => [s.symbol, s.reason]))).toEqual({
      CCC: "short_position",
      BTCUSD: "unsupported_asset",
      AAA240315C00100000: "entry_in_flight",
    });
  });

  it("follows the broker's quantity for open rows only, never for a row with an exit working", () => {
    const plan = planReconciliation({
      positions: [
        positionRow({ positionId: "1", qty: 3 }),
        positionRow({ positionId: "2", symbol: "AAA240315P00095000", instrumentType: "PUT", qty: 3, status: "closing" }),
      ],
      latestExitOrders: new Map([["2", exitOrder("partially_filled", { positionId: "2" })]]),
      brokerPositions: [brokerPosition({ qty: 2 }), brokerPosition({ symbol: "AAA240315P00095000", instrumentType: "PUT", qty: 1 })],
      pendingEntrySymbols: new Set(),
      brokerFills: [],
      now: T0,
    });
    expect(plan.qtySyncs.map((q) => [q.position.positionId, q.brokerQty])).toEqual([["1", 2]]);
    expect(plan.phantoms).toEqual([]);
    expect(plan.adoptions).toEqual([]);
  });
});

describe("planClosing", () => {
  const closing = positionRow({ status: "closing", closingSince: new Date(T0.getTime() - 120_000) });

  it.each([
    ["rejected", "close_rejected"],
    ["canceled", "close_canceled"],
    ["expired", "close_expired"],
  ] as const)("reopens a position whose exit order was %s", (status, event) => {
    const [action] = planClosing([closing], new Map([["1", exitOrder(status)]]), T0, 600);
    expect(action).toMatchObject({ kind: "reopen", event });
  });

  it("closes a filled exit at the average of its recorded fills, and waits while fills lag", () => {
    const [done] = planClosing([closing], new Map([["1", exitOrder("filled", { fillsAvgPriceText: "0.675" })]]), T0, 600);
    const [lagging] = planClosing([closing], new Map([["1", exitOrder("filled", { fillsQtyText: "1" })]]), T0, 600);
    expect(done).toMatchObject({ kind: "close_from_fills", exitPriceText: "0.675", qtyText: "2" });
    expect(lagging).toMatchObject({ kind: "await_fills" });
  });

  it.each(["canceled", "expired", "rejected"] as const)(
    "an exit %s after part-filling: open again holding only the rest; waits while its fills lag; closes when nothing is left",
    (status) => {
      // closing row holds 2; 1 sold at 0.70 before the order ended.
      const partial = exitOrder(status, { filledQty: 1, fillsQtyText: "1", fillsAvgPriceText: "0.70" });
      expect(planClosing([closing], new Map([["1", partial]]), T0, 600)[0]).toMatchObject({ kind: "reopen_remaining", soldQtyText: "1" });
      const lagging = exitOrder(status, { filledQty: 1, fillsQtyText: "0", fillsAvgPriceText: null });
      expect(planClosing([closing], new Map([["1", lagging]]), T0, 600)[0]).toMatchObject({ kind: "await_fills" });
      const all = exitOrder(status, { filledQty: 2, fillsQtyText: "2", fillsAvgPriceText: "0.70" });
      expect(planClosing([closing], new Map([["1", all]]), T0, 600)[0]).toMatchObject({ kind: "close_from_fills", qtyText: "2", exitPriceText: "0.70" });
    },
  );

  it("books the final close on every exit fill of the position, earlier part-filled attempts included", () => {
    // Attempt 1 sold 4 at 0.70 and was cancelled; attempt 2 sold the remaining 6 at 0.60: 10 at 0.64.
    const row = positionRow({ status: "closing", qty: 6, qtyText: "6", closingSince: new Date(T0.getTime() - 60_000) });
    const second = exitOrder("filled", { attempt: 2, qty: 6, filledQty: 6, fillsQtyText: "6", fillsAvgPriceText: "0.60", positionFillsQtyText: "10", positionFillsAvgPriceText: "0.64" });
    expect(planClosing([row], new Map([["1", second]]), T0, 600)[0]).toMatchObject({ kind: "close_from_fills", qtyText: "10", exitPriceText: "0.64" });
  });

  it("asks for a cancel only once a live exit has been working longer than the timeout", () => {
    const live = new Map([["1", exitOrder("accepted")]]);
    expect(planClosing([closing], live, T0, 600)[0]?.kind).toBe("wait");
    expect(planClosing([closing], live, T0, 60)[0]).toMatchObject({ kind: "cancel_stale", closingForS: 120 });
  });

  it("re-prices a resting limit exit after the shorter limit timeout, but gives a market exit the full timeout", () => {
    const limit = new Map([["1", exitOrder("accepted", { orderType: "limit" })]]);
    const market = new Map([["1", exitOrder("accepted", { orderType: "market" })]]);
    expect(planClosing([closing], limit, T0, 600, 90)[0]).toMatchObject({ kind: "cancel_stale" });
    expect(planClosing([closing], market, T0, 600, 90)[0]?.kind).toBe("wait");
  });

  it("reopens a closing row that has no exit order at all (reconciliation then checks the broker)", () => {
    expect(planClosing([closing], none, T0, 600)[0]).toMatchObject({ kind: "reopen", event: "closing_without_order" });
  });
});

describe("pickMark", () => {
  const quote = { symbol: "AAA240315C00100000", bid: 2.4, ask: 2.6, bidSize: 1, askSize: 1, at: new Date(T0.getTime() - 5_000) };
  const stock = positionRow({ symbol: "BBB", underlying: "BBB", instrumentType: "STOCK", multiplier: 1 });

  it("marks an option at its own quote's mid and refuses stale, one-sided or foreign quotes", () => {
    expect(pickMark(positionRow(), { quote, bar: undefined, brokerPosition: undefined }, T0, 60)).toMatchObject({ ok: true, mark: { price: 2.5, source: "option_quote_mid" } });
    expect(pickMark(positionRow(), { quote: { ...quote, at: new Date(T0.getTime() - 120_000) }, bar: undefined, brokerPosition: undefined }, T0, 60).ok).toBe(false);
    expect(pickMark(positionRow(), { quote: { ...quote, bid: 0 }, bar: undefined, brokerPosition: undefined }, T0, 60).ok).toBe(false);
    expect(pickMark(positionRow(), { quote: { ...quote, symbol: "AAA" }, bar: undefined, brokerPosition: undefined }, T0, 60).ok).toBe(false);
  });

  it("never marks an option from the broker's position valuation (seed 37)", () => {
    expect(pickMark(positionRow(), { quote: undefined, bar: undefined, brokerPosition: brokerPosition() }, T0, 60).ok).toBe(false);
  });

  it("marks a stock at its fresh bar close, else at the broker's current price", () => {
    const fresh = { symbol: "BBB", ts: new Date(T0.getTime() - 90_000), close: 47 };
    const stale = { symbol: "BBB", ts: new Date(T0.getTime() - 600_000), close: 50 };
    const held = brokerPosition({ symbol: "BBB", instrumentType: "STOCK", currentPrice: 48 });
    expect(pickMark(stock, { quote: undefined, bar: fresh, brokerPosition: held }, T0, 60)).toMatchObject({ ok: true, mark: { price: 47, source: "bar_close" } });
    expect(pickMark(stock, { quote: undefined, bar: stale, brokerPosition: held }, T0, 60)).toMatchObject({ ok: true, mark: { price: 48, source: "broker_current_price" } });
    expect(pickMark(stock, { quote: undefined, bar: stale, brokerPosition: undefined }, T0, 60).ok).toBe(false);
  });
});

describe("markDivergence", () => {
  it("measures the gap between our mark and the broker's valuation relative to the mark", () => {
    expect(markDivergence(2, 2.5)).toBeCloseTo(0.25, 12);
    expect(markDivergence(2, undefined)).toBeNull();
    expect(markDivergence(2, 0)).toBeNull();
  });
});

describe("positionFromEntry", () => {
  const entry: FilledEntry = {
    orderId: "7",
    symbol: "AAA240315P00095000",
    underlying: "AAA",
    instrumentType: "PUT",
    recId: "3",
    qtyText: "2",
    avgPriceText: "1.175",
    firstFillAt: T0,
    strategyType: "day_trade",
    featuresSnapshot: { rsi14: 40 },
  };

  it("takes the option fields from the OCC symbol and the price from the fills", () => {
    expect(positionFromEntry(entry)).toEqual({
      ok: true,
      position: expect.objectContaining({ optionExpiry: "2024-03-15", optionStrike: 95, optionRight: "put", multiplier: 100, avgEntryPriceText: "1.175", entryOrderId: "7", recId: "3", strategyType: "day_trade" }),
    });
  });

  it("refuses an option entry whose symbol disagrees with its type or underlying", () => {
    expect(positionFromEntry({ ...entry, instrumentType: "CALL" }).ok).toBe(false);
    expect(positionFromEntry({ ...entry, underlying: "BBB" }).ok).toBe(false);
    expect(positionFromEntry({ ...entry, symbol: "AAA" }).ok).toBe(false);
    expect(positionFromEntry({ ...entry, symbol: "AAA240315C00100000", instrumentType: "STOCK", underlying: "AAA240315C00100000" }).ok).toBe(false);
  });
});
