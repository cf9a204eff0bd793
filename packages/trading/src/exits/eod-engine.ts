// The end-of-day engine (seed §3.8 item 8) with the inputs the seed never filled in: DTE from the
// contract's real expiry, theta from the quote's greeks, notional from the mark. Seed 44: with dte and
// theta missing, every option was force-closed at 14:30; here a missing theta is "unknown" (it never
// forces a close) and DTE always comes from the expiration date.
import type { ExitReason, StrategyType } from "../domain/vocabulary.js";
import { daysBetween, easternDate } from "../options/eastern-time.js";
import type { MarketSession } from "../risk/market-session.js";
import { minutesBetween } from "../risk/market-session.js";
import type { VolatilityRegime } from "../risk/volatility-regime.js";
import type { EarningsEvent } from "./earnings-risk.js";
import { INTRADAY_STRATEGIES } from "./exit-policy.js";
import type { EodRules } from "./eod-rules.js";

export interface EodPosition {
  readonly positionId: string;
  /** null (adopted, unknown) is managed like an overnight-capable swing trade, as in decideExit. */
  readonly strategyType: StrategyType | null;
  /** "YYYY-MM-DD" of the contract. */
  readonly expiration: string;
  readonly qty: number;
  readonly multiplier: number;
  /** Current per-share premium (> 0). */
  readonly mark: number;
  readonly pnlPct: number;
  /** Per-share theta from the quote's greeks (negative for long premium); null when the quote had none. */
  readonly theta: number | null;
  /** The underlying's earnings report before the next session (earningsBeforeNextSession); absent = none known. */
  readonly earnings?: EarningsEvent | null;
}

export interface EodContext {
  readonly now: Date;
  readonly session: MarketSession;
  /** Account equity in dollars (the broker's, not a constant: the seed hard-coded 100,000). */
  readonly equity: number;
  /**
   * The volatility source's regime. Absent = no source configured (no effect, as the gate's
   * not_supplied); null = configured but no usable reading, which counts as rules.volatility.noReadingAs.
   */
  readonly volatility?: VolatilityRegime | null;
}

export const EOD_RULE_NAMES = [
  "before_windows",
  "expiration_day",
  "earnings",
  "volatility_regime",
  "theta_force_close",
  "intraday_window",
  "intraday_final",
  "overnight_criteria",
  "overnight_ok",
  "intraday_ok",
] as const;
export type EodRuleName = (typeof EOD_RULE_NAMES)[number];

export interface OvernightCheck {
  readonly dte: number;
  /** The regime the bar and the limit were adjusted for; null = no source configured. */
  readonly volatility: VolatilityRegime | null;
  readonly pnlBarPct: number;
  readonly notionalUsd: number;
  readonly maxNotionalUsd: number;
  readonly thetaScore: number | null;
  /** Names of failed criteria: "dte", "pnl", "notional". */
  readonly failed: readonly string[];
}

export interface EodDecision {
  readonly close: boolean;
  /** The exit reason recorded when closing (the table's closed set); the rule says which EOD rule. */
  readonly reason: ExitReason | null;
  readonly rule: EodRuleName;
  /** Index of the latest window reached, null before the first. */
  readonly window: number | null;
  readonly dte: number;
  readonly overnight: OvernightCheck | null;
  readonly detail: string;
}

/** Index of the latest window reached at `now`, or null before the first (or outside a session). */
export function eodWindowAt(now: Date, session: MarketSession, rules: EodRules): number | null {
  if (session.closeAt === null) return null;
  const minutesToClose = minutesBetween(now, session.closeAt);
  let reached: number | null = null;
  rules.windowsMinutesBeforeClose.forEach((w, i) => {
    if (minutesToClose <= w) reached = i;
  });
  return reached;
}

/** |theta| / mark: the share of the premium lost per day; null when theta is unknown. */
export function thetaScore(theta: number | null, mark: number): number | null {
  if (theta === null || !Number.isFinite(theta) || !(mark > 0)) return null;
  return Math.abs(theta) / mark;
}

export function overnightCheck(position: EodPosition, ctx: EodContext, rules: EodRules): OvernightCheck {
  const dte = daysBetween(easternDate(ctx.now), position.expiration);
  const score = thetaScore(position.theta, position.mark);
  const o = rules.overnight;
  const regime = effectiveRegime(ctx, rules);
  const barFactor = regime === null ? 1 : (rules.volatility.overnightPnlBarMultiplier[regime] ?? 1);
  const notionalDivisor = regime === null ? 1 : (rules.volatility.overnightNotionalDivisor[regime] ?? 1);
  // A contract losing a large share of its premium per day must earn more to be carried.
  const pnlBarPct = o.minPnlPct * barFactor + (score !== null && score >= o.highThetaScore ? o.highThetaExtraPnlPct : 0);
  const notionalUsd = position.mark * position.qty * position.multiplier;
  const maxNotionalUsd = (Math.max(0, ctx.equity) * o.maxNotionalPctOfEquity) / 100 / notionalDivisor;
  const failed: string[] = [];
  if (dte < o.minDte) failed.push("dte");
  if (!(position.pnlPct >= pnlBarPct)) failed.push("pnl");
  if (!(notionalUsd <= maxNotionalUsd)) failed.push("notional");
  return { dte, volatility: regime, pnlBarPct, notionalUsd, maxNotionalUsd, thetaScore: score, failed };
}

/** The regime the rules apply: none without a source, the configured stand-in without a reading. */
export function effectiveRegime(ctx: EodContext, rules: EodRules): VolatilityRegime | null {
  if (ctx.volatility === undefined) return null;
  return ctx.volatility ?? rules.volatility.noReadingAs;
}

/**
 * One option's end-of-day decision. Order: expiration-day cutoff; from the first window, earnings before
 * the next session, a closing volatility regime, theta force-close (real theta only);
 * then per strategy: intraday options de-risk by window and are flat at the final window; swing options
 * close in window 1 when more than one overnight criterion fails, in window 2 when any fails, and at the
 * final window unless all pass. Window 0 only de-risks intraday losers.
 */
export function decideEod(position: EodPosition, ctx: EodContext, rules: EodRules): EodDecision {
  const window = eodWindowAt(ctx.now, ctx.session, rules);
  const today = easternDate(ctx.now);
  const dte = daysBetween(today, position.expiration);
  const hold = (rule: EodRuleName, detail: string, overnight: OvernightCheck | null = null): EodDecision => ({
    close: false, reason: null, rule, window, dte, overnight, detail,
  });
  const close = (reason: ExitReason, rule: EodRuleName, detail: string, overnight: OvernightCheck | null = null): EodDecision => ({
    close: true, reason, rule, window, dte, overnight, detail: `eod_rule=${rule} window=${window ?? "none"} dte=${dte} ${detail}`,
  });

  const closeAt = ctx.session.closeAt;
  if (closeAt !== null && dte <= 0) {
    const minutesToClose = minutesBetween(ctx.now, closeAt);
    if (minutesToClose <= rules.expirationDayExitMinutesBeforeClose) {
      return close("expiration_risk", "expiration_day", `minutes_to_close=${round(minutesToClose)}`);
    }
  }
  if (window === null) return hold("before_windows", "no EOD window reached");

  if (rules.closeBeforeEarnings && position.earnings) {
    const e = position.earnings;
    return close("earnings_close", "earnings", `earnings=${e.reportDate}:${e.reportTime}`);
  }
  const regime = effectiveRegime(ctx, rules);
  if (regime !== null && rules.volatility.closeInRegimes.includes(regime)) {
    return close("volatility_extreme", "volatility_regime", `volatility=${regime}${ctx.volatility === null ? "(no reading)" : ""}`);
  }

  const score = thetaScore(position.theta, position.mark);
  if (dte <= rules.thetaForceClose.maxDte && score !== null && score > rules.thetaForceClose.minScore) {
    return close("theta_decay_risk", "theta_force_close", `theta_score=${round(score, 4)}`);
  }

  const last = rules.windowsMinutesBeforeClose.length - 1;
  const pnl = `pnl_pct=${round(position.pnlPct)}`;
  if (position.strategyType !== null && INTRADAY_STRATEGIES.includes(position.strategyType)) {
    if (window >= last) return close("day_trade_close", "intraday_final", pnl);
    const below = rules.intradayCloseBelowPnlPct[window];
    if (below !== undefined && position.pnlPct < below) return close("eod_flat", "intraday_window", `${pnl} below=${below}`);
    return hold("intraday_ok", pnl);
  }

  const check = overnightCheck(position, ctx, rules);
  const fails = check.failed.length;
  const shouldClose = window >= 2 || window >= last ? fails > 0 : window === 1 ? fails > 1 : false;
  if (shouldClose) return close("eod_flat", "overnight_criteria", `${pnl} failed=${check.failed.join("+")}`, check);
  return hold(fails === 0 ? "overnight_ok" : "overnight_criteria", `failed=${check.failed.join("+") || "none"}`, check);
}

export interface OvernightHold {
  readonly positionId: string;
  readonly notionalUsd: number;
  readonly pnlPct: number;
}

/**
 * Aggregate overnight exposure cap: while the holds' total notional exceeds the cap, the least
 * profitable hold is closed (ties: the larger notional first, then id, so the result is deterministic).
 */
export function applyOvernightExposureCap(holds: readonly OvernightHold[], capUsd: number): { keep: string[]; close: string[] } {
  const ordered = [...holds].sort((a, b) => a.pnlPct - b.pnlPct || b.notionalUsd - a.notionalUsd || a.positionId.localeCompare(b.positionId));
  let total = holds.reduce((sum, h) => sum + h.notionalUsd, 0);
  const close: string[] = [];
  for (const hold of ordered) {
    if (total <= capUsd + 1e-9) break;
    close.push(hold.positionId);
    total -= hold.notionalUsd;
  }
  const closing = new Set(close);
  return { keep: holds.filter((h) => !closing.has(h.positionId)).map((h) => h.positionId), close };
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
