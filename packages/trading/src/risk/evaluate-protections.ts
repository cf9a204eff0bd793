import type { AccountId } from "../domain/vocabulary.js";
import type { AccountRiskConfig } from "./account-risk-config.js";
import { activeLocksFor } from "./risk-lock.js";
import type { RiskLock } from "./risk-lock.js";
import { applyRiskEvent } from "./risk-mode.js";
import type { AccountRiskStatus, RiskEvent, RiskTransition } from "./risk-mode.js";

/** One closed trade (exit fill), any account: the protections filter to their own. */
export interface ClosedTrade {
  readonly accountId: AccountId;
  readonly underlying: string;
  readonly closedAt: Date;
  readonly realizedPnlUsd: number;
  /** The exit trigger as the position manager stored it, e.g. "stop_loss", "take_profit". */
  readonly exitReason: string;
}

export interface ProtectionHistory {
  readonly accountId: AccountId;
  readonly status: AccountRiskStatus;
  readonly closedTrades: readonly ClosedTrade[];
  readonly realizedPnlTodayUsd: number;
  readonly unrealizedPnlUsd: number;
  /** Highest account equity seen since today's session opened, and the current equity; null = unknown. */
  readonly dayPeakEquityUsd: number | null;
  readonly equityUsd: number | null;
  /** When the next regular session opens: an automatic REDUCING lasts until then. */
  readonly nextSessionOpenAt: Date;
  /** Existing risk_locks rows (any state); used to avoid re-creating a lock, including one ops lifted. */
  readonly locks: readonly RiskLock[];
}

export const PROTECTION_LOCK_REASONS = ["stoploss_guard", "losing_exit"] as const;
export type ProtectionLockReason = (typeof PROTECTION_LOCK_REASONS)[number];

export interface ProtectionOutcome {
  readonly status: AccountRiskStatus;
  /** In the order applied; empty when nothing changed. */
  readonly transitions: readonly RiskTransition[];
  /** Locks to insert (risk_locks), none of which exists yet. */
  readonly newLocks: readonly RiskLock[];
  /** Every lock of this account blocking entries at `now`, new ones included. */
  readonly activeLocks: readonly RiskLock[];
  /** Inputs that could not be judged (non-finite P&L or equity); the entry gates deny on those anyway. */
  readonly problems: readonly string[];
}

type ProtectionSettings = Pick<AccountRiskConfig, "accountId" | "maxDailyLossUsd" | "protections">;

/**
 * The automatic half of the account risk state, pure: lapse of an automatic REDUCING at the next
 * session, drawdown from the day's peak → HALTED, daily loss (realised + unrealised) → REDUCING until
 * the next session, StoplossGuard → account lock, losing exit → ticker lock. Only this account's
 * trades count (seed 46 mixed both accounts). Deterministic: the same history gives the same result.
 */
export function evaluateProtections(history: ProtectionHistory, now: Date, cfg: ProtectionSettings): ProtectionOutcome {
  const problems: string[] = [];
  const transitions: RiskTransition[] = [];
  let status = history.status;
  if (cfg.accountId !== history.accountId) problems.push(`config is for ${cfg.accountId}, history for ${history.accountId}`);

  const apply = (event: RiskEvent, reason: string, until: Date | null = null): void => {
    const next = applyRiskEvent(status, event, now, reason, until);
    if (next === undefined) return;
    status = next.status;
    transitions.push(next.transition);
  };

  if (status.mode === "REDUCING" && status.setBy === "auto" && status.until !== null && now >= status.until) {
    apply("SESSION_RESET", `automatic reduce ended at ${status.until.toISOString()}`);
  }

  const { dayPeakEquityUsd: peak, equityUsd: equity } = history;
  if (peak !== null && equity !== null) {
    if (!Number.isFinite(peak) || !Number.isFinite(equity) || peak <= 0) {
      problems.push(`equity unusable: peak=${peak} equity=${equity}`);
    } else {
      const drawdown = (peak - equity) / peak;
      const limit = cfg.protections.maxDrawdownFromPeakPct;
      if (drawdown >= limit) {
        apply("DRAWDOWN_LIMIT", `drawdown ${(drawdown * 100).toFixed(2)}% from day peak ${peak} ≥ ${(limit * 100).toFixed(2)}%`);
      }
    }
  }

  const pnl = history.realizedPnlTodayUsd + history.unrealizedPnlUsd;
  if (!Number.isFinite(pnl)) {
    problems.push(`daily P&L unusable: realized=${history.realizedPnlTodayUsd} unrealized=${history.unrealizedPnlUsd}`);
  } else if (pnl <= -cfg.maxDailyLossUsd) {
    apply("DAILY_LOSS_LIMIT", `daily P&L ${pnl.toFixed(2)} ≤ −${cfg.maxDailyLossUsd}`, history.nextSessionOpenAt);
  }

  const candidates = [...stoplossGuardLock(history, now, cfg), ...losingExitLocks(history, now, cfg)];
  const newLocks = candidates.filter((c) => !history.locks.some((l) => sameLock(l, c)));
  return {
    status,
    transitions,
    newLocks,
    activeLocks: activeLocksFor([...history.locks, ...newLocks], history.accountId, now),
    problems,
  };
}

function ownClosedTrades(history: ProtectionHistory, now: Date): ClosedTrade[] {
  return history.closedTrades.filter((t) => t.accountId === history.accountId && t.closedAt.getTime() <= now.getTime());
}

/** freqtrade's StoplossGuard: N stop-loss exits inside the window lock the account from the last one. */
function stoplossGuardLock(history: ProtectionHistory, now: Date, cfg: ProtectionSettings): RiskLock[] {
  const guard = cfg.protections.stoplossGuard;
  const windowStart = now.getTime() - guard.windowMinutes * 60_000;
  const stops = ownClosedTrades(history, now).filter(
    (t) => cfg.protections.stopLossExitReasons.includes(t.exitReason) && t.closedAt.getTime() > windowStart,
  );
  if (guard.maxStops <= 0 || stops.length < guard.maxStops) return [];
  const last = Math.max(...stops.map((t) => t.closedAt.getTime()));
  const until = last + guard.lockMinutes * 60_000;
  if (until <= now.getTime()) return [];
  return [
    { accountId: history.accountId, symbol: null, reason: "stoploss_guard", lockedAt: new Date(last), lockedUntil: new Date(until) },
  ];
}

/** After a losing exit the underlying is locked for a while; one lock per underlying, from its newest loss. */
function losingExitLocks(history: ProtectionHistory, now: Date, cfg: ProtectionSettings): RiskLock[] {
  const minutes = cfg.protections.tickerLockAfterLossMinutes;
  if (minutes <= 0) return [];
  const newestLoss = new Map<string, number>();
  for (const t of ownClosedTrades(history, now)) {
    if (!(t.realizedPnlUsd < 0)) continue;
    const at = t.closedAt.getTime();
    if (at + minutes * 60_000 <= now.getTime()) continue;
    newestLoss.set(t.underlying, Math.max(at, newestLoss.get(t.underlying) ?? Number.NEGATIVE_INFINITY));
  }
  return [...newestLoss.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([symbol, at]) => ({
      accountId: history.accountId,
      symbol,
      reason: "losing_exit",
      lockedAt: new Date(at),
      lockedUntil: new Date(at + minutes * 60_000),
    }));
}

function sameLock(a: RiskLock, b: RiskLock): boolean {
  return a.accountId === b.accountId && a.symbol === b.symbol && a.reason === b.reason && a.lockedAt.getTime() === b.lockedAt.getTime();
}
