// The automatic half of the account risk state (issue 8), run by the account's exit owner every cycle:
// today's realised + unrealised P&L, the drawdown from the day's peak equity and the recent exits go
// into the pure evaluateProtections; its mode change and new locks are written here. The dispatcher's
// gates read both (risk_state.mode, risk_locks), so an account at its loss limit stops entering within
// one cycle — in the seed the daily P&L was hard-coded to 0 and this never fired (seed 31).
import { etDateString, etDateTime } from "@ops/core";
import { evaluateProtections } from "@ops/trading";
import type { AccountRiskConfig, AccountRiskStatus, ClosedTrade, ProtectionOutcome } from "@ops/trading";
import {
  insertLocks,
  insertRiskAudit,
  selectClosedTrades,
  selectEquitySince,
  selectRecentLocks,
  selectRiskStatusForUpdate,
  selectUnrealizedPnl,
  updateDailyRiskFigures,
  updateRiskMode,
} from "./protection-queries.js";
import { errorMessage } from "./step-context.js";
import type { StepContext } from "./step-context.js";

export type ProtectionSettings = Pick<AccountRiskConfig, "accountId" | "maxDailyLossUsd" | "protections">;

export interface ProtectionCounts {
  readonly risk_mode_changes: number;
  readonly risk_locks_added: number;
  readonly protection_errors: number;
}

const ACTOR = "position-manager";

/**
 * One evaluation in one transaction that holds the account's risk_state row: an operator's halt or
 * resume and an automatic change take turns, and never overwrite each other half-way. A failure
 * costs this cycle's evaluation only (logged, counted); exits have already run.
 */
export async function applyProtections(step: StepContext, settings: ProtectionSettings): Promise<ProtectionCounts> {
  const { db, account, now, log } = step;
  try {
    return await db.transaction(async (tx) => {
      const status = await selectRiskStatusForUpdate(tx, account);
      if (status === null) {
        log.error({ event: "protections.no_risk_state" }, "no risk_state row for this account: protections not evaluated");
        return { risk_mode_changes: 0, risk_locks_added: 0, protection_errors: 1 };
      }
      const today = etDateString(now);
      const dayStart = etDateTime(today, "00:00");
      const lookbackMinutes = Math.max(settings.protections.stoplossGuard.windowMinutes, settings.protections.tickerLockAfterLossMinutes);
      const lookbackStart = new Date(Math.min(dayStart.getTime(), now.getTime() - lookbackMinutes * 60_000));
      // One after another: a transaction is one connection (pg refuses overlapping queries on it).
      const trades = await selectClosedTrades(tx, account, lookbackStart, now);
      const unrealized = await selectUnrealizedPnl(tx, account);
      const equity = await selectEquitySince(tx, account, peakSince(status, dayStart), now);
      const locks = await selectRecentLocks(tx, account, new Date(lookbackStart.getTime() - settings.protections.stoplossGuard.lockMinutes * 60_000));
      const todays = trades.filter((t) => t.closedAt.getTime() >= dayStart.getTime());
      const realizedToday = sumCents(todays.map((t) => t.realizedPnlUsd));
      const outcome = evaluateProtections(
        {
          accountId: account,
          status,
          closedTrades: trades,
          realizedPnlTodayUsd: realizedToday,
          unrealizedPnlUsd: unrealized,
          dayPeakEquityUsd: equity.peak,
          equityUsd: equity.latest,
          nextSessionOpenAt: step.calendar.nextOpen(now),
          locks,
        },
        now,
        settings,
      );
      await updateDailyRiskFigures(tx, account, today, realizedToday, losingStreak(todays));
      if (outcome.transitions.length > 0) {
        await updateRiskMode(tx, account, outcome.status, ACTOR);
        for (const t of outcome.transitions) {
          await insertRiskAudit(tx, ACTOR, account, { from: t.from, to: t.to, event: t.event, reason: t.reason, until: outcome.status.until }, now);
        }
      }
      const added = await insertLocks(tx, outcome.newLocks, ACTOR);
      report(step, outcome, realizedToday, unrealized, equity);
      return { risk_mode_changes: outcome.transitions.length, risk_locks_added: added, protection_errors: outcome.problems.length };
    });
  } catch (error) {
    log.error({ event: "protections.failed", error: errorMessage(error) }, "protections not evaluated this cycle");
    return { risk_mode_changes: 0, risk_locks_added: 0, protection_errors: 1 };
  }
}

function report(
  step: StepContext,
  outcome: ProtectionOutcome,
  realizedToday: number,
  unrealized: number,
  equity: { peak: number | null; latest: number | null },
): void {
  const figures = { realized_pnl_today: realizedToday, unrealized_pnl: unrealized, day_peak_equity: equity.peak, equity: equity.latest };
  for (const t of outcome.transitions) {
    step.log.warn(
      { event: "risk_mode.changed", from: t.from, to: t.to, trigger: t.event, reason: t.reason, until: outcome.status.until?.toISOString() ?? null, ...figures },
      `account risk mode ${t.from} → ${t.to}: ${t.reason}`,
    );
  }
  for (const lock of outcome.newLocks) {
    step.log.warn(
      { event: "risk_lock.added", symbol: lock.symbol, reason: lock.reason, locked_at: lock.lockedAt.toISOString(), locked_until: lock.lockedUntil.toISOString() },
      `entries locked (${lock.reason}) for ${lock.symbol ?? "the whole account"} until ${lock.lockedUntil.toISOString()}`,
    );
  }
  for (const problem of outcome.problems) {
    step.log.error({ event: "protections.unusable_input", problem, ...figures }, "protection input unusable");
  }
}

/**
 * The day's peak equity is counted from the later of the day's start and an operator's resume today:
 * otherwise a person who looked at a drawdown halt and resumed the account would be overruled by the
 * same peak on the next cycle. A further drawdown from the equity at the resume halts it again.
 */
function peakSince(status: AccountRiskStatus, dayStart: Date): Date {
  const resumedByOps = status.mode === "ACTIVE" && status.setBy === "ops" && status.since.getTime() > dayStart.getTime();
  return resumedByOps ? status.since : dayStart;
}

/** Consecutive losing exits, newest first (trades are ordered newest first). */
function losingStreak(trades: readonly ClosedTrade[]): number {
  let streak = 0;
  for (const t of trades) {
    if (!(t.realizedPnlUsd < 0)) break;
    streak += 1;
  }
  return streak;
}

/** Money adds in cents so that many closes do not drift from the history's own sum. */
function sumCents(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + Math.round(v * 100), 0) / 100;
}
