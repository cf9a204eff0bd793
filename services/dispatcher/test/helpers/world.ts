// Rows other services own (bars, features, recommendations, risk_state), written directly so the
// dispatcher cycle can be exercised alone, plus a cycle context and a log capture.
import { createLogger } from "@ops/core";
import type { CycleContext, Logger, Queryable } from "@ops/core";
import type { AccountId } from "@ops/trading";

/** Trading on, and the account's position manager alive (the dispatcher denies entries without it). */
export async function enableTrading(db: Queryable, account: AccountId): Promise<void> {
  await db.query(
    `UPDATE risk_state SET trading_enabled = true, halted_reason = NULL, mode = 'ACTIVE', mode_reason = NULL, mode_until = NULL, updated_by = 'test'
     WHERE account_id = $1`,
    [account],
  );
  await beatPositionManager(db, account);
}

/** A finished position-manager cycle of `account`, stamped by the database clock `ageS` seconds ago. */
export async function beatPositionManager(db: Queryable, account: AccountId, ageS = 0): Promise<void> {
  await db.query(
    `INSERT INTO service_heartbeats (service, account, instance, build_id, cycle_finished_at, last_success_at, cycles)
     VALUES ('position-manager', $1, 'test', 'test', now() - make_interval(secs => $2), now() - make_interval(secs => $2), 1)
     ON CONFLICT (service, account, instance) DO UPDATE SET cycle_finished_at = EXCLUDED.cycle_finished_at, last_success_at = EXCLUDED.last_success_at`,
    [account, ageS],
  );
}

/** Bars for the minutes before `until` (bar start times), and the feature row of the newest one. */
export async function seedMarket(db: Queryable, symbol: string, until: Date, minutes = 5, close = 100.3): Promise<void> {
  for (let i = minutes; i >= 1; i--) {
    const ts = new Date(until.getTime() - i * 60_000);
    await db.query(
      `INSERT INTO bars (symbol, ts, open, high, low, close, volume) VALUES ($1, $2, $3, $4, $5, $6, 1000) ON CONFLICT DO NOTHING`,
      [symbol, ts.toISOString(), close, close + 0.05, close - 0.05, close],
    );
  }
  const newest = new Date(until.getTime() - 60_000);
  await db.query(
    `INSERT INTO features (symbol, ts, close, atr14, recent_vol) VALUES ($1, $2, $3, 0.5, 0.002) ON CONFLICT DO NOTHING`,
    [symbol, newest.toISOString(), close],
  );
}

let sequence = 0;

export async function insertRec(
  db: Queryable,
  p: { symbol?: string; action?: string; strategy?: string; confidence?: number; createdAt: Date },
): Promise<string> {
  const action = p.action ?? "BUY_CALL";
  const instrument = action === "BUY_CALL" ? "CALL" : action === "BUY_PUT" ? "PUT" : "STOCK";
  sequence += 1;
  const signalTs = new Date(p.createdAt.getTime() - 30_000 - sequence);
  const result = await db.query<{ rec_id: unknown }>(
    `INSERT INTO recommendations (symbol, action, instrument_type, strategy_type, confidence, signal_ts, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING rec_id`,
    [
      p.symbol ?? "AAA", action, instrument, p.strategy ?? "day_trade", p.confidence ?? 0.8, signalTs.toISOString(),
      p.createdAt.toISOString(), new Date(p.createdAt.getTime() + 900_000).toISOString(),
    ],
  );
  return String(result.rows[0]?.rec_id);
}

export interface LogCapture {
  readonly logger: Logger;
  readonly lines: Record<string, unknown>[];
  events(): unknown[];
}

export function captureLogs(account: AccountId): LogCapture {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: "dispatcher",
    account,
    buildId: "test",
    level: "debug",
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger, lines, events: () => lines.map((l) => l.event) };
}

export function cycleContext(now: Date, logger: Logger): CycleContext {
  return { now, cycleId: `test-${now.toISOString()}`, logger, signal: new AbortController().signal };
}

export async function rows(db: Queryable, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  return (await db.query(sql, params)).rows;
}
