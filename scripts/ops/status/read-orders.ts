// Orders of the market day by state, every order still live (with its age), and the day's fills.
import type { Queryable } from "@ops/core";
import { ageS, date, int, iso, num, numOr, str } from "../shared/row-values.js";
import type { TradingStatus } from "./status-report.js";

export interface DayWindow {
  /** 00:00 ET of the market day being reported. */
  readonly from: Date;
  readonly to: Date;
}

export async function readOrders(db: Queryable, day: DayWindow, asOf: Date, unresolvedAfterS: number): Promise<TradingStatus["orders"]> {
  const [counts, live] = await Promise.all([
    db.query(
      `SELECT account_id, purpose, status, count(*) AS n FROM orders
       WHERE created_at >= $1::timestamptz AND created_at < $2::timestamptz
       GROUP BY account_id, purpose, status ORDER BY account_id, purpose, status`,
      [day.from.toISOString(), day.to.toISOString()],
    ),
    db.query(
      `SELECT order_id, client_order_id, account_id, symbol, purpose, status, qty, created_at, submitted_at, last_error
       FROM orders WHERE status IN ('pending_submit', 'unresolved', 'accepted', 'partially_filled')
       ORDER BY created_at, order_id LIMIT 200`,
    ),
  ]);
  return {
    counts: counts.rows.map((r) => ({ account: String(r.account_id), purpose: String(r.purpose), status: String(r.status), count: int(r.n) })),
    live: live.rows.map((r) => {
      const age = ageS(date(r.submitted_at) ?? date(r.created_at), asOf);
      return {
        orderId: String(r.order_id),
        clientOrderId: String(r.client_order_id),
        account: String(r.account_id),
        symbol: String(r.symbol),
        purpose: String(r.purpose),
        status: String(r.status),
        qty: numOr(r.qty, 0),
        ageS: age === null ? null : Math.max(0, age),
        lastError: str(r.last_error),
      };
    }),
    unresolvedAfterS,
  };
}

export async function readFills(db: Queryable, day: DayWindow): Promise<TradingStatus["fills"]> {
  const { rows } = await db.query(
    `SELECT f.account_id, count(*) AS n,
            sum(f.qty * f.price * CASE o.instrument_type WHEN 'STOCK' THEN 1 ELSE 100 END)::text AS notional,
            max(f.filled_at) AS last_at
     FROM fills f JOIN orders o ON o.order_id = f.order_id
     WHERE f.filled_at >= $1::timestamptz AND f.filled_at < $2::timestamptz
     GROUP BY f.account_id ORDER BY f.account_id`,
    [day.from.toISOString(), day.to.toISOString()],
  );
  return rows.map((r) => ({ account: String(r.account_id), count: int(r.n), notionalUsd: roundUsd(num(r.notional) ?? 0), lastAt: iso(r.last_at) }));
}

export function roundUsd(n: number): number {
  return Math.round(n * 100) / 100;
}
