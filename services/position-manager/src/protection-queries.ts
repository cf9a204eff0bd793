// The SQL of the account protections (issue 8): what evaluateProtections reads, and the two writes it
// leads to (risk_state mode and risk_locks). Scoped to one account, parameterised.
import type { Queryable } from "@ops/core";
import { asRiskMode, tradingEnabledFor } from "@ops/trading";
import type { AccountId, AccountRiskStatus, ClosedTrade, RiskLock } from "@ops/trading";
import { dateOrNull, textOrNull } from "./position-row.js";

/**
 * The account's stored mode, row-locked until the transaction ends so that an operator's halt or
 * resume and this evaluation take turns; null when the row is missing (migrations seed one per account).
 */
export async function selectRiskStatusForUpdate(tx: Queryable, account: AccountId): Promise<AccountRiskStatus | null> {
  const result = await tx.query(
    `SELECT mode, mode_reason, halted_reason, mode_until, mode_set_by, updated_at FROM risk_state WHERE account_id = $1 FOR UPDATE`,
    [account],
  );
  const row = result.rows[0];
  if (row === undefined) return null;
  return {
    // Unknown text reads as HALTED: the protections then change nothing and entries stay denied.
    mode: asRiskMode(String(row.mode)) ?? "HALTED",
    reason: textOrNull(row.mode_reason) ?? textOrNull(row.halted_reason),
    since: dateOrNull(row.updated_at) ?? new Date(0),
    until: dateOrNull(row.mode_until),
    setBy: row.mode_set_by === "auto" ? "auto" : "ops",
  };
}

/** This account's exits closed in [since, now], newest first. */
export async function selectClosedTrades(db: Queryable, account: AccountId, since: Date, now: Date): Promise<ClosedTrade[]> {
  const result = await db.query(
    `SELECT underlying, closed_at, pnl_usd, exit_reason FROM position_history
     WHERE account_id = $1 AND closed_at >= $2::timestamptz AND closed_at <= $3::timestamptz
     ORDER BY closed_at DESC, position_id DESC`,
    [account, since.toISOString(), now.toISOString()],
  );
  return result.rows.map((r) => ({
    accountId: account,
    underlying: String(r.underlying),
    closedAt: dateOrNull(r.closed_at) ?? new Date(0),
    realizedPnlUsd: Number(r.pnl_usd),
    exitReason: String(r.exit_reason),
  }));
}

/** Σ (mark − entry) × qty × multiplier over open and closing rows that have a mark. */
export async function selectUnrealizedPnl(db: Queryable, account: AccountId): Promise<number> {
  const result = await db.query(
    `SELECT coalesce(sum((last_mark_price - avg_entry_price) * qty * multiplier), 0)::float8 AS pnl
     FROM positions WHERE account_id = $1 AND status <> 'closed' AND last_mark_price IS NOT NULL`,
    [account],
  );
  return Number(result.rows[0]?.pnl ?? 0);
}

export interface EquityPoints {
  /** Highest snapshot equity in [since, now]; null without snapshots. */
  readonly peak: number | null;
  /** The newest snapshot's equity in [since, now]. */
  readonly latest: number | null;
}

export async function selectEquitySince(db: Queryable, account: AccountId, since: Date, now: Date): Promise<EquityPoints> {
  const result = await db.query(
    `SELECT max(equity)::float8 AS peak,
            (SELECT equity::float8 FROM account_snapshots
             WHERE account_id = $1 AND at >= $2::timestamptz AND at <= $3::timestamptz ORDER BY at DESC LIMIT 1) AS latest
     FROM account_snapshots WHERE account_id = $1 AND at >= $2::timestamptz AND at <= $3::timestamptz`,
    [account, since.toISOString(), now.toISOString()],
  );
  const row = result.rows[0];
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return { peak: num(row?.peak), latest: num(row?.latest) };
}

/** Locks of this account that started at or after `since` (the ones a protection could re-derive), lifted ones included. */
export async function selectRecentLocks(db: Queryable, account: AccountId, since: Date): Promise<RiskLock[]> {
  const result = await db.query(
    `SELECT symbol, reason, locked_at, locked_until FROM risk_locks
     WHERE account_id = $1 AND (locked_at >= $2::timestamptz OR locked_until > $2::timestamptz)
     ORDER BY locked_at, symbol NULLS FIRST`,
    [account, since.toISOString()],
  );
  return result.rows.map((r) => ({
    accountId: account,
    symbol: textOrNull(r.symbol),
    reason: String(r.reason),
    lockedAt: dateOrNull(r.locked_at) ?? new Date(0),
    lockedUntil: dateOrNull(r.locked_until) ?? new Date(0),
  }));
}

/** Inserts new locks; one already written (same account, symbol, reason, start) is skipped by the unique index. */
export async function insertLocks(db: Queryable, locks: readonly RiskLock[], actor: string): Promise<number> {
  if (locks.length === 0) return 0;
  const result = await db.query(
    `INSERT INTO risk_locks (account_id, symbol, reason, locked_at, locked_until, created_by)
     SELECT a, s, r, la, lu, $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS t(a, s, r, la, lu)
     ON CONFLICT DO NOTHING`,
    [
      locks.map((l) => l.accountId),
      locks.map((l) => l.symbol),
      locks.map((l) => l.reason),
      locks.map((l) => l.lockedAt.toISOString()),
      locks.map((l) => l.lockedUntil.toISOString()),
      actor,
    ],
  );
  return result.rowCount;
}

/** Writes an automatic mode change; the caller holds the row lock taken by selectRiskStatusForUpdate. */
export async function updateRiskMode(tx: Queryable, account: AccountId, next: AccountRiskStatus, actor: string): Promise<void> {
  const enabled = tradingEnabledFor(next.mode);
  await tx.query(
    `UPDATE risk_state
     SET mode = $2, trading_enabled = $3, halted_reason = $4, mode_reason = $5, mode_until = $6::timestamptz,
         mode_set_by = $7, updated_at = $8::timestamptz, updated_by = $9
     WHERE account_id = $1`,
    [
      account,
      next.mode,
      enabled,
      enabled ? null : (next.reason ?? "halted by protection"),
      next.mode === "REDUCING" ? next.reason : null,
      next.mode === "REDUCING" && next.until !== null ? next.until.toISOString() : null,
      next.setBy,
      next.since.toISOString(),
      actor,
    ],
  );
}

/** Today's realised P&L and losing streak, kept on the row the dispatcher reads (its loss-streak gate). */
export async function updateDailyRiskFigures(
  db: Queryable,
  account: AccountId,
  day: string,
  realizedPnlUsd: number,
  lossStreak: number,
): Promise<void> {
  // Leaves updated_at alone: it dates the mode (status shows "since"), and these figures change every close.
  await db.query(
    `UPDATE risk_state SET day = $2::date, daily_realized_pnl = $3::numeric, loss_streak = $4
     WHERE account_id = $1 AND (day IS DISTINCT FROM $2::date OR daily_realized_pnl <> $3::numeric OR loss_streak <> $4)`,
    [account, day, realizedPnlUsd.toFixed(2), lossStreak],
  );
}

/** Automatic mode changes are recorded beside the operators' own (who changed the mode, when, why). */
export async function insertRiskAudit(db: Queryable, actor: string, account: AccountId, detail: Record<string, unknown>, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO ops_audit_log (at, actor, action, target, detail) VALUES ($1::timestamptz, $2, 'risk_mode.auto', $3, $4::jsonb)`,
    [at.toISOString(), actor, account, JSON.stringify(detail)],
  );
}
