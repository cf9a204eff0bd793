import type { BrokerOrder } from "@ops/broker-alpaca";
import { describe, expect, it } from "vitest";
import type { OrderRow } from "./order-row.js";
import { NOT_AT_BROKER, reconcileWithBroker } from "./reconcile-order.js";

const NOW = new Date("2024-03-05T15:00:00Z");

const row = (overrides: Partial<OrderRow> = {}): OrderRow => ({
  orderId: "7", clientOrderId: "ops-e-r1-large-100k-a1", accountId: "large-100k", recId: "1", positionId: null, purpose: "entry",
  attempt: 1, symbol: "AAA240308C00100000", underlying: "AAA", instrumentType: "CALL", side: "buy", qty: 2, status: "accepted",
  brokerOrderId: "b-1", filledQty: 0, filledAvgPrice: null, submittedAt: NOW, createdAt: NOW, lastError: null, ...overrides,
});

const order = (overrides: Partial<BrokerOrder> = {}): BrokerOrder => ({
  id: "b-1", clientOrderId: "ops-e-r1-large-100k-a1", symbol: "AAA240308C00100000", assetClass: "us_option", side: "buy", type: "limit",
  timeInForce: "day", positionIntent: "buy_to_open", qty: 2, notional: undefined, filledQty: 0, filledAvgPrice: undefined, limitPrice: 2.15,
  stopPrice: undefined, status: "accepted", brokerStatus: "new", createdAt: NOW, updatedAt: NOW, submittedAt: NOW, filledAt: undefined,
  canceledAt: undefined, expiredAt: undefined, failedAt: undefined, ...overrides,
});

describe("reconcileWithBroker", () => {
  it("applies a fill reported by the broker", () => {
    const result = reconcileWithBroker(row(), order({ status: "filled", filledQty: 2, filledAvgPrice: 2.1 }), NOW);
    expect(result).toMatchObject({ kind: "update", update: { status: "filled", filledQty: 2, filledAvgPrice: 2.1, expectedStatus: "accepted" } });
  });

  it("adopts the broker order id for a row that never learned it", () => {
    const result = reconcileWithBroker(row({ status: "unresolved", brokerOrderId: null }), order(), NOW);
    expect(result).toMatchObject({ kind: "update", update: { status: "accepted", brokerOrderId: "b-1" } });
  });

  it("reports nothing to do when the broker agrees with the row", () => {
    expect(reconcileWithBroker(row(), order(), NOW)).toEqual({ kind: "unchanged" });
  });

  it.each([
    ["another client order id", row(), order({ clientOrderId: "ops-e-r2-large-100k-a1" })],
    ["another broker order id", row(), order({ id: "b-2" })],
    ["another instrument", row(), order({ symbol: "AAA" })],
    ["a shrinking fill", row({ status: "partially_filled", filledQty: 2, filledAvgPrice: 2 }), order({ status: "partially_filled", filledQty: 1, filledAvgPrice: 2 })],
    ["more filled than ordered", row(), order({ status: "filled", filledQty: 3, filledAvgPrice: 2 })],
    ["a fill without a price", row(), order({ status: "partially_filled", filledQty: 1 })],
    ["filled with less than the order qty", row(), order({ status: "filled", filledQty: 1, filledAvgPrice: 2 })],
  ])("refuses to apply an answer with %s", (_name, current, answer) => {
    expect(reconcileWithBroker(current, answer, NOW).kind).toBe("conflict");
  });

  it("never reopens a terminal row", () => {
    expect(reconcileWithBroker(row({ status: "canceled" }), order({ status: "accepted" }), NOW)).toEqual({ kind: "unchanged" });
  });

  it("lets a real broker answer override an earlier not_at_broker verdict", () => {
    const result = reconcileWithBroker(row({ status: "rejected", lastError: NOT_AT_BROKER, brokerOrderId: null }), order(), NOW);
    expect(result).toMatchObject({ kind: "update", update: { status: "accepted", expectedStatus: "rejected" } });
  });
});
