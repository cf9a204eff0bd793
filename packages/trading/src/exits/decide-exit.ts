import type { ExitReason } from "../domain/vocabulary.js";
import { daysBetween, easternDate } from "../options/eastern-time.js";
import { parseOccSymbol } from "../options/occ-symbol.js";
import { optionExpiresAt } from "../options/option-expiry.js";
import { isMarketOpen, minutesBetween } from "../risk/market-session.js";
import type { MarketSession } from "../risk/market-session.js";
import { EXIT_PRIORITY } from "./exit-priority.js";
import { DEFAULT_EXIT_POLICY, INTRADAY_STRATEGIES } from "./exit-policy.js";
import type { ExitPolicy } from "./exit-policy.js";
import type { Position } from "./position.js";
import { pnlPct, updateTrail } from "./trailing-stop.js";

export interface ExitContext {
  readonly session: MarketSession;
  readonly policy?: ExitPolicy;
}

/** Running values to persist on the position row every cycle, whether or not it exits. */
export interface PositionMarkUpdates {
  readonly markPrice: number | null;
  readonly pnlPct: number | null;
  readonly peakPrice: number | null;
  readonly trailingStopPrice: number | null;
  readonly mfePct: number | null;
  readonly maePct: number | null;
}

export interface ExitTrigger {
  readonly reason: ExitReason;
  readonly priority: number;
  readonly detail: string;
}

export const HOLD_REASONS = ["not_open", "market_closed", "no_mark"] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export type ExitDecision =
  | { readonly exit: false; readonly updates: PositionMarkUpdates; readonly hold?: HoldReason }
  | {
      readonly exit: true;
      readonly reason: ExitReason;
      readonly priority: number;
      readonly detail: string;
      /** Every rule that fired, best first; only the first is acted on. */
      readonly triggers: readonly ExitTrigger[];
      readonly updates: PositionMarkUpdates;
    };

/**
 * One exit policy per instrument type (§3.8 with the seed's defects fixed). Options exit on premium
 * only; stocks on their stop/target. Nothing is decided while the market is closed or without a mark.
 */
export function decideExit(position: Position, mark: number, now: Date, ctx: ExitContext): ExitDecision {
  const policy = ctx.policy ?? DEFAULT_EXIT_POLICY;
  const unchanged: PositionMarkUpdates = {
    markPrice: null,
    pnlPct: null,
    peakPrice: position.peakPrice,
    trailingStopPrice: position.trailingStopPrice,
    mfePct: position.mfePct,
    maePct: position.maePct,
  };
  if (position.status !== "open") return { exit: false, updates: unchanged, hold: "not_open" };
  const { openAt, closeAt } = ctx.session;
  if (!isMarketOpen(ctx.session, now) || openAt === null || closeAt === null) {
    return { exit: false, updates: unchanged, hold: "market_closed" };
  }
  if (!(Number.isFinite(mark) && mark > 0)) return { exit: false, updates: unchanged, hold: "no_mark" };

  const isOption = position.instrumentType !== "STOCK";
  const heldMinutes = minutesBetween(position.entryAt, now);
  const pnl = pnlPct(position, mark);
  const trail = updateTrail(position, mark, heldMinutes, isOption ? policy.trailing.option : policy.trailing.stock);
  const updates: PositionMarkUpdates = {
    markPrice: mark,
    pnlPct: pnl,
    peakPrice: trail.peakPrice,
    trailingStopPrice: trail.trailingStopPrice,
    mfePct: Math.max(position.mfePct ?? pnl, pnl),
    maePct: Math.min(position.maePct ?? pnl, pnl),
  };

  const triggers: ExitTrigger[] = [];
  const fire = (reason: ExitReason, detail: string): void => {
    triggers.push({ reason, priority: EXIT_PRIORITY[reason], detail });
  };
  const pnlText = `pnl_pct=${round(pnl)}`;

  if (trail.hit) fire("trailing_stop", `mark=${mark} trail=${trail.trailingStopPrice} peak=${trail.peakPrice}`);

  const minutesToClose = minutesBetween(now, closeAt);
  const intraday = INTRADAY_STRATEGIES.includes(position.strategyType);
  const today = easternDate(now);

  if (isOption) {
    const rules = policy.options[position.strategyType];
    const premiumRulesActive = heldMinutes >= rules.minHoldMinutes || pnl <= -rules.minHoldBypassLossPct;
    if (premiumRulesActive && pnl >= rules.profitTargetPct) fire("option_profit_target", pnlText);
    if (premiumRulesActive && pnl <= -rules.stopLossPct) fire("option_stop_loss", pnlText);

    const expiration = position.expiration ?? parseOccSymbol(position.symbol)?.expiration ?? null;
    // Intraday options are flattened by the clock rules below; these two protect overnight holders.
    if (expiration !== null && !intraday) {
      const dte = daysBetween(today, expiration);
      const { dte1MinPnlPct, dte2MinPnlPct } = policy.theta;
      if (premiumRulesActive && ((dte <= 1 && pnl < dte1MinPnlPct) || (dte <= 2 && pnl < dte2MinPnlPct))) {
        fire("theta_decay_risk", `dte=${dte} ${pnlText}`);
      }
      const expiresAt = optionExpiresAt(expiration, expiration === today ? closeAt : null);
      const hoursToExpiry = minutesBetween(now, expiresAt) / 60;
      if (hoursToExpiry <= policy.expirationRiskHours) {
        fire("expiration_risk", `hours_to_expiry=${round(hoursToExpiry)} expiration=${expiration}`);
      }
    }
  } else {
    const long = position.side === "long";
    const stop = position.stopPrice ?? position.entryPrice * (1 + ((long ? -1 : 1) * policy.stock.stopLossPct) / 100);
    const target = position.targetPrice ?? position.entryPrice * (1 + ((long ? 1 : -1) * policy.stock.takeProfitPct) / 100);
    if (long ? mark <= stop : mark >= stop) fire("stop_loss", `mark=${mark} stop=${round(stop)}`);
    if (long ? mark >= target : mark <= target) fire("take_profit", `mark=${mark} target=${round(target)}`);
  }

  if (intraday) {
    const carriedOvernight = position.entryAt.getTime() < openAt.getTime();
    if (carriedOvernight || minutesToClose <= policy.dayTradeCloseMinutesBeforeClose) {
      fire("day_trade_close", carriedOvernight ? "held_overnight=true" : `minutes_to_close=${round(minutesToClose)}`);
    }
    if (isOption) {
      const window = policy.eodWindows.find((w) => minutesToClose <= w.minutesBeforeClose && pnl < w.closeBelowPnlPct);
      if (window !== undefined) {
        fire("eod_flat", `minutes_to_close=${round(minutesToClose)} ${pnlText} below=${window.closeBelowPnlPct}`);
      }
    }
  }

  const maxHold = position.maxHoldMinutes ?? policy.maxHoldMinutes[position.strategyType];
  if (heldMinutes >= maxHold) fire("max_hold_time", `held_minutes=${round(heldMinutes)} max=${maxHold}`);

  // Stable sort: equal priorities keep rule order (price rules before clock rules).
  const ordered = [...triggers].sort((a, b) => a.priority - b.priority);
  const first = ordered[0];
  if (first === undefined) return { exit: false, updates };
  return { exit: true, reason: first.reason, priority: first.priority, detail: first.detail, triggers: ordered, updates };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
