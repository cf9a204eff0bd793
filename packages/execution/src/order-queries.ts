// The only SQL that writes orders and fills. Batched: one statement per kind of write per call.
import type { Queryable } from "@ops/core";
import type { AccountId, OrderPurpose } from "@ops/trading";
import { LIVE_ORDER_STATUSES, ORDER_COLUMNS, toOrderRow } from "./order-row.js";
import type { OrderRow } from "./order-row.js";
import type { OrderSpec } from "./order-spec.js";
import { NOT_AT_BROKER } from "./reconcile-order.js";
import type { OrderUpdate } from "./reconcile-order.js";

const LIVE_LIST = LIVE_ORDER_STATUSES.map((s) => `'${s}'`).join(", ");

export async function insertPendingOrder(
  tx: Queryable,
  spec: OrderSpec,
  clientOrderId: string,
  now: Date,
): Promise<OrderRow> {
  const result = await tx.query(
    `INSERT INTO orders (client_order_id, account_id, rec_id, position_id, purpose, attempt, symbol, underlying,
       instrument_type, side, position_intent, qty, order_type, limit_price, time_in_force, status, created_at,
       updated_at, raw)
     VALUES ($1, $2, $3::bigint, $4::bigint, $5, $6, $7, $8, $9, $10, $11, $12::numeric, $13, $14::numeric, $15,
       'pending_submit', $16::timestamptz, $16::timestamptz, $17::jsonb)
     RETURNING ${ORDER_COLUMNS}`,
    [
      clientOrderId,
      spec.account,
      spec.recId,
      spec.positionId,
      spec.purpose,
      spec.attempt,
      spec.symbol,
      spec.underlying,
      spec.instrumentType,
      spec.side,
      spec.positionIntent,
      String(spec.qty),
      spec.orderType,
      spec.limitPrice === null ? null : String(spec.limitPrice),
      spec.timeInForce,
      now.toISOString(),
      JSON.stringify({ request: spec.detail }),
    ],
  );
  const row = result.rows[0];
  if (row === undefined) throw new Error("INSERT INTO orders returned no row");
  return toOrderRow(row);
}

/**
 * Live rows, recent rows whose recorded fills lag filled_qty, and recent 'not_at_broker' verdicts. The
 * live-status index keeps this cheap; older filled rows are not re-read.
 */
export async function selectOrdersToSettle(
  db: Queryable,
  account: AccountId,
  purpose: OrderPurpose | null,
  recentSince: Date,
  recheckNotAtBrokerSince: Date,
): Promise<(OrderRow & { readonly fillsQty: number })[]> {
  const result = await db.query(
    `SELECT ${ORDER_COLUMNS}, fills_qty FROM (
       SELECT o.*, (SELECT COALESCE(sum(f.qty), 0) FROM fills f WHERE f.order_id = o.order_id) AS fills_qty
       FROM orders o
       WHERE o.account_id = $1 AND ($2::text IS NULL OR o.purpose = $2::text)
         AND (o.status IN (${LIVE_LIST})
              OR (o.filled_qty > 0 AND o.created_at >= $3::timestamptz)
              OR (o.status = 'rejected' AND o.last_error = '${NOT_AT_BROKER}' AND o.created_at >= $4::timestamptz))
     ) o
     WHERE o.status IN (${LIVE_LIST}) OR o.filled_qty > o.fills_qty OR o.status = 'rejected'
     ORDER BY o.order_id`,
    [account, purpose, recentSince.toISOString(), recheckNotAtBrokerSince.toISOString()],
  );
  return result.rows.map((r) => ({ ...toOrderRow(r), fillsQty: Number(r.fills_qty) }));
}

export async function selectOrderById(db: Queryable, account: AccountId, orderId: string): Promise<OrderRow | undefined> {
  const result = await db.query(`SELECT ${ORDER_COLUMNS} FROM orders WHERE order_id = $1::bigint AND account_id = $2`, [orderId, account]);
  const row = result.rows[0];
  return row === undefined ? undefined : toOrderRow(row);
}

/**
 * Applies broker views in one statement. Each row changes only if it still has the status it was read
 * with and its filled qty would not shrink, so a racing settler can never move a row backwards.
 * Returns the ids actually updated.
 */
export async function applyOrderUpdates(tx: Queryable, updates: readonly OrderUpdate[], now: Date): Promise<Set<string>> {
  if (updates.length === 0) return new Set();
  const result = await tx.query<{ order_id: unknown }>(
    `UPDATE orders o SET
       status = u.status,
       broker_order_id = COALESCE(o.broker_order_id, u.broker_order_id),
       filled_qty = u.filled_qty::numeric,
       filled_avg_price = u.filled_avg_price::numeric,
       submitted_at = COALESCE(o.submitted_at, u.submitted_at::timestamptz),
       last_error = u.last_error,
       raw = COALESCE(o.raw, '{}'::jsonb) || jsonb_build_object('broker', u.raw::jsonb),
       updated_at = $10::timestamptz
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       AS u(order_id, expected_status, status, broker_order_id, filled_qty, filled_avg_price, submitted_at, last_error, raw)
     WHERE o.order_id = u.order_id::bigint
       AND o.status = u.expected_status
       AND o.filled_qty <= u.filled_qty::numeric
     RETURNING o.order_id`,
    [
      updates.map((u) => u.orderId),
      updates.map((u) => u.expectedStatus),
      updates.map((u) => u.status),
      updates.map((u) => u.brokerOrderId),
      updates.map((u) => String(u.filledQty)),
      updates.map((u) => (u.filledAvgPrice === null ? null : String(u.filledAvgPrice))),
      updates.map((u) => u.submittedAt.toISOString()),
      updates.map((u) => u.lastError),
      updates.map((u) => JSON.stringify(u.raw ?? null)),
      now.toISOString(),
    ],
  );
  return new Set(result.rows.map((r) => String(r.order_id)));
}

/** The POST was refused or its outcome is unknown: record it on the still-pending row. */
export async function recordSubmitFailure(
  tx: Queryable,
  orderId: string,
  status: "rejected" | "unresolved",
  message: string,
  now: Date,
): Promise<boolean> {
  const result = await tx.query(
    `UPDATE orders SET status = $2, last_error = $3, submitted_at = COALESCE(submitted_at, $4::timestamptz),
       updated_at = $4::timestamptz
     WHERE order_id = $1::bigint AND status = 'pending_submit'`,
    [orderId, status, message.slice(0, 2000), now.toISOString()],
  );
  return result.rowCount === 1;
}

/** pending_submit/unresolved rows the broker has never heard of, past the grace period. */
export async function markNotAtBroker(tx: Queryable, rows: readonly Pick<OrderRow, "orderId" | "status">[], now: Date): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const result = await tx.query<{ order_id: unknown }>(
    `UPDATE orders o SET status = 'rejected', last_error = '${NOT_AT_BROKER}',
       submitted_at = COALESCE(o.submitted_at, $3::timestamptz), updated_at = $3::timestamptz
     FROM unnest($1::text[], $2::text[]) AS u(order_id, expected_status)
     WHERE o.order_id = u.order_id::bigint AND o.status = u.expected_status
     RETURNING o.order_id`,
    [rows.map((r) => r.orderId), rows.map((r) => r.status), now.toISOString()],
  );
  return new Set(result.rows.map((r) => String(r.order_id)));
}

export interface NewFill {
  readonly fillId: string;
  readonly orderId: string;
  readonly account: AccountId;
  readonly symbol: string;
  readonly side: string;
  readonly qty: number;
  readonly price: number;
  readonly filledAt: Date;
  readonly raw: unknown;
}

/** Idempotent on fill_id: replaying the same broker activities inserts nothing. Returns ids inserted. */
export async function insertFills(tx: Queryable, fills: readonly NewFill[], now: Date): Promise<string[]> {
  if (fills.length === 0) return [];
  const result = await tx.query<{ fill_id: unknown }>(
    `INSERT INTO fills (fill_id, order_id, account_id, symbol, side, qty, price, filled_at, raw, created_at)
     SELECT u.fill_id, u.order_id::bigint, u.account_id, u.symbol, u.side, u.qty::numeric, u.price::numeric,
       u.filled_at::timestamptz, u.raw::jsonb, $10::timestamptz
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       AS u(fill_id, order_id, account_id, symbol, side, qty, price, filled_at, raw)
     ON CONFLICT (fill_id) DO NOTHING
     RETURNING fill_id`,
    [
      fills.map((f) => f.fillId),
      fills.map((f) => f.orderId),
      fills.map((f) => f.account),
      fills.map((f) => f.symbol),
      fills.map((f) => f.side),
      fills.map((f) => String(f.qty)),
      fills.map((f) => String(f.price)),
      fills.map((f) => f.filledAt.toISOString()),
      fills.map((f) => JSON.stringify(f.raw ?? null)),
      now.toISOString(),
    ],
  );
  return result.rows.map((r) => String(r.fill_id));
}
