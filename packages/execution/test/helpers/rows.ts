// Direct inserts of the rows other services own (recommendations by the signal engine, positions by
// the position manager), so execution can be tested on its own.
import type { Queryable } from "@ops/core";

let signalSequence = 0;

export async function insertRec(db: Queryable, symbol: string, action: string, createdAt: Date, strategy = "day_trade"): Promise<string> {
  const instrument = action === "BUY_CALL" ? "CALL" : action === "BUY_PUT" ? "PUT" : "STOCK";
  // (symbol, signal_ts, action) is unique; tests create many recs for one symbol and minute.
  signalSequence += 1;
  const signalTs = new Date(createdAt.getTime() - 60_000 - signalSequence);
  const result = await db.query<{ rec_id: unknown }>(
    `INSERT INTO recommendations (symbol, action, instrument_type, strategy_type, confidence, signal_ts, created_at, expires_at)
     VALUES ($1, $2, $3, $4, 0.8, $5, $6, $7) RETURNING rec_id`,
    [symbol, action, instrument, strategy, signalTs.toISOString(), createdAt.toISOString(), new Date(createdAt.getTime() + 600_000).toISOString()],
  );
  return String(result.rows[0]?.rec_id);
}

export interface PositionFixture {
  readonly account: string;
  readonly symbol: string;
  readonly underlying: string;
  readonly instrumentType: "STOCK" | "CALL" | "PUT";
  readonly qty: number;
  readonly avgEntryPrice: number;
  readonly openedAt: Date;
  readonly status?: "open" | "closing" | "closed";
}

export async function insertPosition(db: Queryable, p: PositionFixture): Promise<string> {
  const option = p.instrumentType !== "STOCK";
  const status = p.status ?? "open";
  const result = await db.query<{ position_id: unknown }>(
    `INSERT INTO positions (account_id, symbol, underlying, instrument_type, option_expiry, option_strike, option_right,
       qty, multiplier, avg_entry_price, opened_at, status, closing_since, closed_at, close_reason)
     VALUES ($1, $2, $3, $4, $5::date, $6::numeric, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING position_id`,
    [
      p.account,
      p.symbol,
      p.underlying,
      p.instrumentType,
      option ? "2024-03-08" : null,
      option ? (p.instrumentType === "CALL" ? 100 : 95) : null,
      option ? (p.instrumentType === "CALL" ? "call" : "put") : null,
      p.qty,
      option ? 100 : 1,
      p.avgEntryPrice,
      p.openedAt.toISOString(),
      status,
      status === "closing" ? p.openedAt.toISOString() : null,
      status === "closed" ? p.openedAt.toISOString() : null,
      status === "closed" ? "manual" : null,
    ],
  );
  return String(result.rows[0]?.position_id);
}

export async function orderRows(db: Queryable, where = "TRUE", params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const result = await db.query(`SELECT * FROM orders WHERE ${where} ORDER BY order_id`, params);
  return result.rows;
}

export async function fillRows(db: Queryable, orderId: string): Promise<Record<string, unknown>[]> {
  const result = await db.query("SELECT * FROM fills WHERE order_id = $1::bigint ORDER BY fill_id", [orderId]);
  return result.rows;
}
