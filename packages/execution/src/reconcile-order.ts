// Pure: what our orders row should become given the broker's view of the same order. The broker is the
// source of truth, but a row never moves backwards (filled qty never shrinks, a terminal status is
// final) and an answer about a different order is never applied.
import type { BrokerOrder } from "@ops/broker-alpaca";
import type { OrderStatus } from "@ops/trading";
import { isLiveStatus } from "./order-row.js";
import type { OrderRow } from "./order-row.js";

/** last_error of a row that the broker never received (settled after the grace period). */
export const NOT_AT_BROKER = "not_at_broker";

export interface OrderUpdate {
  readonly orderId: string;
  /** The status the row had when it was read: the UPDATE applies only if it still has it. */
  readonly expectedStatus: OrderStatus;
  readonly status: OrderStatus;
  readonly brokerOrderId: string | null;
  readonly filledQty: number;
  readonly filledAvgPrice: number | null;
  readonly submittedAt: Date;
  readonly lastError: string | null;
  readonly raw: unknown;
}

export type Reconciliation =
  | { readonly kind: "update"; readonly update: OrderUpdate }
  | { readonly kind: "unchanged" }
  | { readonly kind: "conflict"; readonly message: string };

export function isNotAtBrokerRejection(row: Pick<OrderRow, "status" | "lastError">): boolean {
  return row.status === "rejected" && row.lastError === NOT_AT_BROKER;
}

export function reconcileWithBroker(row: OrderRow, order: BrokerOrder, now: Date): Reconciliation {
  if (order.clientOrderId !== row.clientOrderId) {
    return conflict(`broker answered for client_order_id ${order.clientOrderId}, row has ${row.clientOrderId}`);
  }
  if (row.brokerOrderId !== null && row.brokerOrderId !== order.id) {
    return conflict(`broker order id ${order.id} differs from recorded ${row.brokerOrderId}`);
  }
  if (order.symbol !== row.symbol || order.side !== row.side) {
    return conflict(`broker order is ${order.side} ${order.symbol}, row is ${row.side} ${row.symbol}`);
  }
  // Our own 'not_at_broker' verdict was a guess from silence; a real broker answer overrides it.
  const resurrect = isNotAtBrokerRejection(row);
  if (!isLiveStatus(row.status) && !resurrect) return { kind: "unchanged" };

  const filledQty = order.filledQty;
  if (!(Number.isFinite(filledQty) && filledQty >= 0)) return conflict(`broker filled_qty ${filledQty} is not a quantity`);
  if (filledQty > row.qty) return conflict(`broker filled_qty ${filledQty} exceeds order qty ${row.qty}`);
  if (filledQty < row.filledQty) return conflict(`broker filled_qty ${filledQty} is below recorded ${row.filledQty}`);
  if (order.status === "filled" && filledQty !== row.qty) {
    return conflict(`broker says filled with filled_qty ${filledQty} of ${row.qty}`);
  }
  let filledAvgPrice = row.filledAvgPrice;
  if (filledQty > 0) {
    const price = order.filledAvgPrice;
    if (price !== undefined && Number.isFinite(price) && price > 0) filledAvgPrice = price;
    else if (filledQty !== row.filledQty || filledAvgPrice === null) {
      return conflict(`broker reports filled_qty ${filledQty} without an average price`);
    }
  }

  const status = order.status;
  const unchanged =
    status === row.status && row.brokerOrderId === order.id && filledQty === row.filledQty && filledAvgPrice === row.filledAvgPrice;
  if (unchanged) return { kind: "unchanged" };
  return {
    kind: "update",
    update: {
      orderId: row.orderId,
      expectedStatus: row.status,
      status,
      brokerOrderId: order.id,
      filledQty,
      filledAvgPrice: filledQty > 0 ? filledAvgPrice : null,
      submittedAt: row.submittedAt ?? order.submittedAt ?? order.createdAt ?? now,
      lastError: resurrect ? `${NOT_AT_BROKER} (later found at broker)` : row.lastError,
      raw: order,
    },
  };
}

function conflict(message: string): Reconciliation {
  return { kind: "conflict", message };
}
