// Per account: open positions with marks and P&L, realised P&L of the day, risk state, active locks and
// pending close-all requests.
import type { Queryable } from "@ops/core";
import { date, int, iso, num, numOr, str } from "../shared/row-values.js";
import type { DayWindow } from "./read-orders.js";
import { roundUsd } from "./read-orders.js";
import { RISK_MODES } from "./status-report.js";
import type { RiskModeName, TradingStatus } from "./status-report.js";

type Positions = TradingStatus["positions"];

export async function readPositions(db: Queryable): Promise<Positions> {
  const { rows } = await db.query(
    `SELECT position_id, account_id, symbol, instrument_type, status, qty, multiplier, avg_entry_price, last_mark_price,
            last_mark_at, opened_at
     FROM positions WHERE status <> 'closed' ORDER BY account_id, opened_at, position_id`,
  );
  return rows.map((r) => {
    const qty = numOr(r.qty, 0);
    const multiplier = int(r.multiplier);
    const entry = numOr(r.avg_entry_price, 0);
    const mark = num(r.last_mark_price);
    return {
      account: String(r.account_id),
      positionId: String(r.position_id),
      symbol: String(r.symbol),
      instrumentType: String(r.instrument_type),
      status: String(r.status),
      qty,
      multiplier,
      avgEntryPrice: entry,
      markPrice: mark,
      markAt: iso(r.last_mark_at),
      unrealizedPnlUsd: mark === null ? null : roundUsd((mark - entry) * qty * multiplier),
      unrealizedPnlPct: mark === null || entry === 0 ? null : Math.round((mark / entry - 1) * 10_000) / 100,
      openedAt: iso(r.opened_at) ?? new Date(0).toISOString(),
    };
  });
}

export async function readAccounts(db: Queryable, day: DayWindow, positions: Positions): Promise<TradingStatus["accounts"]> {
  // A database behind migration 0009 has no mode columns: the mode is then shown as unknown (null).
  const modeColumns = (await db.query<{ present: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'risk_state' AND column_name = 'mode_set_by') AS present`,
  )).rows[0]?.present === true;
  const modeSelect = modeColumns
    ? "r.mode, r.mode_reason, r.mode_until, r.mode_set_by"
    : "NULL::text AS mode, NULL::text AS mode_reason, NULL::timestamptz AS mode_until, NULL::text AS mode_set_by";
  const { rows } = await db.query(
    `SELECT a.account_id, r.trading_enabled, r.halted_reason, r.loss_streak, r.daily_realized_pnl::text AS risk_pnl, ${modeSelect},
            r.updated_at AS risk_updated_at, r.updated_by AS risk_updated_by,
            h.pnl::text AS pnl, h.closed, h.wins, h.losses,
            s.equity::text AS equity, s.buying_power::text AS buying_power, s.at AS snapshot_at
     FROM accounts a
     LEFT JOIN risk_state r ON r.account_id = a.account_id
     LEFT JOIN LATERAL (
       SELECT sum(pnl_usd) AS pnl, count(*) AS closed, count(*) FILTER (WHERE pnl_usd > 0) AS wins,
              count(*) FILTER (WHERE pnl_usd < 0) AS losses
       FROM position_history ph
       WHERE ph.account_id = a.account_id AND ph.closed_at >= $1::timestamptz AND ph.closed_at < $2::timestamptz
     ) h ON true
     LEFT JOIN LATERAL (
       SELECT equity, buying_power, at FROM account_snapshots sn WHERE sn.account_id = a.account_id ORDER BY at DESC LIMIT 1
     ) s ON true
     ORDER BY a.account_id`,
    [day.from.toISOString(), day.to.toISOString()],
  );
  return rows.map((r) => {
    const account = String(r.account_id);
    const mine = positions.filter((p) => p.account === account);
    return {
      account,
      // No risk_state row means no one enabled the account: it does not trade (fail closed).
      tradingEnabled: r.trading_enabled === true,
      haltedReason: r.trading_enabled === true ? null : (str(r.halted_reason) ?? "no risk_state row"),
      mode: riskMode(r.mode),
      modeReason: str(r.mode_reason),
      modeUntil: iso(r.mode_until),
      modeSetBy: str(r.mode_set_by),
      lossStreak: int(r.loss_streak),
      riskDailyRealizedPnlUsd: numOr(r.risk_pnl, 0),
      riskUpdatedAt: iso(r.risk_updated_at) ?? new Date(0).toISOString(),
      riskUpdatedBy: str(r.risk_updated_by),
      realizedPnlTodayUsd: roundUsd(numOr(r.pnl, 0)),
      closedToday: int(r.closed),
      winsToday: int(r.wins),
      lossesToday: int(r.losses),
      openPositions: mine.length,
      unrealizedPnlUsd: roundUsd(mine.reduce((sum, p) => sum + (p.unrealizedPnlUsd ?? 0), 0)),
      equityUsd: num(r.equity),
      buyingPowerUsd: num(r.buying_power),
      snapshotAt: iso(r.snapshot_at),
    };
  });
}

function riskMode(value: unknown): RiskModeName | null {
  return (RISK_MODES as readonly unknown[]).includes(value) ? (value as RiskModeName) : null;
}

/** Locks the dispatcher's gates honour at asOf (the same window test it applies). */
export async function readActiveLocks(db: Queryable, asOf: Date): Promise<TradingStatus["locks"]> {
  const { rows } = await db.query(
    `SELECT id, account_id, symbol, reason, locked_at, locked_until, created_by FROM risk_locks
     WHERE locked_at <= $1::timestamptz AND locked_until > $1::timestamptz ORDER BY account_id, locked_until, id`,
    [asOf.toISOString()],
  );
  return rows.map((r) => ({
    id: String(r.id),
    account: String(r.account_id),
    symbol: str(r.symbol),
    reason: String(r.reason),
    lockedAt: date(r.locked_at)?.toISOString() ?? new Date(0).toISOString(),
    lockedUntil: date(r.locked_until)?.toISOString() ?? new Date(0).toISOString(),
    createdBy: str(r.created_by),
  }));
}

/** Pending `pnpm ops close-all` requests (empty on a database without migration 0003). */
export async function readPendingCloseRequests(db: Queryable): Promise<TradingStatus["closeRequests"]> {
  const exists = await db.query<{ present: boolean }>(`SELECT to_regclass('close_requests') IS NOT NULL AS present`);
  if (exists.rows[0]?.present !== true) return [];
  const { rows } = await db.query(
    `SELECT id, account_id, requested_at, requested_by, reason FROM close_requests WHERE completed_at IS NULL ORDER BY id`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    account: String(r.account_id),
    requestedAt: iso(r.requested_at) ?? new Date(0).toISOString(),
    requestedBy: String(r.requested_by),
    reason: String(r.reason),
  }));
}
