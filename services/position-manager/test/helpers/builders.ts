// Plain-data builders for the pure planners (no database, no broker).
import type { BrokerPosition, Fill } from "@ops/broker-alpaca";
import type { OrderStatus } from "@ops/trading";
import type { PositionRow } from "../../src/position-row.js";
import type { LatestExitOrder } from "../../src/queries.js";

export const T0 = new Date("2024-03-05T15:00:00Z");

export function positionRow(overrides: Partial<PositionRow> = {}): PositionRow {
  const qty = overrides.qty ?? 2;
  return {
    positionId: "1",
    accountId: "large-100k",
    symbol: "AAA240315C00100000",
    underlying: "AAA",
    instrumentType: "CALL",
    optionExpiry: "2024-03-15",
    optionStrike: 100,
    qty,
    qtyText: String(qty),
    multiplier: 100,
    avgEntryPrice: 2,
    entryOrderId: "10",
    recId: "5",
    strategyType: "swing_trade",
    openedAt: new Date(T0.getTime() - 3_600_000),
    status: "open",
    closingSince: null,
    stopPrice: null,
    targetPrice: null,
    maxHoldMinutes: null,
    peakPrice: null,
    trailPrice: null,
    lastMarkPrice: 2.5,
    lastMarkAt: T0,
    mfePct: null,
    maePct: null,
    reviewSince: null,
    ...overrides,
  };
}

export function exitOrder(status: OrderStatus, overrides: Partial<LatestExitOrder> = {}): LatestExitOrder {
  return {
    positionId: "1",
    orderId: "20",
    clientOrderId: "ops-x-p1-large-100k-a1",
    attempt: 1,
    status,
    qty: 2,
    filledQty: status === "filled" ? 2 : 0,
    lastError: null,
    orderType: "market",
    reason: "option_stop_loss",
    fillsQtyText: status === "filled" ? "2" : "0",
    fillsAvgPriceText: status === "filled" ? "0.65" : null,
    // No earlier attempt by default: the position's exit fills are this order's.
    positionFillsQtyText: overrides.fillsQtyText ?? (status === "filled" ? "2" : "0"),
    positionFillsAvgPriceText: overrides.fillsAvgPriceText !== undefined ? overrides.fillsAvgPriceText : status === "filled" ? "0.65" : null,
    ...overrides,
  };
}

export function brokerPosition(overrides: Partial<BrokerPosition> = {}): BrokerPosition {
  return {
    symbol: "AAA240315C00100000",
    assetClass: "us_option",
    instrumentType: "CALL",
    underlying: "AAA",
    side: "long",
    qty: 2,
    qtyAvailable: 2,
    avgEntryPrice: 2,
    currentPrice: 2.4,
    marketValue: 480,
    costBasis: 400,
    unrealizedPl: 80,
    unrealizedPlpc: 0.2,
    lastdayPrice: 2,
    ...overrides,
  };
}

/** A broker FILL activity: by default a sell of the builders' call, 10 minutes before T0 (after it opened). */
export function fill(overrides: Partial<Fill> = {}): Fill {
  return {
    id: "f1",
    orderId: "broker-order-1",
    symbol: "AAA240315C00100000",
    side: "sell",
    qty: 2,
    price: 2.3,
    cumQty: undefined,
    leavesQty: undefined,
    transactionTime: new Date(T0.getTime() - 600_000),
    fillType: "fill",
    orderStatus: "filled",
    ...overrides,
  };
}
