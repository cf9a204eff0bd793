// One orders row as this module reads it. pg returns numeric as strings and bigint as numbers or
// strings depending on the backend, so every value is normalised here, once.
import type { OrderPurpose, OrderSide, OrderStatus } from "@ops/trading";

export interface OrderRow {
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly accountId: string;
  readonly recId: string | null;
  readonly positionId: string | null;
  readonly purpose: OrderPurpose;
  readonly attempt: number;
  readonly symbol: string;
  readonly underlying: string;
  readonly instrumentType: string;
  readonly side: OrderSide;
  readonly qty: number;
  readonly status: OrderStatus;
  readonly brokerOrderId: string | null;
  readonly filledQty: number;
  readonly filledAvgPrice: number | null;
  readonly submittedAt: Date | null;
  readonly createdAt: Date;
  readonly lastError: string | null;
}

export const ORDER_COLUMNS = `order_id, client_order_id, account_id, rec_id, position_id, purpose, attempt, symbol,
  underlying, instrument_type, side, qty, status, broker_order_id, filled_qty, filled_avg_price, submitted_at,
  created_at, last_error`;

export const LIVE_ORDER_STATUSES = ["pending_submit", "unresolved", "accepted", "partially_filled"] as const satisfies readonly OrderStatus[];

export function isLiveStatus(status: OrderStatus): boolean {
  return (LIVE_ORDER_STATUSES as readonly OrderStatus[]).includes(status);
}

export function toOrderRow(row: Record<string, unknown>): OrderRow {
  return {
    orderId: String(row.order_id),
    clientOrderId: String(row.client_order_id),
    accountId: String(row.account_id),
    recId: row.rec_id === null || row.rec_id === undefined ? null : String(row.rec_id),
    positionId: row.position_id === null || row.position_id === undefined ? null : String(row.position_id),
    purpose: row.purpose as OrderPurpose,
    attempt: Number(row.attempt),
    symbol: String(row.symbol),
    underlying: String(row.underlying),
    instrumentType: String(row.instrument_type),
    side: row.side as OrderSide,
    qty: Number(row.qty),
    status: row.status as OrderStatus,
    brokerOrderId: row.broker_order_id === null || row.broker_order_id === undefined ? null : String(row.broker_order_id),
    filledQty: Number(row.filled_qty),
    filledAvgPrice: row.filled_avg_price === null || row.filled_avg_price === undefined ? null : Number(row.filled_avg_price),
    submittedAt: toDateOrNull(row.submitted_at),
    createdAt: toDateOrNull(row.created_at) ?? new Date(Number.NaN),
    lastError: row.last_error === null || row.last_error === undefined ? null : String(row.last_error),
  };
}

function toDateOrNull(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}
