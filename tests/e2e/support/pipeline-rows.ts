import type { Db } from "@ops/core";

// Typed reads of the rows the end-to-end test follows. Numeric columns are cast to float8 and bigint ids to
// text in SQL, so the values compare the same way whatever the driver's type parsers do.

export interface OrderRow {
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly accountId: string;
  readonly recId: string | null;
  readonly positionId: string | null;
  readonly purpose: "entry" | "exit";
  readonly attempt: number;
  readonly symbol: string;
  readonly underlying: string;
  readonly side: "buy" | "sell";
  readonly qty: number;
  readonly status: string;
  readonly brokerOrderId: string | null;
  readonly filledQty: number;
  readonly filledAvgPrice: number | null;
}

export async function readOrders(db: Db): Promise<OrderRow[]> {
  const { rows } = await db.query<OrderRow>(
    `SELECT order_id::text AS "orderId", client_order_id AS "clientOrderId", account_id AS "accountId",
            rec_id::text AS "recId", position_id::text AS "positionId", purpose, attempt::int AS attempt, symbol,
            underlying, side, qty::float8 AS qty, status, broker_order_id AS "brokerOrderId",
            filled_qty::float8 AS "filledQty", filled_avg_price::float8 AS "filledAvgPrice"
       FROM orders ORDER BY order_id`,
  );
  return rows;
}

export interface PositionRow {
  readonly positionId: string;
  readonly accountId: string;
  readonly symbol: string;
  readonly underlying: string;
  readonly status: "open" | "closing" | "closed";
  readonly qty: number;
  readonly multiplier: number;
  readonly avgEntryPrice: number;
  readonly entryOrderId: string | null;
  readonly recId: string | null;
  readonly exitPrice: number | null;
  readonly realizedPnl: number | null;
  readonly closeReason: string | null;
  readonly closedAt: Date | null;
}

export async function readPositions(db: Db): Promise<PositionRow[]> {
  const { rows } = await db.query<PositionRow>(
    `SELECT position_id::text AS "positionId", account_id AS "accountId", symbol, underlying, status, qty::float8 AS qty,
            multiplier, avg_entry_price::float8 AS "avgEntryPrice", entry_order_id::text AS "entryOrderId",
            rec_id::text AS "recId", exit_price::float8 AS "exitPrice", realized_pnl::float8 AS "realizedPnl",
            close_reason AS "closeReason", closed_at AS "closedAt"
       FROM positions ORDER BY position_id`,
  );
  return rows;
}

export interface PositionHistoryRow {
  readonly positionId: string;
  readonly accountId: string;
  readonly symbol: string;
  readonly qty: number;
  readonly multiplier: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly exitPriceSource: string;
  readonly pnlUsd: number;
  readonly exitReason: string;
}

export async function readPositionHistory(db: Db): Promise<PositionHistoryRow[]> {
  const { rows } = await db.query<PositionHistoryRow>(
    `SELECT position_id::text AS "positionId", account_id AS "accountId", symbol, qty::float8 AS qty, multiplier,
            entry_price::float8 AS "entryPrice", exit_price::float8 AS "exitPrice", exit_price_source AS "exitPriceSource",
            pnl_usd::float8 AS "pnlUsd", exit_reason AS "exitReason"
       FROM position_history ORDER BY position_id`,
  );
  return rows;
}

export interface FillRow {
  readonly fillId: string;
  readonly orderId: string;
  readonly accountId: string;
  readonly symbol: string;
  readonly side: string;
  readonly qty: number;
  readonly price: number;
}

export async function readFills(db: Db): Promise<FillRow[]> {
  const { rows } = await db.query<FillRow>(
    `SELECT fill_id AS "fillId", order_id::text AS "orderId", account_id AS "accountId", symbol, side, qty::float8 AS qty,
            price::float8 AS price
       FROM fills ORDER BY fill_id`,
  );
  return rows;
}

/** Volume-weighted price of a set of fills. */
export function vwap(fills: readonly { qty: number; price: number }[]): number {
  const qty = fills.reduce((sum, f) => sum + f.qty, 0);
  return fills.reduce((sum, f) => sum + f.qty * f.price, 0) / qty;
}

export interface RecommendationRow {
  readonly recId: string;
  readonly symbol: string;
  readonly action: string;
  readonly signalTs: Date;
}

export async function readRecommendation(db: Db, recId: string): Promise<RecommendationRow | undefined> {
  const { rows } = await db.query<RecommendationRow>(
    `SELECT rec_id::text AS "recId", symbol, action, signal_ts AS "signalTs" FROM recommendations WHERE rec_id = $1::bigint`,
    [recId],
  );
  return rows[0];
}

/** The dispatcher's decision on one recommendation for one account ('ordered', 'skipped', ...). */
export async function readDispatchStatus(db: Db, recId: string, account: string): Promise<string | undefined> {
  const { rows } = await db.query<{ status: string }>(
    `SELECT status FROM recommendation_dispatches WHERE rec_id = $1::bigint AND account_id = $2`,
    [recId, account],
  );
  return rows[0]?.status;
}

/** Bars stored for a symbol up to and including `until`. */
export async function countBarsUntil(db: Db, symbol: string, until: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM bars WHERE symbol = $1 AND ts <= $2`, [symbol, until]);
  return rows[0]?.n ?? 0;
}
