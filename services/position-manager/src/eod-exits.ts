// The end-of-day engine applied to this account's marked options: real DTE (expiry date), real theta
// (the chain snapshot's greeks; unknown when missing, which never forces a close — seed 44), real
// notional against the broker's equity, earnings dates ops entered and the volatility source's regime,
// then the aggregate overnight exposure cap at the final window.
import type { OptionSnapshot } from "@ops/broker-alpaca";
import { etDateString } from "@ops/core";
import { EXIT_PRIORITY, applyOvernightExposureCap, decideEod, earningsBeforeNextSession, eodWindowAt, volatilityBarsNeeded, volatilityReadingFromBars } from "@ops/trading";
import type { EarningsEvent, EodDecision, ExitDecision, MarketSession, OvernightHold, PositionMarkUpdates, VolatilityRegime } from "@ops/trading";
import { selectEarningsEvents, selectNewestCloses } from "./queries.js";
import type { Mark } from "./pick-mark.js";
import type { PositionRow } from "./position-row.js";
import { errorMessage } from "./step-context.js";
import type { StepContext } from "./step-context.js";

export interface EodCandidate {
  readonly row: PositionRow;
  readonly mark: Mark;
  readonly updates: PositionMarkUpdates;
}

export type ExitingDecision = Extract<ExitDecision, { exit: true }>;

export interface EodExit {
  readonly candidate: EodCandidate;
  readonly decision: ExitingDecision;
}

/** Options with no other exit this cycle → the ones the EOD engine closes (empty before the windows). */
export async function planEodExits(step: StepContext, session: MarketSession, candidates: readonly EodCandidate[]): Promise<EodExit[]> {
  const { now, log } = step;
  const rules = step.eodRules;
  const options = candidates.filter((c) => c.row.instrumentType !== "STOCK" && c.row.optionExpiry !== null && c.updates.pnlPct !== null);
  if (options.length === 0) return [];
  const window = eodWindowAt(now, session, rules);
  const today = etDateString(now);
  if (window === null && !options.some((c) => (c.row.optionExpiry ?? "9999") <= today)) return [];

  const nextDay = step.calendar.nextTradingDay(today);
  const underlyings = [...new Set(options.map((c) => c.row.underlying))];
  const [equity, thetas, earnings, volatility] = await Promise.all([
    accountEquity(step),
    thetasFor(step, options),
    earningsFor(step, underlyings, today, nextDay),
    volatilityRegime(step),
  ]);
  const exits: EodExit[] = [];
  const holds: OvernightHold[] = [];
  const byId = new Map(options.map((c) => [c.row.positionId, c]));
  for (const candidate of options) {
    const { row, mark, updates } = candidate;
    const decision = decideEod(
      {
        positionId: row.positionId,
        strategyType: row.strategyType,
        expiration: row.optionExpiry ?? today,
        qty: row.qty,
        multiplier: row.multiplier,
        mark: mark.price,
        pnlPct: updates.pnlPct ?? 0,
        theta: thetas.get(row.symbol) ?? null,
        earnings: earningsBeforeNextSession(earnings, row.underlying, today, nextDay),
      },
      { now, session, equity: equity ?? 0, ...(volatility === undefined ? {} : { volatility }) },
      rules,
    );
    logDecision(step, row, decision, equity);
    if (decision.close && decision.reason !== null) {
      exits.push({ candidate, decision: exiting(decision.reason, decision.detail, updates) });
    } else if (decision.overnight !== null && decision.overnight.failed.length === 0) {
      holds.push({ positionId: row.positionId, notionalUsd: decision.overnight.notionalUsd, pnlPct: updates.pnlPct ?? 0 });
    }
  }

  const last = rules.windowsMinutesBeforeClose.length - 1;
  if (window !== null && window >= last && holds.length > 0) {
    const capped = applyOvernightExposureCap(holds, rules.overnightExposureCapUsd);
    for (const id of capped.close) {
      const candidate = byId.get(id);
      if (candidate === undefined) continue;
      const detail = `eod_rule=overnight_exposure_limit cap_usd=${rules.overnightExposureCapUsd} held_usd=${holds.reduce((s, h) => s + h.notionalUsd, 0).toFixed(2)}`;
      log.info({ event: "eod_decision", symbol: candidate.row.symbol, position_id: id, rec_id: candidate.row.recId, close: true, rule: "overnight_exposure_limit" }, "overnight exposure cap: least profitable hold closed");
      exits.push({ candidate, decision: exiting("eod_flat", detail, candidate.updates) });
    }
  }
  return exits;
}

function exiting(reason: ExitingDecision["reason"], detail: string, updates: PositionMarkUpdates): ExitingDecision {
  const priority = EXIT_PRIORITY[reason];
  return { exit: true, reason, priority, detail, triggers: [{ reason, priority, detail }], updates };
}

function logDecision(step: StepContext, row: PositionRow, decision: EodDecision, equity: number | null): void {
  if (decision.rule === "before_windows") return;
  const line = {
    event: "eod_decision", symbol: row.symbol, position_id: row.positionId, rec_id: row.recId, close: decision.close, rule: decision.rule,
    window: decision.window, dte: decision.dte, failed: decision.overnight?.failed ?? null, theta_score: decision.overnight?.thetaScore ?? null,
    notional_usd: decision.overnight?.notionalUsd ?? null, volatility: decision.overnight?.volatility ?? null, equity,
  };
  if (decision.close) step.log.info(line, "end-of-day rule closes the position");
  else step.log.debug(line, "end-of-day rule holds the position");
}

/**
 * Earnings dates of these underlyings up to the next session. A failed read is logged and treated as
 * none: the other EOD rules still run, and the dates are ops-entered facts, not a market feed.
 */
async function earningsFor(step: StepContext, underlyings: readonly string[], today: string, nextDay: string): Promise<EarningsEvent[]> {
  try {
    return await selectEarningsEvents(step.db, underlyings, today, nextDay);
  } catch (error) {
    step.log.warn({ event: "eod.earnings_unavailable", error: errorMessage(error) }, "earnings dates unavailable: no earnings closes this cycle");
    return [];
  }
}

/**
 * The configured source's regime: undefined without a source (no effect), null when configured but
 * without a usable reading (the rules' stand-in regime applies, seed: stale → elevated).
 */
async function volatilityRegime(step: StepContext): Promise<VolatilityRegime | null | undefined> {
  const { source, settings } = step.volatility;
  if (source.kind === "none") return undefined;
  try {
    const bars = await selectNewestCloses(step.db, source.symbol, step.now, volatilityBarsNeeded(source, settings));
    const reading = volatilityReadingFromBars(source, bars, step.now, settings);
    if (reading === null) {
      step.log.warn({ event: "eod.volatility_no_reading", source: `${source.kind}:${source.symbol}` }, "volatility source has no usable reading: counted as the configured stand-in regime");
    }
    return reading?.regime ?? null;
  } catch (error) {
    step.log.warn({ event: "eod.volatility_unavailable", error: errorMessage(error) }, "volatility source unreadable: counted as the configured stand-in regime");
    return null;
  }
}

/** The broker's equity; null when it cannot be read (the notional criterion then fails: flat is the safe side). */
async function accountEquity(step: StepContext): Promise<number | null> {
  try {
    const account = await step.broker.getAccount();
    return Number.isFinite(account.equity) && account.equity > 0 ? account.equity : null;
  } catch (error) {
    step.log.warn({ event: "eod.equity_unavailable", error: errorMessage(error) }, "account equity unavailable: overnight notional criterion fails this cycle");
    return null;
  }
}

/** Per-contract theta from each underlying's chain snapshot; a failed or missing snapshot leaves theta unknown. */
async function thetasFor(step: StepContext, candidates: readonly EodCandidate[]): Promise<Map<string, number>> {
  const wanted = new Set(candidates.map((c) => c.row.symbol));
  const underlyings = [...new Set(candidates.map((c) => c.row.underlying))];
  const thetas = new Map<string, number>();
  const results = await Promise.all(
    underlyings.map(async (underlying): Promise<OptionSnapshot[]> => {
      try {
        return await step.broker.getOptionSnapshots(underlying);
      } catch (error) {
        step.log.warn({ event: "eod.greeks_unavailable", underlying, error: errorMessage(error) }, "option greeks unavailable: theta unknown this cycle");
        return [];
      }
    }),
  );
  for (const snapshot of results.flat()) {
    const theta = snapshot.greeks?.theta;
    if (wanted.has(snapshot.symbol) && theta !== undefined && Number.isFinite(theta)) thetas.set(snapshot.symbol, theta);
  }
  return thetas;
}
